// Checking and reading entry data: the stored bytes are verified against
// their CRC-32C before anything (the decompressor included) looks at them,
// and the decompressed contents against theirs afterwards.

extension BootArchive {
    /// Checks the stored bytes of `entry`; the error names the entry's index.
    public func verify(_ entry: BootArchiveEntry) throws(BootArchiveError) {
        let actual = CRC32C.checksum(entry.storedBytes)
        guard actual == entry.checksum else {
            throw .checksumMismatch(index: entry.index, expected: entry.checksum, actual: actual)
        }
    }

    /// Checks every entry; stops at the first bad one.
    public func verifyAll() throws(BootArchiveError) {
        for entry in self { try verify(entry) }
    }

    /// Writes the contents of `entry` into the start of `output` (which
    /// must hold `entry.size` bytes): verifies the stored checksum,
    /// decompresses or copies, then verifies the contents' checksum.
    public func extract(_ entry: BootArchiveEntry, into output: UnsafeMutableRawBufferPointer) throws(BootArchiveError) {
        try verify(entry)
        guard entry.size <= UInt64(output.count) else { throw .bufferTooSmall(index: entry.index, needed: entry.size) }
        let size = Int(entry.size)
        let target = UnsafeMutableRawBufferPointer(rebasing: output[0 ..< size])
        if entry.isCompressed {
            let produced: Int
            do throws(LZ4Error) {
                produced = try LZ4Block.decompress(entry.storedBytes, into: target)
            } catch {
                throw .decompressionFailed(index: entry.index, error)
            }
            guard produced == size else { throw .sizeMismatch(index: entry.index, produced: produced) }
        } else if size > 0 {
            target.baseAddress!.copyMemory(from: entry.storedBytes.baseAddress!, byteCount: size)
        }
        let actual = CRC32C.checksum(UnsafeRawBufferPointer(target))
        guard actual == entry.contentChecksum else {
            throw .contentChecksumMismatch(index: entry.index, expected: entry.contentChecksum, actual: actual)
        }
    }

    /// The contents of `entry` as a new array (host tools and tests; the
    /// kernel extracts into frames it owns).
    public func contents(of entry: BootArchiveEntry) throws(BootArchiveError) -> [UInt8] {
        guard entry.size <= UInt64(Int.max) else { throw .bufferTooSmall(index: entry.index, needed: entry.size) }
        var result = [UInt8](repeating: 0, count: Int(entry.size))
        var failure: BootArchiveError? = nil
        result.withUnsafeMutableBytes { out in
            do throws(BootArchiveError) { try extract(entry, into: out) } catch { failure = error }
        }
        if let failure { throw failure }
        return result
    }
}
