import Allocators
import CPU
import GDBStub

/// gdb's `monitor CMD` (qRcmd): kernel views a debugger can't get from
/// memory alone. Output is composed in a .bss scratch buffer (no heap: the
/// kernel may be stopped before the heap exists, or because it broke) and
/// sent as `O` packets.
enum DebuggerMonitor {
    static func run<Output: MonitorOutput>(_ command: UnsafeBufferPointer<UInt8>, _ output: inout Output) {
        let scratch = UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(bitPattern: UInt(storage_gdb_monitor_scratch())),
                                                    count: Int(GDB_MONITOR_SCRATCH_SIZE))
        let w = BufferWriter.begin(scratch)
        let words = split(command)
        switch words.name {
        case "log":
            KernelLog.ring.forEachByte { w.write(byte: $0) }
        case "memmap":
            if let info = Debugger.bootInfo { BootReport.memoryMap(info, w) } else { w.write("no boot information yet\n") }
        case "frames":
            let s = PhysicalMemory.statistics
            w.write("frames: "); w.decimal(s.totalFrames); w.write(" total, "); w.decimal(s.freeFrames)
            w.write(" free, "); w.decimal(s.usedFrames); w.write(" used\n")
            if let heap = KernelHeap.statistics {
                w.write("heap: capacity "); w.decimal(heap.capacity); w.write(" bytes, in use ")
                w.decimal(heap.bytesInUse); w.write(" bytes in "); w.decimal(heap.liveAllocations); w.write(" blocks\n")
            }
        case "ksyms":
            if let address = words.argument.flatMap(parseHex) {
                w.hex(address); w.write(" "); Symbolizer.writeSymbol(address, to: w); w.newline()
            } else {
                w.write("usage: monitor ksyms ADDR (hex)\n")
            }
        case "tasks":
            if Scheduler.isRunning { SystemReport.tasks(w) } else { w.write("no tasks yet: the scheduler starts after the heap\n") }
        case "help", "":
            w.write("Keel kernel monitor commands:\n")
            w.write("  monitor log          the kernel log ring\n")
            w.write("  monitor memmap       the boot memory map\n")
            w.write("  monitor frames       frame allocator and heap statistics\n")
            w.write("  monitor ksyms ADDR   the kernel symbol at ADDR\n")
            w.write("  monitor tasks        the task table (as the shell's ps)\n")
        default:
            w.write("unknown monitor command; try 'monitor help'\n")
        }
        output.write(UnsafeRawBufferPointer(rebasing: scratch[0..<BufferWriter.length]))
    }

    /// The first word of the command and the rest, trimmed, as byte slices.
    private static func split(_ command: UnsafeBufferPointer<UInt8>) -> (name: Word, argument: Word?) {
        var i = 0
        while i < command.count && command[i] == 0x20 { i += 1 }
        let start = i
        while i < command.count && command[i] != 0x20 { i += 1 }
        let name = Word(bytes: UnsafeBufferPointer(rebasing: command[start..<i]))
        while i < command.count && command[i] == 0x20 { i += 1 }
        return (name, i < command.count ? Word(bytes: UnsafeBufferPointer(rebasing: command[i...])) : nil)
    }

    struct Word: ExpressibleByStringLiteral, Equatable {
        let bytes: UnsafeBufferPointer<UInt8>
        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }
        init(stringLiteral value: StaticString) {
            bytes = UnsafeBufferPointer(start: value.utf8Start, count: value.utf8CodeUnitCount)
        }
        static func == (a: Word, b: Word) -> Bool { a.bytes.elementsEqual(b.bytes) }
        static func ~= (pattern: Word, value: Word) -> Bool { pattern == value }
    }

    private static func parseHex(_ word: Word) -> UInt64? {
        var digits = word.bytes[...]
        if digits.count > 2 && digits[digits.startIndex] == 0x30 && (digits[digits.startIndex + 1] | 0x20) == 0x78 {
            digits = digits.dropFirst(2)
        }
        guard !digits.isEmpty, digits.count <= 16 else { return nil }
        var value: UInt64 = 0
        for c in digits {
            let lower = c | 0x20
            let digit: UInt8
            if c >= 0x30 && c <= 0x39 { digit = c - 0x30 } else if lower >= 0x61 && lower <= 0x66 { digit = lower - 0x61 + 10 } else { return nil }
            value = value << 4 | UInt64(digit)
        }
        return value
    }
}
