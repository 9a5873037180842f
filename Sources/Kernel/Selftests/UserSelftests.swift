import Allocators
import KeelABI

/// User-space scenarios: each starts programs from the kernel task (with the
/// console and system handles), waits for them and checks what they ended
/// with; the programs' own output goes to the console for the tests to read.
enum UserSelftests {
    /// Starts `name`, waits, logs and returns its exit status (nil if it could not start).
    @discardableResult
    static func run(_ name: StaticString, _ arguments: String = "", priority: Int = SyscallLimits.defaultPriority) -> Int64? {
        guard let task = InitTask.spawn(name, arguments: arguments, priority: priority) else { return nil }
        let status = Scheduler.waitForExit(task)
        let w = KernelLog.begin(.info)
        w.write("user: "); w.write(name); w.write(" (task "); w.decimal(task.id); w.write(") ended with status ")
        w.shortHex(UInt64(bitPattern: status)); w.newline()
        return status
    }

    static func hello() -> Bool {
        run("hello", "from the selftest") == 0
    }

    /// Every kind of fault ends its task with the right status; the kernel
    /// (and a program started afterwards) carries on.
    static func faults() -> Bool {
        let expectations: [(String, Int64)] = [
            ("null", TaskStatus.killedByFault | 14), ("write", TaskStatus.killedByFault | 14),
            ("gpf", TaskStatus.killedByFault | 13), ("ud", TaskStatus.killedByFault | 6),
            ("kernel", TaskStatus.killedByFault | 14), ("stack", TaskStatus.killedByFault | 14),
            ("trap", TaskStatus.killedByFault | 6), ("badptr", TaskStatus.killedBadArgument),
        ]
        var passed = true
        for (kind, expected) in expectations where run("fault", kind) != expected {
            KernelLog.log(.error, "user: fault \(kind) did not end as expected")
            passed = false
        }
        return passed && run("hello", "after the faults") == 0
    }

    static func ipc() -> Bool { run("ipc-ping") == 0 }
    static func sharedMemory() -> Bool { run("shm-demo") == 0 }
    static func capabilities() -> Bool { run("captest") == 0 }
    static func fuzz() -> Bool { run("syscall-fuzz", "100000") == 0 }

    /// 1,000 spawn/exit cycles of `true`: free frames and kernel heap use
    /// come back to where they were.
    static func spawnLoop() -> Bool {
        let cycles = 1000
        _ = run("true")                        // first-use allocations (task stack slots, arrays) out of the way
        let framesBefore = PhysicalMemory.statistics.freeFrames
        let heapBefore = KernelHeap.statistics!.bytesInUse
        var failures = 0
        for _ in 0..<cycles {
            guard let task = InitTask.spawn("true") else { failures += 1; continue }
            if Scheduler.waitForExit(task) != 0 { failures += 1 }
        }
        let framesAfter = PhysicalMemory.statistics.freeFrames
        let heapAfter = KernelHeap.statistics!.bytesInUse
        let w = KernelLog.begin(.info)
        w.write("spawnloop: "); w.decimal(cycles); w.write(" spawn/exit cycles, "); w.decimal(failures)
        w.write(" failures; free frames "); w.decimal(framesBefore); w.write(" -> "); w.decimal(framesAfter)
        w.write("; kernel heap in use "); w.decimal(heapBefore); w.write(" -> "); w.decimal(heapAfter); w.write(" bytes")
        w.newline()
        return failures == 0 && framesAfter == framesBefore && heapAfter == heapBefore
    }

    /// Preemption, priorities and kill: two endless `spin`s at priority 1
    /// share the CPU (round robin), a third at priority 0 gets none while they
    /// run, the kernel task (priority 2) still gets the CPU back on time, and
    /// `kill` ends all three (the starved one too).
    static func preemption() -> Bool {
        guard let a = InitTask.spawn("spin"), let b = InitTask.spawn("spin"),
              let low = InitTask.spawn("spin", priority: 0) else { return false }
        let start = Timer.ticks
        let interrupts = InterruptState.disable()
        Scheduler.sleep(milliseconds: 200)
        interrupts.restore()
        let slept = Timer.ticks - start
        let w = KernelLog.begin(.info)
        w.write("preempt: kernel task slept "); w.decimal(slept); w.write(" ms; spin ")
        w.decimal(a.cpuTicks); w.write(" ms, spin "); w.decimal(b.cpuTicks); w.write(" ms (priority 1), spin ")
        w.decimal(low.cpuTicks); w.write(" ms (priority 0)"); w.newline()
        let shared = a.cpuTicks >= 50 && b.cpuTicks >= 50 && low.cpuTicks == 0 && slept < 250
        for task in [a, b, low] {
            let guarded = InterruptState.disable()
            Scheduler.kill(task, status: TaskStatus.killed)
            guarded.restore()
        }
        let statuses = [a, b, low].map { Scheduler.waitForExit($0) }
        return shared && statuses.allSatisfy { $0 == TaskStatus.killed }
    }
}
