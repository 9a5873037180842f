/// Frame-pointer backtraces (every Swift and C function keeps rbp chains:
/// toolchain-facts.md). The walk checks each frame record against the live
/// page tables before reading it, and stops at the end of the chain (rbp 0,
/// set by boot.S), at an unmapped or misaligned frame, at a frame that does
/// not move up the stack, or after `maximumDepth` frames. Runs of the same
/// return address (deep recursion) are printed once with a count, so a stack
/// overflow's backtrace still reaches the frames that started the recursion.
enum Backtrace {
    static let maximumDepth = 4096
    static let repeatsShown = 3

    /// Prints `  #N 0x… Symbol + 0xOFF` lines (the contract format): #0 is `rip`.
    /// Not inlined: reports and gdb sessions name it as the frame that printed them.
    @inline(never)
    static func write(rip: UInt64, rbp: UInt64, to w: TextWriter) {
        write(rip: rip, rbp: rbp, to: w, readFrame: { frame in
            guard KernelAddressSpace.isReadable(frame, length: 16) else { return nil }
            let record = UnsafePointer<UInt64>(bitPattern: UInt(frame))!
            return (record[0], record[1])
        }, symbol: { address, lookup, w in Symbolizer.writeSymbol(address, lookupAt: lookup, to: w) })
    }

    /// The walk over any memory and symbol table (a user task's backtrace
    /// reads through its page tables and symbolizes with its own ELF):
    /// `readFrame` returns the frame record (saved rbp, return address) or
    /// nil when it is not readable; `symbol(address, lookupAddress, w)` writes a name.
    static func write(rip: UInt64, rbp: UInt64, to w: TextWriter,
                      readFrame: (UInt64) -> (next: UInt64, returnAddress: UInt64)?,
                      symbol: (UInt64, UInt64, TextWriter) -> Void) {
        line(0, rip, isReturnAddress: false, w, symbol)
        var frame = rbp
        var depth = 1
        var previous: UInt64 = 0
        var repeats = 0
        defer { flushRepeats(repeats, depth, w) }
        while frame != 0 {
            guard frame & 7 == 0, let record = readFrame(frame) else {
                flushRepeats(repeats, depth, w); repeats = 0
                w.write("  (frame pointer "); w.hex(frame); w.write(" is not readable; stopping)"); w.newline()
                return
            }
            let returnAddress = record.returnAddress
            let next = record.next
            if returnAddress == 0 { return }
            if depth == maximumDepth {
                flushRepeats(repeats, depth, w); repeats = 0
                w.write("  … (stopping after "); w.decimal(maximumDepth); w.write(" frames)"); w.newline()
                return
            }
            if returnAddress == previous { repeats += 1 } else { flushRepeats(repeats, depth, w); repeats = 0 }
            if repeats < repeatsShown { line(depth, returnAddress, isReturnAddress: true, w, symbol) }
            previous = returnAddress
            depth += 1
            if next != 0 && next <= frame { return }     // chains only go up the stack
            frame = next
        }
    }

    private static func flushRepeats(_ repeats: Int, _ depth: Int, _ w: TextWriter) {
        guard repeats >= repeatsShown else { return }
        w.write("  … #"); w.decimal(depth - repeats + repeatsShown - 1); w.write("-#"); w.decimal(depth - 1)
        w.write(": the same frame "); w.decimal(repeats - repeatsShown + 1); w.write(" more times"); w.newline()
    }

    private static func line(_ n: Int, _ address: UInt64, isReturnAddress: Bool, _ w: TextWriter,
                             _ symbol: (UInt64, UInt64, TextWriter) -> Void) {
        w.write("  #"); w.decimal(n); w.write(" "); w.hex(address); w.write(" ")
        // A return address points after the call; look up the call itself so a
        // call that ends a function is not attributed to the next one.
        symbol(address, isReturnAddress ? address &- 1 : address, w)
        w.newline()
    }
}
