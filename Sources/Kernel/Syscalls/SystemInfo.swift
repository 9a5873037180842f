import Allocators
import KeelABI

/// system_info(system, kind, buffer, capacity): the kernel's view as text,
/// for the shell's ps, mem, uptime and ls.
extension SystemCalls {
    static func info(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        let entry = try lookup(a[0], .read)
        guard case .system = entry.object else { throw .error(.wrongObject) }
        guard let kind = SystemInfoKind(rawValue: a[1]) else { throw .error(.invalidArgument) }
        let text = SystemReport.text(kind)
        try check(UInt64(text.count) <= a[3], .bufferTooSmall)
        try copyOut(text, to: a[2])
        return UInt64(text.count)
    }
}

/// The text of each report (also used by the kernel's own selftests).
enum SystemReport {
    final class Collector { var bytes: [UInt8] = [] }

    static func text(_ kind: SystemInfoKind) -> [UInt8] {
        let collector = Collector()
        let w = TextWriter(sink: { collector.bytes.append($0) })
        switch kind {
        case .tasks: tasks(w)
        case .memory: memory(w)
        case .uptime: w.decimal(Timer.uptimeMilliseconds); w.newline()
        case .programs: programs(w)
        }
        return collector.bytes
    }

    /// `  ID STATE     WAIT     PRI   CPU ms  SYSCALLS  FRAMES NAME`
    static func tasks(_ w: TextWriter) {
        w.write("  ID STATE    WAIT     PRI   CPU ms  SYSCALLS  FRAMES  NAME"); w.newline()
        for task in Scheduler.tasks {
            w.decimal(task.id, width: 4); w.write(" ")
            w.write(task.state.name); w.spaces(9 - task.state.name.utf8CodeUnitCount)
            w.write(task.waitReason.name); w.spaces(9 - task.waitReason.name.utf8CodeUnitCount)
            w.decimal(task.priority, width: 3)
            w.decimal(task.cpuTicks * 1000 / Timer.frequency, width: 9)
            w.decimal(task.systemCalls, width: 10)
            w.decimal(task.addressSpace?.ownedFrames ?? 0, width: 8)
            w.write("  "); w.write(task.name); w.newline()
        }
    }

    static func memory(_ w: TextWriter) {
        let frames = PhysicalMemory.statistics
        w.write("frames: "); w.decimal(frames.totalFrames); w.write(" total, "); w.decimal(frames.freeFrames)
        w.write(" free, "); w.decimal(frames.usedFrames); w.write(" used ("); w.size(UInt64(frames.freeFrames) * 4096)
        w.write(" free)"); w.newline()
        if let heap = KernelHeap.statistics {
            w.write("kernel heap: "); w.size(UInt64(heap.bytesInUse)); w.write(" in use in "); w.decimal(heap.liveAllocations)
            w.write(" allocations, capacity "); w.size(UInt64(heap.capacity)); w.newline()
        }
        w.write("tasks: "); w.decimal(Scheduler.tasks.count); w.write(", context switches: ")
        w.decimal(Scheduler.contextSwitches); w.newline()
    }

    static func programs(_ w: TextWriter) {
        for i in 0..<ProgramImages.count {
            let image = ProgramImages.image(at: i)
            w.write(bytes: image.name); w.spaces(16 - image.name.count); w.decimal(image.bytes.count, width: 8)
            w.write(" bytes"); w.newline()
        }
    }
}
