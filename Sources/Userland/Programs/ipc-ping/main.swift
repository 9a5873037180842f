import KeelRuntime

/// Round trips over a synchronous channel to ipc-pong: `ipc-ping [N]`
/// (default 10000). Checks every echo, transfers a notification handle to
/// pong and waits for its signal, and reports TSC cycles per round trip.
@main struct Ping {
    static func main() {
        let count = Int(Task.arguments()) ?? 10_000
        do throws(SyscallError) {
            let (mine, theirs) = try Channel.create()
            let pong = try Task.spawn("ipc-pong", handles: [.console, theirs.handle])
            try theirs.handle.close()

            // Handle transfer: pong gets a notification (write right only) and signals it.
            let done = try Notification.create()
            let forPong = try done.handle.duplicate(rights: [.write, .grant])
            var buffer = [UInt8](repeating: 0, count: 256)
            try mine.send(bytes: [], handles: [forPong])
            _ = try mine.receive(into: &buffer)
            let bits = try done.wait()
            guard bits == 0x40 else { print("ipc-ping: notification bits \(bits), expected 0x40"); Task.exit(1) }
            print("ipc-ping: handle transfer ok (notification signalled by ipc-pong)")

            var cycles: [UInt64] = []
            cycles.reserveCapacity(count)
            for i in 0..<count {
                let message = Array("ping \(i)".utf8)
                let start = readTimestampCounter()
                try mine.send(bytes: message)
                let reply = try mine.receive(into: &buffer)
                cycles.append(readTimestampCounter() &- start)
                guard reply.count == message.count, Array(buffer[0..<reply.count]) == message else {
                    print("ipc-ping: round trip \(i): wrong echo"); Task.exit(1)
                }
            }
            try mine.send("quit")
            let status = try pong.wait()
            cycles.sort()
            let median = cycles.isEmpty ? 0 : cycles[cycles.count / 2]
            print("ipc-ping: \(count) round trips ok, median \(median) TSC cycles per round trip; ipc-pong exited \(status)")
        } catch {
            print("ipc-ping: failed: error \(error.rawValue)")
            Task.exit(1)
        }
    }
}
