import BootArchive
import CLZ4
import TestSupport

/// liblz4's high-compression block for `bytes` (the packer's codec), or nil if it does not shrink.
func liblz4Compress(_ bytes: [UInt8], level: Int32 = 9) -> [UInt8] {
    let bound = Int(LZ4_compressBound(Int32(bytes.count)))
    var out = [UInt8](repeating: 0, count: max(bound, 1))
    let n = bytes.withUnsafeBytes { src in
        out.withUnsafeMutableBytes { dst in
            LZ4_compress_HC(src.baseAddress?.assumingMemoryBound(to: CChar.self),
                            dst.baseAddress!.assumingMemoryBound(to: CChar.self),
                            Int32(bytes.count), Int32(dst.count), level)
        }
    }
    precondition(n > 0 || bytes.isEmpty, "LZ4_compress_HC failed")
    return Array(out.prefix(Int(n)))
}

/// liblz4's fast compressor (LZ4_compress_default).
func liblz4CompressFast(_ bytes: [UInt8]) -> [UInt8] {
    let bound = Int(LZ4_compressBound(Int32(bytes.count)))
    var out = [UInt8](repeating: 0, count: max(bound, 1))
    let n = bytes.withUnsafeBytes { src in
        out.withUnsafeMutableBytes { dst in
            LZ4_compress_default(src.baseAddress?.assumingMemoryBound(to: CChar.self),
                                 dst.baseAddress!.assumingMemoryBound(to: CChar.self),
                                 Int32(bytes.count), Int32(dst.count))
        }
    }
    precondition(n > 0 || bytes.isEmpty, "LZ4_compress_default failed")
    return Array(out.prefix(Int(n)))
}

/// Compressible text-like bytes: words from a small vocabulary.
func compressibleBytes(count: Int, seed: UInt64) -> [UInt8] {
    var rng = SplitMix64(state: seed)
    let words: [[UInt8]] = ["kernel ", "task ", "archive ", "entry ", "\n", "0x1000 ", "syscall ", "\0\0\0\0"].map { Array($0.utf8) }
    var out: [UInt8] = []
    out.reserveCapacity(count)
    while out.count < count { out.append(contentsOf: words[rng.below(words.count)]) }
    return Array(out.prefix(count))
}

func randomBytes(count: Int, seed: UInt64) -> [UInt8] {
    var rng = SplitMix64(state: seed)
    return (0 ..< count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
}

/// Our decoder's output for `block`, decompressing into exactly `size` bytes.
func decode(_ block: [UInt8], size: Int) throws(LZ4Error) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: size)
    var failure: LZ4Error? = nil
    var produced = 0
    block.withUnsafeBytes { input in
        out.withUnsafeMutableBytes { output in
            do throws(LZ4Error) { produced = try LZ4Block.decompress(input, into: output) } catch { failure = error }
        }
    }
    if let failure { throw failure }
    return Array(out.prefix(produced))
}

/// A three-entry archive: a compressed text file, an uncompressed random blob, an empty file.
func sampleArchive(alignment: Int = 4096) throws -> (bytes: [UInt8], contents: [String: [UInt8]]) {
    let text = compressibleBytes(count: 20_000, seed: 1)
    let blob = randomBytes(count: 5_000, seed: 2)
    var builder = try BootArchiveBuilder(alignment: alignment)
    try builder.add(name: "text", contents: text, compressed: liblz4Compress(text))
    try builder.add(name: "blob", contents: blob, mode: 0o755, executable: true, compressed: liblz4Compress(blob))
    try builder.add(name: "empty", contents: [])
    return (try builder.build(), ["text": text, "blob": blob, "empty": []])
}

/// Opens `bytes` as an archive and runs `body` on it.
func withArchive<R>(_ bytes: [UInt8], _ body: (BootArchive) throws -> R) throws -> R {
    try bytes.withUnsafeBytes { raw in try body(try BootArchive(bytes: raw)) }
}

/// The error opening `bytes` throws, or nil if it opens.
func openError(_ bytes: [UInt8]) -> BootArchiveError? {
    bytes.withUnsafeBytes { raw in
        do throws(BootArchiveError) { _ = try BootArchive(bytes: raw); return nil } catch { return error }
    }
}

func le32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
    (0 ..< 4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
}

func le64(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
    (0 ..< 8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
}

func store32(_ bytes: inout [UInt8], _ offset: Int, _ v: UInt32) {
    for k in 0 ..< 4 { bytes[offset + k] = UInt8(truncatingIfNeeded: v >> (8 * k)) }
}

func store64(_ bytes: inout [UInt8], _ offset: Int, _ v: UInt64) {
    for k in 0 ..< 8 { bytes[offset + k] = UInt8(truncatingIfNeeded: v >> (8 * k)) }
}

/// Rewrites the index checksum after a test edited the index, so the edit
/// reaches the field checks instead of stopping at the checksum.
func resealIndex(_ bytes: inout [UInt8]) {
    let total = UInt64(bytes.count)
    let count = UInt64(le32(bytes, 16))
    let table = le64(bytes, 32)
    let names = le64(bytes, 40)
    let nameSize = le64(bytes, 48)
    var crc = CRC32C()
    bytes.withUnsafeBytes { all in
        crc.update(UnsafeRawBufferPointer(rebasing: all[0 ..< 60]))
        if table <= total, count * 48 <= total - table {
            crc.update(UnsafeRawBufferPointer(rebasing: all[Int(table) ..< Int(table + count * 48)]))
        }
        if names <= total, nameSize <= total - names {
            crc.update(UnsafeRawBufferPointer(rebasing: all[Int(names) ..< Int(names + nameSize)]))
        }
    }
    store32(&bytes, 60, crc.value)
}
