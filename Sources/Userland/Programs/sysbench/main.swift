import KeelRuntime

/// Measures, in TSC cycles (median of many): the null system call (an unknown
/// number: entry, dispatch and sysret, nothing else), a yield that switches to
/// another task and back (two context switches), and an IPC round trip (a
/// message to ipc-pong and its echo). `sysbench [N]`, default 20000 each.
/// `sysbench yielder` is the partner task for the yield test.
@main struct SystemBenchmark {
    static func main() {
        let words = Task.arguments().split(separator: " ")
        if words.first == "yielder" {
            while true { Task.yield() }
        }
        let count = words.first.flatMap { Int($0) } ?? 20_000
        do throws(SyscallError) {
            print("sysbench: null syscall \(median(count) { _ = Syscall.raw(0xFFFF) }) cycles")

            let yielder = try Task.spawn("sysbench", arguments: "yielder", handles: [])
            Task.yield()
            print("sysbench: yield round trip (2 context switches) \(median(count) { Task.yield() }) cycles")
            try yielder.kill()
            _ = try yielder.wait()

            let (mine, theirs) = try Channel.create()
            let pong = try Task.spawn("ipc-pong", handles: [.console, theirs.handle])
            try theirs.handle.close()
            var buffer = [UInt8](repeating: 0, count: 256)
            let message = Array("ping".utf8)
            let ipc = median(count) {
                _ = try? mine.send(bytes: message)
                _ = try? mine.receive(into: &buffer)
            }
            print("sysbench: IPC round trip \(ipc) cycles")
            try mine.send("quit")
            _ = try pong.wait()
        } catch {
            print("sysbench: failed: error \(error.rawValue)")
            Task.exit(1)
        }
    }

    static func median(_ count: Int, _ body: () -> Void) -> UInt64 {
        var samples: [UInt64] = []
        samples.reserveCapacity(count)
        for _ in 0..<count {
            let start = readTimestampCounter()
            body()
            samples.append(readTimestampCounter() &- start)
        }
        samples.sort()
        return samples[samples.count / 2]
    }
}
