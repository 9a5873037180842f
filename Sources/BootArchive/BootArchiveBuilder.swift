// Writes a boot archive, into memory (`build()`) or in pieces to any sink
// (`layout().write(_:)`, which streams borrowed contents without copying
// them). Portable so that tests and any tool can build archives;
// compression is the caller's (the host packer hands in liblz4's output,
// and the builder checks it with its own decoder).

public struct BootArchiveBuilder {
    /// An entry's stored bytes: owned, or borrowed from the caller (who
    /// keeps them valid until the archive is written; zero copies for a
    /// packer that maps its input files).
    enum Stored {
        case owned([UInt8])
        case borrowed(UnsafeRawBufferPointer)

        func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
            switch self {
            case .owned(let array): return array.withUnsafeBytes { body($0) }
            case .borrowed(let buffer): return body(buffer)
            }
        }

        var count: Int { withBytes { $0.count } }
    }

    struct Pending {
        var name: [UInt8]
        var stored: Stored
        var size: Int
        var flags: BootArchiveEntryFlags
        var mode: UInt32
        var checksum: UInt32
        var contentChecksum: UInt32
    }

    public let alignment: Int
    private var pending: [Pending] = []
    private var names: Set<[UInt8]> = []

    public init(alignment: Int = BootArchiveLayout.defaultAlignment) throws(BootArchiveError) {
        guard alignment > 0, BootArchive.isValidAlignment(UInt64(alignment)) else { throw .invalidAlignment(alignment) }
        self.alignment = alignment
    }

    public var count: Int { pending.count }

    /// Adds an entry. `compressed`, if given, is an LZ4 block of `contents`;
    /// it is stored only when smaller than the contents. `executable` is
    /// recorded in the flags, nothing checks it here.
    public mutating func add(
        name: [UInt8], contents: [UInt8], mode: UInt32 = 0o644, executable: Bool = false,
        compressed: [UInt8]? = nil
    ) throws(BootArchiveError) {
        try add(name: name, stored: .owned(contents), mode: mode, executable: executable, compressed: compressed)
    }

    public mutating func add(name: String, contents: [UInt8], mode: UInt32 = 0o644, executable: Bool = false,
                             compressed: [UInt8]? = nil) throws(BootArchiveError) {
        try add(name: Array(name.utf8), contents: contents, mode: mode, executable: executable, compressed: compressed)
    }

    /// Adds an entry whose contents stay where they are: `contents` must
    /// remain valid until `build()` or `layout().write(_:)` has run.
    public mutating func add(
        name: [UInt8], borrowing contents: UnsafeRawBufferPointer, mode: UInt32 = 0o644, executable: Bool = false,
        compressed: [UInt8]? = nil
    ) throws(BootArchiveError) {
        try add(name: name, stored: .borrowed(contents), mode: mode, executable: executable, compressed: compressed)
    }

    private mutating func add(
        name: [UInt8], stored contents: Stored, mode: UInt32, executable: Bool, compressed: [UInt8]?
    ) throws(BootArchiveError) {
        let index = pending.count
        guard BootArchiveName.isValid(name) else { throw .invalidName(index: index) }
        guard mode <= BootArchiveLayout.maximumMode else { throw .invalidMode(index: index) }
        guard !names.contains(name) else { throw .duplicateName(index: index) }

        let contentChecksum = contents.withBytes { CRC32C.checksum($0) }
        let size = contents.count
        var flags: BootArchiveEntryFlags = executable ? [.executable] : []
        var stored = contents
        var checksum = contentChecksum
        if let compressed, compressed.count < size {
            guard contents.withBytes({ BootArchiveBuilder.decompresses(compressed, to: $0) }) else {
                throw .badCompressedForm(index: index)
            }
            stored = .owned(compressed)
            flags.insert(.lz4)
            checksum = compressed.withUnsafeBytes { CRC32C.checksum($0) }
        }
        names.insert(name)
        pending.append(Pending(name: name, stored: stored, size: size, flags: flags, mode: mode,
                               checksum: checksum, contentChecksum: contentChecksum))
    }

    private static func decompresses(_ block: [UInt8], to contents: UnsafeRawBufferPointer) -> Bool {
        var output = [UInt8](repeating: 0, count: contents.count)
        return block.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out -> Bool in
                let produced: Int
                do throws(LZ4Error) { produced = try LZ4Block.decompress(input, into: out) } catch { return false }
                return produced == contents.count && UnsafeRawBufferPointer(out).elementsEqual(contents)
            }
        }
    }

    /// The archive laid out: its index bytes and where each entry's data goes.
    public struct Layout {
        /// Header, entry table and name table.
        public let index: [UInt8]
        /// Total size of the archive.
        public let archiveSize: Int
        let entries: [Pending]
        let dataOffsets: [Int]

        /// Hands the archive to `sink` in order, in pieces: the index, then
        /// zero padding and each entry's stored bytes (borrowed, not copied).
        public func write<E: Error>(_ sink: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
            // Array's withUnsafeBytes rethrows untyped errors, so each piece
            // is fed inside a non-throwing closure and its error carried out.
            func feed(_ bytes: UnsafeRawBufferPointer) -> E? {
                do throws(E) { try sink(bytes); return nil } catch { return error }
            }
            if let error = index.withUnsafeBytes({ feed($0) }) { throw error }
            var position = index.count
            let zeros = [UInt8](repeating: 0, count: 4096)
            for (i, e) in entries.enumerated() {
                while position < dataOffsets[i] {
                    let n = Swift.min(zeros.count, dataOffsets[i] - position)
                    if let error = zeros.withUnsafeBytes({ feed(UnsafeRawBufferPointer(rebasing: $0[0 ..< n])) }) {
                        throw error
                    }
                    position += n
                }
                if let error = e.stored.withBytes({ feed($0) }) { throw error }
                position += e.stored.count
            }
        }
    }

    /// Sorts the entries, places them, and writes the index (header with
    /// its checksum, entry table, name table).
    public func layout() throws(BootArchiveError) -> Layout {
        typealias H = BootArchiveLayout.Header
        typealias E = BootArchiveLayout.Entry
        let entries = pending.sorted { BootArchiveName.compare($0.name, $1.name) < 0 }
        guard entries.count <= Int(UInt32.max) else { throw .tooLarge }
        let tableOffset = BootArchiveLayout.headerSize
        let nameOffset = tableOffset + entries.count * BootArchiveLayout.entrySize
        var nameSize = 0
        for e in entries { nameSize += e.name.count }
        guard nameSize <= Int(UInt32.max) else { throw .tooLarge }

        var out = [UInt8](repeating: 0, count: nameOffset + nameSize)
        var dataOffsets: [Int] = []
        var cursor = nameOffset + nameSize
        for e in entries {
            cursor = (cursor + alignment - 1) / alignment * alignment
            dataOffsets.append(cursor)
            cursor += e.stored.count
        }
        let archiveSize = cursor

        var names = nameOffset
        for (i, e) in entries.enumerated() {
            let r = tableOffset + i * BootArchiveLayout.entrySize
            store(&out, r + E.dataOffset, UInt64(dataOffsets[i]))
            store(&out, r + E.storedSize, UInt64(e.stored.count))
            store(&out, r + E.size, UInt64(e.size))
            store(&out, r + E.nameOffset, UInt32(names - nameOffset))
            store(&out, r + E.nameLength, UInt16(e.name.count))
            store(&out, r + E.flags, e.flags.rawValue)
            store(&out, r + E.mode, e.mode)
            store(&out, r + E.checksum, e.checksum)
            store(&out, r + E.contentChecksum, e.contentChecksum)
            for (k, byte) in e.name.enumerated() { out[names + k] = byte }
            names += e.name.count
        }
        store(&out, H.magic, BootArchiveLayout.magic)
        store(&out, H.version, BootArchiveLayout.version)
        store(&out, H.headerSize, UInt16(BootArchiveLayout.headerSize))
        store(&out, H.entrySize, UInt16(BootArchiveLayout.entrySize))
        store(&out, H.entryCount, UInt32(entries.count))
        store(&out, H.alignment, UInt32(alignment))
        store(&out, H.archiveSize, UInt64(archiveSize))
        store(&out, H.entryTableOffset, UInt64(tableOffset))
        store(&out, H.nameTableOffset, UInt64(nameOffset))
        store(&out, H.nameTableSize, UInt64(nameSize))
        let checksum = out.withUnsafeBytes { all in
            BootArchive.indexChecksum(
                header: UnsafeRawBufferPointer(rebasing: all[0 ..< BootArchiveLayout.headerSize]),
                entryTable: UnsafeRawBufferPointer(rebasing: all[tableOffset ..< nameOffset]),
                nameTable: UnsafeRawBufferPointer(rebasing: all[nameOffset ..< nameOffset + nameSize]))
        }
        store(&out, H.indexChecksum, checksum)
        return Layout(index: out, archiveSize: archiveSize, entries: entries, dataOffsets: dataOffsets)
    }

    /// The archive's bytes: header, entry table (sorted by name), name table,
    /// then each entry's data at a multiple of the alignment.
    public func build() throws(BootArchiveError) -> [UInt8] {
        let layout = try layout()
        var out: [UInt8] = []
        out.reserveCapacity(layout.archiveSize)
        layout.write { out.append(contentsOf: $0) }
        return out
    }

    private func store<T: FixedWidthInteger>(_ out: inout [UInt8], _ offset: Int, _ value: T) {
        var v = value.littleEndian
        withUnsafeBytes(of: &v) { bytes in
            for (k, byte) in bytes.enumerated() { out[offset + k] = byte }
        }
    }
}
