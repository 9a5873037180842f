// Compressed sections: SHF_COMPRESSED (gABI) and legacy GNU .zdebug_*.
//
// gABI, "Section Compression": a section with SHF_COMPRESSED (0x800)
// starts with Elf32_Chdr { ch_type, ch_size, ch_addralign } (3 x u32) or
// Elf64_Chdr { ch_type u32, ch_reserved u32, ch_size u64, ch_addralign
// u64 }; ch_type 1 is ELFCOMPRESS_ZLIB, 2 ELFCOMPRESS_ZSTD; the compressed
// stream follows. The older GNU convention names the section .zdebug_*
// and starts it with "ZLIB" and the uncompressed size as 8 big-endian
// bytes. This file only describes the payload; inflating it is host work
// (ElfKitDWARF), and ch_size must be treated as a claim, not allocated
// blindly.

/// ch_type.
public struct ElfCompressionType: RawRepresentable, Sendable, Equatable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static var zlib: Self { Self(rawValue: 1) }
    public static var zstd: Self { Self(rawValue: 2) }
}

/// The compressed stream of a section and what it claims to expand to.
public struct ElfCompressedSection {
    public let type: ElfCompressionType
    /// ch_size: the declared size of the uncompressed data.
    public let uncompressedSize: UInt64
    /// ch_addralign (the section's sh_addralign for .zdebug_*).
    public let uncompressedAlignment: UInt64
    /// The compressed bytes after the header.
    public let payload: UnsafeRawBufferPointer
    /// Whether this is a legacy .zdebug_* section rather than SHF_COMPRESSED.
    public let isLegacyGNU: Bool

    /// Parses the header of an SHF_COMPRESSED section's contents.
    /// Unknown ch_type values are returned, not rejected; the caller decides.
    public init(
        chdrContents bytes: UnsafeRawBufferPointer, fileClass: ElfClass, order: ByteOrder, baseOffset: Int = 0
    ) throws(ElfError) {
        let size = fileClass == .elf64 ? 24 : 12
        guard bytes.count >= size else { throw .truncated(structure: .compressionHeader, offset: baseOffset) }
        let r = FieldReader(bytes: bytes, order: order)
        type = ElfCompressionType(rawValue: r.u32(0))
        uncompressedSize = fileClass == .elf64 ? r.u64(8) : UInt64(r.u32(4))
        uncompressedAlignment = fileClass == .elf64 ? r.u64(16) : UInt64(r.u32(8))
        payload = UnsafeRawBufferPointer(rebasing: bytes[size...])
        isLegacyGNU = false
    }

    /// Parses a legacy .zdebug_* section ("ZLIB" + big-endian u64 size).
    public init(
        zdebugContents bytes: UnsafeRawBufferPointer, alignment: UInt64, baseOffset: Int = 0
    ) throws(ElfError) {
        guard bytes.count >= 12 else { throw .truncated(structure: .compressionHeader, offset: baseOffset) }
        guard bytes[0] == 0x5a, bytes[1] == 0x4c, bytes[2] == 0x49, bytes[3] == 0x42 else {
            throw .badValue(structure: .compressionHeader, field: .magic, offset: baseOffset)
        }
        type = .zlib
        uncompressedSize = FieldReader(bytes: bytes, order: .big).u64(4)
        uncompressedAlignment = alignment
        payload = UnsafeRawBufferPointer(rebasing: bytes[12...])
        isLegacyGNU = true
    }
}

extension ElfFile {
    /// The compressed stream of `section` if it is SHF_COMPRESSED or a
    /// legacy .zdebug_* section starting with "ZLIB", else nil.
    public func compressedContents(of section: ElfSectionHeader) throws(ElfError) -> ElfCompressedSection? {
        if section.type == .nobits { return nil }
        let base = ByteReader.clampedOffset(section.offset)
        if section.flags.contains(.compressed) {
            return try ElfCompressedSection(
                chdrContents: try contents(of: section), fileClass: fileClass, order: byteOrder, baseOffset: base)
        }
        guard sectionNameTableIndex != 0, ElfFile.isLegacyCompressedName(try name(of: section)) else { return nil }
        let bytes = try contents(of: section)
        guard bytes.count >= 4, bytes[0] == 0x5a, bytes[1] == 0x4c, bytes[2] == 0x49, bytes[3] == 0x42 else {
            return nil
        }
        return try ElfCompressedSection(
            zdebugContents: bytes, alignment: section.addressAlignment, baseOffset: base)
    }

    /// Whether a section name starts with ".zdebug".
    static func isLegacyCompressedName(_ name: UnsafeRawBufferPointer) -> Bool {
        let prefix: StaticString = ".zdebug"
        guard name.count >= prefix.utf8CodeUnitCount else { return false }
        let p = UnsafeRawBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        for i in 0..<p.count where name[i] != p[i] { return false }
        return true
    }
}
