import KeelRuntime

/// shm-demo's child: handle 1 is the shared region, handle 2 the notification.
/// Reads the greeting from page 0, writes "seen: …" to page 1, signals.
@main struct SharedMemoryChild {
    static func main() {
        do throws(SyscallError) {
            let memory = try MemoryRegion(Handle(raw: 1)).map(writable: true)
            let length = Int(memory.load(as: UInt64.self))
            let greeting = Array(UnsafeRawBufferPointer(start: memory + 8, count: min(length, 200)))
            let answer = Array("seen: ".utf8) + greeting
            (memory + 4096).storeBytes(of: UInt64(answer.count), as: UInt64.self)
            answer.withUnsafeBytes { (memory + 4104).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            print("shm-child: mapped at 0x\(String(UInt(bitPattern: memory), radix: 16)), read '\(String(decoding: greeting, as: UTF8.self))'")
            try Notification(Handle(raw: 2)).signal(1)
        } catch {
            print("shm-child: failed: error \(error.rawValue)")
            Task.exit(1)
        }
    }
}
