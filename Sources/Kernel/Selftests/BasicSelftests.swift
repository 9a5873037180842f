import Allocators

import CPU

enum BasicSelftests {
    /// Everything up to here already ran; check the numbers make sense.
    static func boot() -> Bool {
        let frames = PhysicalMemory.statistics
        guard let heap = KernelHeap.statistics else { return false }
        let w = KernelLog.begin(.info)
        w.write("boot: "); w.decimal(frames.freeFrames); w.write(" free frames, heap capacity ")
        w.size(UInt64(heap.capacity)); w.write(", "); w.decimal(Symbolizer.symbolCount); w.write(" symbols")
        w.newline()
        return frames.freeFrames > 0 && frames.usedFrames > 0 && heap.capacity > 0 && KernelHeap.verify()
            && Symbolizer.symbolCount > 0
    }

    /// Ticks arrive at the programmed rate (checked against the TSC only
    /// loosely: TCG's clocks are not exact).
    static func timer() -> Bool {
        let startTicks = Timer.ticks
        let startTSC = cpu_rdtsc()
        Timer.wait(ticks: 100)
        let elapsedTicks = Timer.ticks - startTicks
        let cycles = cpu_rdtsc() - startTSC
        let w = KernelLog.begin(.info)
        w.write("timer: "); w.decimal(elapsedTicks); w.write(" ticks ("); w.decimal(elapsedTicks * 1000 / Timer.frequency)
        w.write(" ms), "); w.decimal(cycles); w.write(" TSC cycles, uptime "); w.decimal(Timer.uptimeMilliseconds)
        w.write(" ms"); w.newline()
        return elapsedTicks >= 100 && cycles > 0
    }
}
