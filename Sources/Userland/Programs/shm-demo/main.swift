import KeelRuntime

/// Shared memory between two tasks: creates a region, writes a greeting into
/// it, gives shm-child the region and a notification; the child maps the same
/// frames, answers in the second page and signals; this task reads the answer.
@main struct SharedMemoryDemo {
    static func main() {
        do throws(SyscallError) {
            let region = try MemoryRegion.create(size: 8192)
            let memory = try region.map(writable: true)
            let greeting = Array("hello through shared memory".utf8)
            memory.storeBytes(of: UInt64(greeting.count), as: UInt64.self)
            greeting.withUnsafeBytes { (memory + 8).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }

            let done = try Notification.create()
            let child = try Task.spawn("shm-child", handles: [.console, region.handle, done.handle])
            let bits = try done.wait()
            let length = Int((memory + 4096).load(as: UInt64.self))
            let answer = String(decoding: UnsafeRawBufferPointer(start: memory + 4104, count: min(length, 200)), as: UTF8.self)
            print("shm-demo: mapped at 0x\(String(UInt(bitPattern: memory), radix: 16)), child answered '\(answer)' (bits \(bits))")
            let status = try child.wait()
            print("shm-demo: shm-child exited \(status)")
            if status != 0 || answer != "seen: hello through shared memory" { Task.exit(1) }
        } catch {
            print("shm-demo: failed: error \(error.rawValue)")
            Task.exit(1)
        }
    }
}
