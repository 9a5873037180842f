/// One entry of a boot archive, as read from its (already validated) record.
/// Views into the archive's bytes: valid as long as those bytes are.
public struct BootArchiveEntry {
    /// Position in the entry table (entries are sorted by name).
    public let index: Int
    /// The name's UTF-8 bytes.
    public let name: UnsafeRawBufferPointer
    public let flags: BootArchiveEntryFlags
    /// Unix permission bits recorded by the packer (0o755 for programs).
    public let mode: UInt32
    /// Offset of the stored bytes from the start of the archive (a multiple of its alignment).
    public let dataOffset: UInt64
    /// The bytes as stored: the contents, or their LZ4 block when `isCompressed`.
    public let storedBytes: UnsafeRawBufferPointer
    /// Size of the contents once decompressed.
    public let size: UInt64
    /// CRC-32C of `storedBytes`.
    public let checksum: UInt32
    /// CRC-32C of the uncompressed contents.
    public let contentChecksum: UInt32

    public var isCompressed: Bool { flags.contains(.lz4) }
    public var isExecutable: Bool { flags.contains(.executable) }
    public var storedSize: UInt64 { UInt64(storedBytes.count) }

    /// The contents in place when stored uncompressed (zero-copy; aligned to
    /// the archive's alignment relative to its start), nil when compressed.
    /// Check `BootArchive.verify(_:)` first.
    public var contentsInPlace: UnsafeRawBufferPointer? { isCompressed ? nil : storedBytes }

    /// Whether the name is exactly `other` (UTF-8 bytes).
    public func hasName<Name: Collection>(_ other: Name) -> Bool where Name.Element == UInt8 {
        BootArchiveName.compare(name, other) == 0
    }

    public func hasName(_ other: String) -> Bool {
        var other = other
        return other.withUTF8 { hasName(UnsafeRawBufferPointer($0)) }
    }
}

/// Rules for entry names: 1 to 255 bytes, no NUL and no '/', not "." or ".."
/// (so `elfkit unpack` can never write outside its directory), ordered by
/// unsigned bytewise comparison.
public enum BootArchiveName {
    public static func isValid<Name: Collection>(_ name: Name) -> Bool where Name.Element == UInt8 {
        let count = name.count
        guard count >= 1, count <= BootArchiveLayout.maximumNameLength else { return false }
        var dots = 0
        for byte in name {
            if byte == 0 || byte == UInt8(ascii: "/") { return false }
            if byte == UInt8(ascii: ".") { dots += 1 }
        }
        return !(dots == count && count <= 2)
    }

    /// <0, 0, >0 like memcmp, shorter names first on a common prefix.
    public static func compare<A: Collection, B: Collection>(_ a: A, _ b: B) -> Int
    where A.Element == UInt8, B.Element == UInt8 {
        var i = a.makeIterator()
        var j = b.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?):
                if x != y { return x < y ? -1 : 1 }
            }
        }
    }
}
