// Notes: the contents of SHT_NOTE sections and PT_NOTE segments.
//
// gABI, "Note Section": each note is three 4-byte words (namesz, descsz,
// type) in both ELF classes, then namesz bytes of owner name (NUL
// included) and descsz bytes of descriptor, each padded to the note
// alignment. That alignment is 4, or 8 when the section's sh_addralign or
// the segment's p_align is 8 (the gABI 2018 update; GNU uses it for
// .note.gnu.property in ELF64). Any other alignment is rejected, as
// readelf does. Notes are iterated in place: a note is a pair of slices
// of the input, and nothing is allocated whatever namesz/descsz claim.

/// One note: its owner name, type and descriptor, borrowed from the input.
public struct ElfNote {
    /// File offset of the note header (for error reports and tools).
    public let offset: Int
    /// The owner name up to its first NUL (namesz counts the NUL; this does not).
    public let name: UnsafeRawBufferPointer
    /// n_type; its meaning depends on `name` (see ElfNoteType).
    public let type: ElfNoteType
    /// The descriptor, exactly descsz bytes.
    public let descriptor: UnsafeRawBufferPointer
    /// The byte order and class of the file, needed to decode descriptors.
    public let byteOrder: ByteOrder
    public let fileClass: ElfClass

    /// Whether the owner is `owner` ("GNU", "Go", "stapsdt", "CORE", ...).
    public func isOwned(by owner: String) -> Bool { elfNameEquals(name, owner) }
}

/// n_type. The same number means different things for different owners,
/// so the names below are those of the "GNU" owner (and "CORE" for cores).
public struct ElfNoteType: RawRepresentable, Sendable, Equatable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// NT_GNU_ABI_TAG: the OS and minimum kernel ABI (LSB, "Note Section").
    public static var gnuABITag: Self { Self(rawValue: 1) }
    public static var gnuHardwareCapabilities: Self { Self(rawValue: 2) }
    /// NT_GNU_BUILD_ID: a unique identifier of the linked image.
    public static var gnuBuildID: Self { Self(rawValue: 3) }
    public static var gnuGoldVersion: Self { Self(rawValue: 4) }
    /// NT_GNU_PROPERTY_TYPE_0: program properties (x86-64 / AArch64 psABI).
    public static var gnuPropertyType0: Self { Self(rawValue: 5) }
}

extension ElfNote {
    /// The symbolic name of the note type as readelf prints it, for owners
    /// this reader knows ("GNU"), or nil.
    public var typeName: String? {
        guard isOwned(by: "GNU") else { return nil }
        switch type.rawValue {
        case 1: return "NT_GNU_ABI_TAG"
        case 2: return "NT_GNU_HWCAP"
        case 3: return "NT_GNU_BUILD_ID"
        case 4: return "NT_GNU_GOLD_VERSION"
        case 5: return "NT_GNU_PROPERTY_TYPE_0"
        default: return nil
        }
    }
}

/// Iterates the notes of one section or segment, validating each as it goes.
/// Use as `var it = try file.notes(in: section); while let n = try it.next() { ... }`.
public struct ElfNoteIterator {
    public let bytes: UnsafeRawBufferPointer
    /// File offset of `bytes`, so errors report file offsets.
    public let baseOffset: Int
    /// The padding unit of names and descriptors: 4 or 8.
    public let alignment: Int
    let order: ByteOrder
    let fileClass: ElfClass
    var position = 0

    /// Notes in `bytes`; `containerAlignment` is sh_addralign or p_align.
    public init(
        bytes: UnsafeRawBufferPointer, order: ByteOrder, fileClass: ElfClass,
        containerAlignment: UInt64, baseOffset: Int = 0
    ) throws(ElfError) {
        switch containerAlignment {
        case 0...4: alignment = 4
        case 8: alignment = 8
        default: throw .badValue(structure: .note, field: .alignment, offset: baseOffset)
        }
        self.bytes = bytes
        self.baseOffset = baseOffset
        self.order = order
        self.fileClass = fileClass
    }

    /// The next note, nil at the end, or an error naming the bad field.
    public mutating func next() throws(ElfError) -> ElfNote? {
        let remaining = bytes.count - position
        if remaining == 0 { return nil }
        let at = baseOffset + position
        let header = try ByteReader(bytes, order: order)
            .record(at: UInt64(position), size: 12, structure: .note)
        let nameSize = UInt64(header.u32(0))
        let descSize = UInt64(header.u32(4))
        let align = UInt64(alignment)
        // All of this is in UInt64 on values below 2^33, so it cannot overflow.
        let nameStart = UInt64(position) + 12
        let total = UInt64(bytes.count)
        guard nameSize <= total - nameStart else {
            throw .outOfBounds(structure: .note, field: .nameSize, offset: at)
        }
        // Padding aligns positions (binutils ELF_NOTE_DESC_OFFSET), and notes start aligned.
        let descStart = ElfNoteIterator.padded(nameStart + nameSize, to: align)
        guard descStart <= total, descSize <= total - descStart else {
            throw .outOfBounds(structure: .note, field: .descriptorSize, offset: at)
        }
        // The last note's padding may be cut off by the end of its container.
        let end = ElfNoteIterator.padded(descStart + descSize, to: align)
        position = Int(end < total ? end : total)
        var nameBytes = UnsafeRawBufferPointer(rebasing: bytes[Int(nameStart)..<Int(nameStart + nameSize)])
        if let nul = nameBytes.firstIndex(of: 0) {
            nameBytes = UnsafeRawBufferPointer(rebasing: nameBytes[..<nul])
        }
        return ElfNote(
            offset: at, name: nameBytes, type: ElfNoteType(rawValue: header.u32(8)),
            descriptor: UnsafeRawBufferPointer(rebasing: bytes[Int(descStart)..<Int(descStart + descSize)]),
            byteOrder: order, fileClass: fileClass)
    }

    static func padded(_ value: UInt64, to align: UInt64) -> UInt64 {
        (value + align - 1) & ~(align - 1)
    }
}

extension ElfFile {
    /// The notes of an SHT_NOTE section.
    public func notes(in section: ElfSectionHeader) throws(ElfError) -> ElfNoteIterator {
        guard section.type == .note else {
            throw .wrongSectionType(index: section.index, type: section.type.rawValue)
        }
        return try ElfNoteIterator(
            bytes: try contents(of: section), order: byteOrder, fileClass: fileClass,
            containerAlignment: section.addressAlignment, baseOffset: ByteReader.clampedOffset(section.offset))
    }

    /// The notes of a PT_NOTE segment.
    public func notes(in segment: ElfProgramHeader) throws(ElfError) -> ElfNoteIterator {
        guard segment.type == .note else {
            throw .badValue(structure: .programHeader, field: .type, offset: segment.headerOffset)
        }
        return try ElfNoteIterator(
            bytes: try contents(of: segment), order: byteOrder, fileClass: fileClass,
            containerAlignment: segment.alignment, baseOffset: ByteReader.clampedOffset(segment.offset))
    }
}
