import Allocators

/// What the kernel prints about itself at boot and in the monitor's `mem`.
enum BootReport {
    static func memoryMap(_ info: StartInfo, _ w: TextWriter) {
        w.write("Memory map (PVH start info, "); w.decimal(info.memoryMapCount); w.write(" entries):"); w.newline()
        w.write("  start              end                size        type"); w.newline()
        info.forEachMemoryRegion { region in
            w.write("  "); w.hex(region.start); w.write(" "); w.hex(region.end); w.write(" ")
            w.spaces(10 - TextWriter.sizeWidth(region.size)); w.size(region.size); w.write("  "); w.write(region.typeName); w.newline()
        }
    }

    static func summary(_ info: StartInfo, _ w: TextWriter) {
        let frames = PhysicalMemory.statistics
        w.write("Frames: "); w.decimal(frames.totalFrames); w.write(" total, ")
        w.decimal(frames.freeFrames); w.write(" free, "); w.decimal(frames.usedFrames); w.write(" used (")
        w.size(UInt64(frames.freeFrames) * 4096); w.write(" free)"); w.newline()
        if let heap = KernelHeap.statistics {
            w.write("Heap: "); w.hex(KernelHeap.base); w.write(", capacity "); w.size(UInt64(heap.capacity))
            w.write(", in use "); w.size(UInt64(heap.bytesInUse)); w.write(" in ")
            w.decimal(heap.liveAllocations); w.write(" allocations, peak "); w.size(UInt64(heap.peakBytesInUse))
            w.write(", "); w.decimal(heap.totalAllocations); w.write(" allocations and ")
            w.decimal(heap.totalFrees); w.write(" frees so far"); w.newline()
        }
        w.write("Symbols: "); w.decimal(Symbolizer.symbolCount); w.write(" in the embedded table")
        if Symbolizer.loadError { w.write(" (table is corrupt; backtraces show raw addresses)") }
        w.newline()
        w.write("Command line: \""); w.write(bytes: info.commandLine); w.write("\", ")
        w.decimal(info.moduleCount); w.write(" boot module(s)"); w.newline()
        for i in 0..<info.moduleCount {
            let module = info.module(i)
            w.write("  module "); w.decimal(i); w.write(": "); w.hex(module.start); w.write("-")
            w.hex(module.start + module.size); w.write(" ("); w.decimal(module.size); w.write(" bytes)"); w.newline()
        }
    }
}
