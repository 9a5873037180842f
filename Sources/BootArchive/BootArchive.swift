// Reader of the Keel boot archive (layout: BootArchiveLayout.swift,
// docs/boot-archive.md). Shared by the kernel, which opens the PVH module
// in place, and by elfkit on the host.
//
// `init` validates the whole index (header, checksum over the index, every
// entry record, name order) once, so that iteration and lookup cannot fail
// afterwards; the entries' data is checked by `verify` and `extract`.

/// A validated boot archive over borrowed bytes (the caller keeps them alive).
public struct BootArchive: RandomAccessCollection {
    /// Exactly the archive (the input may be longer: a boot module rounded up).
    public let bytes: UnsafeRawBufferPointer
    /// Data alignment: every entry's data offset is a multiple of it.
    public let alignment: Int
    public let version: UInt16
    public let indexChecksum: UInt32
    private let entryTable: UnsafeRawBufferPointer
    private let nameTable: UnsafeRawBufferPointer

    public let startIndex = 0
    public let endIndex: Int

    public init(bytes input: UnsafeRawBufferPointer) throws(BootArchiveError) {
        typealias H = BootArchiveLayout.Header
        let headerSize = BootArchiveLayout.headerSize
        guard input.count >= headerSize else { throw .truncated(needed: UInt64(headerSize), available: input.count) }
        let header = LittleEndianFields(bytes: UnsafeRawBufferPointer(rebasing: input[0 ..< headerSize]))
        guard header.u64(H.magic) == BootArchiveLayout.magic else { throw .badMagic }

        version = header.u16(H.version)
        guard version == BootArchiveLayout.version else { throw .unsupportedVersion(version) }
        guard Int(header.u16(H.headerSize)) == headerSize else { throw .badHeader(.headerSize) }
        guard Int(header.u16(H.entrySize)) == BootArchiveLayout.entrySize else { throw .badHeader(.entrySize) }
        guard header.u16(H.flags) == 0 else { throw .badHeader(.flags) }
        guard header.u32(H.reserved) == 0 else { throw .badHeader(.reserved) }
        let alignment = UInt64(header.u32(H.alignment))
        guard BootArchive.isValidAlignment(alignment) else { throw .badHeader(.alignment) }
        self.alignment = Int(alignment)

        let archiveSize = header.u64(H.archiveSize)
        guard archiveSize >= UInt64(headerSize) else { throw .badHeader(.archiveSize) }
        guard archiveSize <= UInt64(input.count) else { throw .truncated(needed: archiveSize, available: input.count) }
        bytes = UnsafeRawBufferPointer(rebasing: input[0 ..< Int(archiveSize)])

        let count = UInt64(header.u32(H.entryCount))
        let tableOffset = header.u64(H.entryTableOffset)
        guard tableOffset >= UInt64(headerSize), tableOffset % 8 == 0,
              let table = checkedSlice(bytes, offset: tableOffset, count: count * UInt64(BootArchiveLayout.entrySize))
        else { throw .badHeader(.entryTable) }
        let nameOffset = header.u64(H.nameTableOffset)
        guard nameOffset >= UInt64(headerSize),
              let names = checkedSlice(bytes, offset: nameOffset, count: header.u64(H.nameTableSize))
        else { throw .badHeader(.nameTable) }
        entryTable = table
        nameTable = names
        endIndex = Int(count)

        // The index checksum first: an entry record is only trusted (and its
        // name only printed) once the index is known to be intact.
        indexChecksum = header.u32(H.indexChecksum)
        let computed = BootArchive.indexChecksum(header: header.bytes, entryTable: table, nameTable: names)
        guard computed == indexChecksum else { throw .indexChecksumMismatch(expected: indexChecksum, actual: computed) }

        let indexEnd = Swift.max(tableOffset + UInt64(table.count), nameOffset + UInt64(names.count))
        var previous: UnsafeRawBufferPointer? = nil
        for i in 0 ..< Int(count) {
            try validateRecord(i, indexEnd: indexEnd)
            let name = self.name(at: i)
            if let previous, BootArchiveName.compare(previous, name) >= 0 { throw .unsortedName(index: i) }
            previous = name
        }
    }

    static func isValidAlignment(_ value: UInt64) -> Bool {
        value >= UInt64(BootArchiveLayout.minimumAlignment) && value <= UInt64(BootArchiveLayout.maximumAlignment)
            && value & (value - 1) == 0
    }

    /// CRC-32C over header bytes 0..<60, the entry table and the name table.
    static func indexChecksum(header: UnsafeRawBufferPointer, entryTable: UnsafeRawBufferPointer,
                              nameTable: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32C()
        crc.update(UnsafeRawBufferPointer(rebasing: header[0 ..< BootArchiveLayout.Header.indexChecksum]))
        crc.update(entryTable)
        crc.update(nameTable)
        return crc.value
    }

    private func record(_ i: Int) -> LittleEndianFields {
        let start = i * BootArchiveLayout.entrySize
        return LittleEndianFields(bytes: UnsafeRawBufferPointer(
            rebasing: entryTable[start ..< start + BootArchiveLayout.entrySize]))
    }

    private func validateRecord(_ i: Int, indexEnd: UInt64) throws(BootArchiveError) {
        typealias E = BootArchiveLayout.Entry
        let r = record(i)
        guard checkedSlice(nameTable, offset: UInt64(r.u32(E.nameOffset)), count: UInt64(r.u16(E.nameLength))) != nil,
              BootArchiveName.isValid(name(at: i))
        else { throw .badEntry(index: i, .name) }
        let flags = BootArchiveEntryFlags(rawValue: r.u16(E.flags))
        guard BootArchiveEntryFlags.known.isSuperset(of: flags) else { throw .badEntry(index: i, .flags) }
        guard r.u32(E.mode) <= BootArchiveLayout.maximumMode else { throw .badEntry(index: i, .mode) }
        guard r.u32(E.reserved) == 0 else { throw .badEntry(index: i, .reserved) }
        let offset = r.u64(E.dataOffset)
        let stored = r.u64(E.storedSize)
        guard offset % UInt64(alignment) == 0 else { throw .badEntry(index: i, .dataAlignment) }
        guard offset >= indexEnd || stored == 0, checkedSlice(bytes, offset: offset, count: stored) != nil
        else { throw .badEntry(index: i, .dataRange) }
        // LZ4 expands at most ~255:1 (a length byte of 255 stands for 255
        // bytes), so a larger claimed size is a lie that would make a caller
        // allocate without limit.
        let size = r.u64(E.size)
        guard flags.contains(.lz4) ? size / 256 <= stored : size == stored else { throw .badEntry(index: i, .size) }
    }

    /// The name of entry `i` (records are validated, so the slice exists).
    private func name(at i: Int) -> UnsafeRawBufferPointer {
        let r = record(i)
        return checkedSlice(nameTable, offset: UInt64(r.u32(BootArchiveLayout.Entry.nameOffset)),
                            count: UInt64(r.u16(BootArchiveLayout.Entry.nameLength)))
            ?? UnsafeRawBufferPointer(start: nameTable.baseAddress, count: 0)
    }

    public subscript(i: Int) -> BootArchiveEntry {
        precondition(i >= 0 && i < endIndex, "boot archive entry index out of range")
        typealias E = BootArchiveLayout.Entry
        let r = record(i)
        let stored = checkedSlice(bytes, offset: r.u64(E.dataOffset), count: r.u64(E.storedSize))
            ?? UnsafeRawBufferPointer(start: bytes.baseAddress, count: 0)
        return BootArchiveEntry(
            index: i, name: name(at: i), flags: BootArchiveEntryFlags(rawValue: r.u16(E.flags)),
            mode: r.u32(E.mode), dataOffset: r.u64(E.dataOffset), storedBytes: stored, size: r.u64(E.size),
            checksum: r.u32(E.checksum), contentChecksum: r.u32(E.contentChecksum))
    }

    /// The index of the entry called `name` (binary search: names are sorted).
    public func index<Name: Collection>(named name: Name) -> Int? where Name.Element == UInt8 {
        var low = 0
        var high = endIndex
        while low < high {
            let mid = low + (high - low) / 2
            let order = BootArchiveName.compare(self.name(at: mid), name)
            if order == 0 { return mid }
            if order < 0 { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    public func entry<Name: Collection>(named name: Name) -> BootArchiveEntry? where Name.Element == UInt8 {
        index(named: name).map { self[$0] }
    }

    public func entry(named name: String) -> BootArchiveEntry? {
        var name = name
        return name.withUTF8 { entry(named: UnsafeRawBufferPointer($0)) }
    }
}
