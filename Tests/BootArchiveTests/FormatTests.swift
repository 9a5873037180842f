@testable import BootArchive
import Testing

@Suite struct FormatTests {
    @Test func crc32cCheckValueAndTable() {
        // RFC 3720 B.4 / the CRC catalogue's check value for "123456789".
        let check = Array("123456789".utf8).withUnsafeBytes { CRC32C.checksum($0) }
        #expect(check == 0xE306_9283)
        // 32 bytes of zeros (RFC 3720 B.4 test vector).
        #expect([UInt8](repeating: 0, count: 32).withUnsafeBytes { CRC32C.checksum($0) } == 0x8A91_36AA)
        #expect([UInt8](repeating: 0xFF, count: 32).withUnsafeBytes { CRC32C.checksum($0) } == 0x62A8_AB43)
        // Incremental updates give the same value as one pass.
        let data = randomBytes(count: 1000, seed: 7)
        var crc = CRC32C()
        data.withUnsafeBytes { all in
            crc.update(UnsafeRawBufferPointer(rebasing: all[0 ..< 333]))
            crc.update(UnsafeRawBufferPointer(rebasing: all[333...]))
        }
        #expect(crc.value == data.withUnsafeBytes { CRC32C.checksum($0) })
    }

    @Test func roundTripKeepsEveryEntry() throws {
        let (bytes, contents) = try sampleArchive()
        try withArchive(bytes) { archive in
            #expect(archive.count == 3)
            #expect(archive.alignment == 4096)
            // Sorted by name, whatever the order they were added in.
            let names = archive.map { String(decoding: $0.name, as: UTF8.self) }
            #expect(names == ["blob", "empty", "text"])
            try archive.verifyAll()
            for entry in archive {
                let name = String(decoding: entry.name, as: UTF8.self)
                #expect(try archive.contents(of: entry) == contents[name])
                #expect(entry.dataOffset % 4096 == 0)
                #expect(entry.size == UInt64(contents[name]!.count))
            }
            let text = try #require(archive.entry(named: "text"))
            #expect(text.isCompressed)
            #expect(text.storedSize < text.size)
            #expect(text.contentsInPlace == nil)
            let blob = try #require(archive.entry(named: "blob"))
            // Random bytes do not compress: stored as they are, mappable in place.
            #expect(!blob.isCompressed)
            #expect(blob.isExecutable)
            #expect(blob.mode == 0o755)
            let inPlace = try #require(blob.contentsInPlace)
            #expect(Array(inPlace) == contents["blob"])
            #expect(Int(bitPattern: inPlace.baseAddress!) - Int(bitPattern: archive.bytes.baseAddress!) == Int(blob.dataOffset))
            #expect(archive.entry(named: "missing") == nil)
            #expect(archive.entry(named: "tex") == nil)
            #expect(archive.index(named: Array("empty".utf8)) == 1)
        }
    }

    @Test func headerBytesAreTheDocumentedOnes() throws {
        let (bytes, _) = try sampleArchive(alignment: 64)
        #expect(Array(bytes[0 ..< 8]) == Array("KEELARC\0".utf8))
        #expect(bytes[8] == 1 && bytes[9] == 0)                 // version 1
        #expect(bytes[10] == 64 && bytes[12] == 48)             // header and entry sizes
        #expect(le32(bytes, 16) == 3)                          // entries
        #expect(le32(bytes, 20) == 64)                         // alignment
        #expect(le64(bytes, 24) == UInt64(bytes.count))        // archive size
        #expect(le64(bytes, 32) == 64)                         // entry table right after the header
        #expect(le64(bytes, 40) == 64 + 3 * 48)                // name table after the entries
        #expect(le64(bytes, 48) == UInt64("blob".count + "empty".count + "text".count))
        // The first entry's record: data at a multiple of 64, CRC of the stored bytes.
        let offset = Int(le64(bytes, 64)), stored = Int(le64(bytes, 72))
        #expect(offset % 64 == 0)
        let crc = Array(bytes[offset ..< offset + stored]).withUnsafeBytes { CRC32C.checksum($0) }
        #expect(le32(bytes, 64 + 36) == crc)
    }

    @Test func streamedLayoutEqualsBuiltArchiveAndBorrowsContents() throws {
        let big = compressibleBytes(count: 10_000, seed: 8)
        let raw = randomBytes(count: 9_000, seed: 9)
        try raw.withUnsafeBytes { borrowed in
            var builder = try BootArchiveBuilder(alignment: 512)
            try builder.add(name: Array("raw".utf8), borrowing: borrowed, mode: 0o700)
            try builder.add(name: "big", contents: big, compressed: liblz4Compress(big))
            let built = try builder.build()
            var streamed: [UInt8] = []
            var pieces = 0
            let layout = try builder.layout()
            layout.write { streamed.append(contentsOf: $0); pieces += 1 }
            #expect(streamed == built)
            #expect(layout.archiveSize == built.count)
            #expect(pieces > 2)
            try withArchive(built) { archive in
                try archive.verifyAll()
                #expect(try archive.contents(of: archive.entry(named: "raw")!) == raw)
                #expect(try archive.contents(of: archive.entry(named: "big")!) == big)
                #expect(archive.entry(named: "raw")!.mode == 0o700)
            }
        }
    }

    @Test func emptyArchiveIsValid() throws {
        let bytes = try BootArchiveBuilder().build()
        #expect(bytes.count == 64)
        try withArchive(bytes) { archive in
            #expect(archive.isEmpty)
            try archive.verifyAll()
        }
    }

    @Test func builderRefusesBadNamesDuplicatesAndAlignment() throws {
        var builder = try BootArchiveBuilder()
        try builder.add(name: "hello", contents: [1, 2, 3])
        #expect(throws: BootArchiveError.duplicateName(index: 1)) { try builder.add(name: "hello", contents: []) }
        for bad in ["", ".", "..", "a/b", "nul\0", String(repeating: "x", count: 256)] {
            #expect(throws: BootArchiveError.invalidName(index: 1)) { try builder.add(name: bad, contents: []) }
        }
        try builder.add(name: "...", contents: [])   // only "." and ".." are special
        #expect(throws: BootArchiveError.invalidMode(index: 2)) { try builder.add(name: "m", contents: [], mode: 0o10755) }
        #expect(throws: BootArchiveError.invalidAlignment(100)) { try BootArchiveBuilder(alignment: 100) }
        #expect(throws: BootArchiveError.invalidAlignment(4)) { try BootArchiveBuilder(alignment: 4) }
        // A "compressed form" that is not the contents' LZ4 block is refused.
        let contents = compressibleBytes(count: 1000, seed: 3)
        var wrong = liblz4Compress(contents)
        wrong[wrong.count - 1] ^= 0x55
        #expect(throws: BootArchiveError.badCompressedForm(index: 2)) {
            try builder.add(name: "z", contents: contents, compressed: wrong)
        }
    }

    @Test func corruptedEntryIsNamedByItsIndex() throws {
        let (original, _) = try sampleArchive()
        try withArchive(original) { archive in
            for victim in archive {
                guard victim.storedSize > 0 else { continue }
                var bytes = original
                bytes[Int(victim.dataOffset) + Int(victim.storedSize) / 2] ^= 0x01
                try withArchive(bytes) { damaged in
                    // The index is intact, so the archive opens; the entry fails its check.
                    let e = damaged[victim.index]
                    #expect(throws: BootArchiveError.checksumMismatch(
                        index: victim.index, expected: victim.checksum,
                        actual: e.storedBytes.withUnsafeBytes { CRC32C.checksum($0) })) { try damaged.verify(e) }
                    do { try damaged.verifyAll(); Issue.record("verifyAll passed a damaged archive") }
                    catch let error as BootArchiveError { #expect(error.entryIndex == victim.index) }
                    #expect(throws: BootArchiveError.self) { try damaged.contents(of: e) }
                    // The others are still fine.
                    for other in damaged where other.index != victim.index { try damaged.verify(other) }
                }
            }
        }
    }

    @Test func damagedIndexIsRejectedAsAWhole() throws {
        let (original, _) = try sampleArchive()
        var bytes = original
        bytes[64 + 3 * 48] ^= 0x20   // first byte of the name table
        guard case .indexChecksumMismatch = openError(bytes) else { Issue.record("opened"); return }
        bytes = original
        bytes[0] = 0x7f
        #expect(openError(bytes) == .badMagic)
        bytes = original
        bytes[8] = 2
        #expect(openError(bytes) == .unsupportedVersion(2))
        #expect(openError(Array(original.prefix(63))) == .truncated(needed: 64, available: 63))
        #expect(openError(Array(original.dropLast())) == .truncated(needed: UInt64(original.count), available: original.count - 1))
        // Extra bytes after the archive (a module rounded up to a page) are ignored.
        try withArchive(original + [0, 0, 0]) { #expect($0.bytes.count == original.count) }
    }

    @Test func recordChecksAfterAResealedIndex() throws {
        let (original, _) = try sampleArchive()
        func edit(_ body: (inout [UInt8]) -> Void) -> BootArchiveError? {
            var bytes = original
            body(&bytes)
            resealIndex(&bytes)
            return openError(bytes)
        }
        let first = 64, second = 64 + 48
        #expect(edit { store64(&$0, first, le64($0, first) + 8) } == .badEntry(index: 0, .dataAlignment))
        #expect(edit { store64(&$0, first + 8, 1 << 40) } == .badEntry(index: 0, .dataRange))
        #expect(edit { store64(&$0, first, 0) } == .badEntry(index: 0, .dataRange))   // inside the index
        #expect(edit { $0[first + 30] |= 0x80 } == .badEntry(index: 0, .flags))
        #expect(edit { store32(&$0, first + 32, 0o10000) } == .badEntry(index: 0, .mode))
        #expect(edit { store32(&$0, first + 24, 1000) } == .badEntry(index: 0, .name))
        #expect(edit { $0[64 + 3 * 48] = UInt8(ascii: "/") } == .badEntry(index: 0, .name))
        // "blob" renamed "zlob" sorts after "empty".
        #expect(edit { $0[64 + 3 * 48] = UInt8(ascii: "z") } == .unsortedName(index: 1))
        // Two records pointing at one name: a duplicate.
        #expect(edit { for k in 24 ..< 30 { $0[second + k] = $0[first + k] } } == .unsortedName(index: 1))
        #expect(edit { store64(&$0, 24, 10) } == .badHeader(.archiveSize))
        #expect(edit { $0[20] = 3 } == .badHeader(.alignment))
        #expect(edit { store64(&$0, 32, 1 << 62) } == .badHeader(.entryTable))
        #expect(edit { store32(&$0, 16, 0xFFFF_FFFF) } == .badHeader(.entryTable))
        #expect(edit { store64(&$0, 48, UInt64.max) } == .badHeader(.nameTable))
        #expect(edit { $0[14] = 1 } == .badHeader(.flags))
        // An uncompressed entry whose size disagrees with its stored size; a compressed one claiming > 256x.
        #expect(edit { store64(&$0, first + 16, le64($0, first + 16) + 1) } == .badEntry(index: 0, .size))
        #expect(edit { store64(&$0, 64 + 2 * 48 + 16, 1 << 40) } == .badEntry(index: 2, .size))
    }
}

@Suite struct CRCTableTests {
    /// The literal tables in CRC32CTables.swift are the ones the polynomial gives.
    @Test func tablesMatchThePolynomial() {
        var expected = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0 ..< 256 {
            var c = UInt32(i)
            for _ in 0 ..< 8 { c = c & 1 != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
            expected[i] = c
        }
        for k in 1 ..< 8 {
            for i in 0 ..< 256 {
                let previous = expected[(k - 1) * 256 + i]
                expected[k * 256 + i] = (previous >> 8) ^ expected[Int(previous & 0xFF)]
            }
        }
        #expect(CRC32C.tables == expected)
    }

    /// Bit by bit, straight from the definition.
    func bitwiseCRC(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0 ..< 8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }

    /// Every length 0...100 at every start offset 0...7 (the 8-byte steps and the byte tail).
    @Test func slicedMatchesBitwise() {
        let data = randomBytes(count: 120, seed: 42)
        for start in 0 ..< 8 {
            for length in 0 ... 100 {
                let slice = Array(data[start ..< start + length])
                let fast = data.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[start ..< start + length])) }
                #expect(fast == bitwiseCRC(slice), "start \(start) length \(length)")
            }
        }
    }
}
