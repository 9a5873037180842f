// Why the ELF builder or patcher refused an operation.
//
// Carried by ElfError.writeRejected with the index of the section or
// segment concerned. The writer refuses rather than produce a file that
// readers would misread or a loader would load differently.

public enum ElfWriteRejection: UInt8, Sendable, Equatable {
    /// No section has the requested name.
    case noSuchSection
    /// A name already used by another section.
    case duplicateSection
    /// An SHF_ALLOC section inside a PT_LOAD cannot grow without moving the load image.
    case allocSectionDoesNotFit
    /// The operation does not apply to this kind of section (SHT_NULL, SHT_NOBITS, the name table).
    case unsupportedSection
    /// Another section, symbol or the header still refers to the section.
    case sectionInUse
    /// A value does not fit its field (ELF32 addresses, 16-bit counts).
    case valueTooLarge
    /// An alignment is not zero or a power of two.
    case badAlignment
    /// A segment refers to a section index that does not exist, or to none where it needs one.
    case badSectionReference
    /// Sections of one PT_LOAD are not in ascending, non-overlapping address order,
    /// or a section is in more than one PT_LOAD.
    case badSegmentLayout
    /// An SHF_ALLOC section's address is not a multiple of its alignment.
    case misalignedAddress
    /// The patched file's header tables could not be parsed back.
    case malformedInput
}

extension ElfWriteRejection {
    public var name: String {
        switch self {
        case .noSuchSection: return "no section with that name"
        case .duplicateSection: return "a section with that name exists"
        case .allocSectionDoesNotFit: return "loaded section would not fit its place in the load image"
        case .unsupportedSection: return "operation not supported on this section"
        case .sectionInUse: return "section is still referenced"
        case .valueTooLarge: return "value does not fit its field"
        case .badAlignment: return "alignment is not a power of two"
        case .badSectionReference: return "bad section reference"
        case .badSegmentLayout: return "sections of a segment are not laid out in address order"
        case .misalignedAddress: return "section address is not a multiple of its alignment"
        case .malformedInput: return "input is malformed"
        }
    }
}
