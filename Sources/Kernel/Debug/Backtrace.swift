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
    static func write(rip: UInt64, rbp: UInt64, to w: TextWriter) {
        line(0, rip, isReturnAddress: false, w)
        var frame = rbp
        var depth = 1
        var previous: UInt64 = 0
        var repeats = 0
        defer { flushRepeats(repeats, depth, w) }
        while frame != 0 {
            guard frame & 7 == 0, KernelAddressSpace.isReadable(frame, length: 16) else {
                flushRepeats(repeats, depth, w); repeats = 0
                w.write("  (frame pointer "); w.hex(frame); w.write(" is not readable; stopping)"); w.newline()
                return
            }
            let record = UnsafePointer<UInt64>(bitPattern: UInt(frame))!
            let returnAddress = record[1]
            let next = record[0]
            if returnAddress == 0 { return }
            if depth == maximumDepth {
                flushRepeats(repeats, depth, w); repeats = 0
                w.write("  … (stopping after "); w.decimal(maximumDepth); w.write(" frames)"); w.newline()
                return
            }
            if returnAddress == previous { repeats += 1 } else { flushRepeats(repeats, depth, w); repeats = 0 }
            if repeats < repeatsShown { line(depth, returnAddress, isReturnAddress: true, w) }
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

    private static func line(_ n: Int, _ address: UInt64, isReturnAddress: Bool, _ w: TextWriter) {
        w.write("  #"); w.decimal(n); w.write(" "); w.hex(address); w.write(" ")
        // A return address points after the call; look up the call itself so a
        // call that ends a function is not attributed to the next one.
        Symbolizer.writeSymbol(address, lookupAt: isReturnAddress ? address &- 1 : address, to: w)
        w.newline()
    }
}
