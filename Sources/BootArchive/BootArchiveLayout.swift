// The on-disk layout of a Keel boot archive, version 1 (docs/boot-archive.md
// describes it byte by byte). All integers are little-endian.
//
//   header        64 bytes at offset 0
//   entry table   entryCount records of 48 bytes, sorted by name
//   name table    the names, UTF-8, not NUL-terminated
//   data          each entry's stored bytes at a multiple of `alignment`
//
// The index (header, entry table, name table) carries one CRC-32C; each
// entry carries the CRC-32C of its stored bytes and of its uncompressed
// contents, so a damaged entry is found, and named, before it is used.

/// Offsets and sizes of the header and entry fields.
public enum BootArchiveLayout {
    /// "KEELARC" and a NUL (4b 45 45 4c 41 52 43 00), read as a little-endian u64.
    public static let magic: UInt64 = 0x0043_5241_4C45_454B
    public static let version: UInt16 = 1
    public static let headerSize = 64
    public static let entrySize = 48
    /// Default data alignment: one x86 page, so an uncompressed entry can be
    /// mapped where it lies instead of copied.
    public static let defaultAlignment = 4096
    public static let minimumAlignment = 8
    public static let maximumAlignment = 1 << 21
    public static let maximumNameLength = 255
    /// Permission bits (and set-id/sticky) only; no file type.
    public static let maximumMode: UInt32 = 0o7777

    enum Header {
        static let magic = 0            // 8 bytes
        static let version = 8          // u16
        static let headerSize = 10      // u16
        static let entrySize = 12       // u16
        static let flags = 14           // u16, must be 0
        static let entryCount = 16      // u32
        static let alignment = 20       // u32
        static let archiveSize = 24     // u64
        static let entryTableOffset = 32  // u64
        static let nameTableOffset = 40   // u64
        static let nameTableSize = 48     // u64
        static let reserved = 56        // u32, must be 0
        static let indexChecksum = 60   // u32
    }

    enum Entry {
        static let dataOffset = 0       // u64
        static let storedSize = 8       // u64
        static let size = 16            // u64
        static let nameOffset = 24      // u32
        static let nameLength = 28      // u16
        static let flags = 30           // u16
        static let mode = 32            // u32
        static let checksum = 36        // u32, CRC-32C of the stored bytes
        static let contentChecksum = 40 // u32, CRC-32C of the uncompressed bytes
        static let reserved = 44        // u32, must be 0
    }
}

/// Flags of one entry (the u16 at entry offset 30).
public struct BootArchiveEntryFlags: OptionSet, Sendable, Equatable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The stored bytes are one LZ4 block (no frame) that decompresses to `size` bytes.
    public static let lz4 = BootArchiveEntryFlags(rawValue: 1 << 0)
    /// The entry is an x86_64 ELF executable (checked by the packer).
    public static let executable = BootArchiveEntryFlags(rawValue: 1 << 1)

    public static let known: BootArchiveEntryFlags = [.lz4, .executable]
}

/// Little-endian reads inside a slice whose size was checked by the caller;
/// a read that would not fit returns 0 instead of touching memory outside.
struct LittleEndianFields {
    let bytes: UnsafeRawBufferPointer

    @inline(__always)
    func load<T: FixedWidthInteger>(_ offset: Int, as type: T.Type) -> T {
        guard offset >= 0, offset <= bytes.count - MemoryLayout<T>.size else { return 0 }
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    func u16(_ offset: Int) -> UInt16 { load(offset, as: UInt16.self) }
    func u32(_ offset: Int) -> UInt32 { load(offset, as: UInt32.self) }
    func u64(_ offset: Int) -> UInt64 { load(offset, as: UInt64.self) }
}

/// `bytes[offset ..< offset + count]` if it lies inside `bytes`, computed
/// without overflow for any 64-bit offset and count.
@inline(__always)
func checkedSlice(_ bytes: UnsafeRawBufferPointer, offset: UInt64, count: UInt64) -> UnsafeRawBufferPointer? {
    let total = UInt64(bytes.count)
    guard offset <= total, count <= total - offset else { return nil }
    if count == 0 { return UnsafeRawBufferPointer(start: bytes.baseAddress, count: 0) }
    return UnsafeRawBufferPointer(rebasing: bytes[Int(offset) ..< Int(offset + count)])
}
