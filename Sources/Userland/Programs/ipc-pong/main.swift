import KeelRuntime

/// The other end of ipc-ping: handle 1 is a channel end. Echoes every message
/// back; a message carrying a handle is a notification to signal (handle
/// transfer test); "quit" ends it.
@main struct Pong {
    static func main() {
        let channel = Channel(Handle(raw: 1))
        var buffer = [UInt8](repeating: 0, count: 256)
        var served = 0
        do throws(SyscallError) {
            while true {
                let message = try channel.receive(into: &buffer)
                let bytes = Array(buffer[0..<message.count])
                if bytes == Array("quit".utf8) { break }
                for handle in message.handles { try Notification(handle).signal(0x40) }
                try channel.send(bytes: bytes)
                served += 1
            }
        } catch {
            print("ipc-pong: failed: error \(error.rawValue)")
            Task.exit(1)
        }
        print("ipc-pong: served \(served) messages")
    }
}
