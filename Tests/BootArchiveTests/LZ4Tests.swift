import BootArchive
import CLZ4
import Testing
import TestSupport

/// Our decoder against liblz4's encoder (the one `elfkit pack --compress` uses).
@Suite struct LZ4Tests {
    @Test(arguments: [0, 1, 5, 12, 13, 100, 4096, 65_536, 300_000])
    func decodesLiblz4OutputForCompressibleData(size: Int) throws {
        let data = compressibleBytes(count: size, seed: UInt64(size))
        for block in [liblz4Compress(data), liblz4CompressFast(data), liblz4Compress(data, level: 12)] {
            #expect(try decode(block, size: size) == data)
        }
    }

    @Test func decodesRandomAndRunData() throws {
        // Incompressible bytes (one long literal run), one repeated byte
        // (overlapping matches with offset 1), and a repeated 3-byte pattern.
        let random = randomBytes(count: 70_000, seed: 11)
        let run = [UInt8](repeating: 0xAB, count: 100_000)
        let pattern = (0 ..< 50_000).map { UInt8($0 % 3) }
        for data in [random, run, pattern] {
            #expect(try decode(liblz4Compress(data), size: data.count) == data)
            #expect(try decode(liblz4CompressFast(data), size: data.count) == data)
        }
    }

    @Test func decodesHandWrittenVectors() throws {
        // "abc" as one literal-only sequence: token 0x30, 3 literals.
        #expect(try decode([0x30, 0x61, 0x62, 0x63], size: 3) == Array("abc".utf8))
        // "a" then a match of 8 at offset 1 (token 0x14: 1 literal, match 4+4),
        // then a final literal-only sequence of 5 'b's.
        let block: [UInt8] = [0x14, 0x61, 0x01, 0x00, 0x50, 0x62, 0x62, 0x62, 0x62, 0x62]
        #expect(try decode(block, size: 14) == Array("aaaaaaaaabbbbb".utf8))
        // A literal length of 15 + 255 + 10 = 280 (two extension bytes).
        let literals = [UInt8](repeating: 0x7A, count: 280)
        #expect(try decode([0xF0, 0xFF, 0x0A] + literals, size: 280) == literals)
        // The empty block liblz4 makes for empty input.
        #expect(try decode([0x00], size: 0) == [])
    }

    @Test func liblz4AgreesWithItself() {
        // Sanity of the reference: LZ4_decompress_safe round-trips what we feed our decoder.
        let data = compressibleBytes(count: 10_000, seed: 5)
        let block = liblz4Compress(data)
        var out = [UInt8](repeating: 0, count: data.count)
        let n = block.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                LZ4_decompress_safe(src.baseAddress!.assumingMemoryBound(to: CChar.self),
                                    dst.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(block.count), Int32(dst.count))
            }
        }
        #expect(Int(n) == data.count && out == data)
    }

    @Test func malformedBlocksAreErrors() {
        #expect(throws: LZ4Error.truncated(offset: 0)) { try decode([], size: 10) }
        // Literal run longer than the input.
        #expect(throws: LZ4Error.truncated(offset: 1)) { try decode([0x50, 1, 2], size: 10) }
        // Match offset 0, and an offset reaching before the output start.
        #expect(throws: LZ4Error.badMatchOffset(offset: 2)) { try decode([0x10, 0x61, 0x00, 0x00, 0x00], size: 10) }
        #expect(throws: LZ4Error.badMatchOffset(offset: 2)) { try decode([0x10, 0x61, 0x02, 0x00, 0x00], size: 10) }
        // A match longer than the output can hold.
        #expect(throws: LZ4Error.outputOverflow(offset: 0)) { try decode([0x1F, 0x61, 0x01, 0x00, 0x10], size: 10) }
        // Literals longer than the output.
        #expect(throws: LZ4Error.outputOverflow(offset: 0)) { try decode([0x40, 1, 2, 3, 4], size: 3) }
        // Endless 255 length bytes stop as soon as the length exceeds the output.
        #expect(throws: LZ4Error.outputOverflow(offset: 2)) {
            try decode([0xF0] + [UInt8](repeating: 0xFF, count: 10_000), size: 100)
        }
        // Missing match offset after literals that do not end the block.
        #expect(throws: LZ4Error.truncated(offset: 2)) { try decode([0x10, 0x61, 0x01], size: 10) }
    }

    /// Mutated and truncated liblz4 blocks: an error or some output, never a
    /// write outside the output buffer (checked with guard bytes on both sides).
    @Test func fuzzedBlocksNeverWriteOutsideTheOutput() {
        var rng = SplitMix64(state: 0x5EED_0001)
        let data = compressibleBytes(count: 4000, seed: 9)
        let good = liblz4Compress(data)
        let guardSize = 64
        for round in 0 ..< 20_000 {
            var block = good
            switch round % 4 {
            case 0: block = Array(block.prefix(rng.below(block.count + 1)))
            case 1:
                for _ in 0 ..< 1 + rng.below(4) { block[rng.below(block.count)] = UInt8(truncatingIfNeeded: rng.next()) }
            case 2: block = randomBytes(count: rng.below(200), seed: rng.next())
            default:
                block[rng.below(block.count)] ^= 1 << UInt8(rng.below(8))
            }
            let outSize = [0, 1, 100, data.count, data.count - 1][rng.below(5)]
            var buffer = [UInt8](repeating: 0xEE, count: outSize + 2 * guardSize)
            let produced: Int? = block.withUnsafeBytes { input in
                buffer.withUnsafeMutableBytes { all in
                    let out = UnsafeMutableRawBufferPointer(rebasing: all[guardSize ..< guardSize + outSize])
                    do throws(LZ4Error) { return try LZ4Block.decompress(input, into: out) } catch { return nil }
                }
            }
            if let produced { #expect(produced >= 0 && produced <= outSize) }
            #expect(buffer[0 ..< guardSize].allSatisfy { $0 == 0xEE }, "round \(round) wrote before the output")
            #expect(buffer[(guardSize + outSize)...].allSatisfy { $0 == 0xEE }, "round \(round) wrote past the output")
        }
    }
}
