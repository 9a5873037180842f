// Decompressor for one LZ4 block (the raw block format of
// https://github.com/lz4/lz4/blob/dev/doc/lz4_Block_format.md, as
// produced by LZ4_compress_default / LZ4_compress_HC; no frame header).
//
// A block is a run of sequences: a token byte (high nibble: literal length,
// low nibble: match length - 4, each extended by bytes of 255 while the
// nibble is 15), the literals, then a 2-byte little-endian match offset.
// The last sequence has literals only. Every length and offset is checked
// against the input and the output before a byte moves: a hostile block
// yields an LZ4Error and never reads or writes outside the two buffers.

public enum LZ4Block {
    static let minimumMatch = 4

    /// Decompresses `input` into `output`, returning the number of bytes
    /// written (at most `output.count`).
    public static func decompress(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) throws(LZ4Error) -> Int {
        let inCount = input.count
        let outCount = output.count
        var ip = 0
        var op = 0
        while true {
            guard ip < inCount else { throw .truncated(offset: ip) }
            let sequenceStart = ip
            let token = input[ip]
            ip += 1

            // Literals.
            var literalLength = Int(token >> 4)
            if literalLength == 15 {
                literalLength = try extendedLength(literalLength, input, &ip, limit: outCount - op)
            }
            guard literalLength <= inCount - ip else { throw .truncated(offset: ip) }
            guard literalLength <= outCount - op else { throw .outputOverflow(offset: sequenceStart) }
            if literalLength > 0 {
                let to = output.baseAddress!.advanced(by: op)
                let from = input.baseAddress!.advanced(by: ip)
                if literalLength <= 16 && inCount - ip >= 16 && outCount - op >= 16 {
                    // The common short run: two 8-byte moves (the excess is
                    // inside both buffers and overwritten by what follows).
                    to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
                    to.storeBytes(of: from.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
                } else {
                    to.copyMemory(from: from, byteCount: literalLength)
                }
            }
            ip += literalLength
            op += literalLength

            // The last sequence stops after its literals.
            if ip == inCount { return op }

            // Match.
            guard inCount - ip >= 2 else { throw .truncated(offset: ip) }
            let matchOffset = Int(input[ip]) | Int(input[ip + 1]) << 8
            ip += 2
            guard matchOffset != 0, matchOffset <= op else { throw .badMatchOffset(offset: ip - 2) }
            var matchLength = Int(token & 0x0F)
            if matchLength == 15 {
                matchLength = try extendedLength(matchLength, input, &ip, limit: outCount - op)
            }
            matchLength += minimumMatch
            guard matchLength <= outCount - op else { throw .outputOverflow(offset: sequenceStart) }
            copyMatch(output, from: op - matchOffset, to: op, count: matchLength)
            op += matchLength
        }
    }

    /// Adds the 255-continued length bytes to `base`. Stops with an error as
    /// soon as the length exceeds `limit` (what the output can still hold,
    /// plus slack for the match minimum), so it cannot overflow an Int.
    @inline(__always)
    private static func extendedLength(
        _ base: Int, _ input: UnsafeRawBufferPointer, _ ip: inout Int, limit: Int
    ) throws(LZ4Error) -> Int {
        var length = base
        while true {
            guard ip < input.count else { throw .truncated(offset: ip) }
            let byte = input[ip]
            ip += 1
            length += Int(byte)
            guard length <= limit + 255 else { throw .outputOverflow(offset: ip - 1) }
            if byte != 255 { return length }
        }
    }

    /// Copies a match that may overlap its own output (offset < length
    /// repeats the last `offset` bytes), forwards: 8 bytes at a time when
    /// the offset is at least 8 and the output has 8 bytes of room past the
    /// match (the excess is overwritten later), else byte by byte where it overlaps.
    @inline(__always)
    private static func copyMatch(_ output: UnsafeMutableRawBufferPointer, from source: Int, to destination: Int, count: Int) {
        let base = output.baseAddress!
        if destination - source >= 8 && output.count - destination - count >= 8 {
            var i = 0
            while i < count {
                let word = base.loadUnaligned(fromByteOffset: source + i, as: UInt64.self)
                base.storeBytes(of: word, toByteOffset: destination + i, as: UInt64.self)
                i += 8
            }
            return
        }
        if destination - source >= count {
            base.advanced(by: destination).copyMemory(from: base.advanced(by: source), byteCount: count)
            return
        }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var i = 0
        while i < count {
            bytes[destination + i] = bytes[source + i]
            i += 1
        }
    }
}
