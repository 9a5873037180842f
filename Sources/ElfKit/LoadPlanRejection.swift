// Why a load plan refused an executable.
//
// Carried by ElfError.loadRejected together with the program header index,
// so a loader can report "segment 3: writable and executable" without
// allocating. Every rule is checked by ElfLoadPlan before anything is
// mapped (decode and validate first, then carry out).

public enum ElfLoadRejection: UInt8, Sendable, Equatable {
    /// e_type is neither ET_EXEC nor ET_DYN.
    case unsupportedFileType
    /// The page size is zero or not a power of two.
    case badPageSize
    /// No PT_LOAD segment with a nonzero p_memsz.
    case noLoadableSegment
    /// p_filesz > p_memsz (gABI: "p_filesz may not be larger than p_memsz").
    case fileSizeExceedsMemorySize
    /// p_offset + p_filesz lies beyond the end of the file.
    case segmentOutsideFile
    /// p_vaddr + p_memsz (or its page-rounded end) wraps around.
    case addressOverflow
    /// p_align is neither 0/1 nor a power of two.
    case badAlignment
    /// p_vaddr and p_offset are not congruent modulo p_align.
    case misalignedSegment
    /// PT_LOAD entries are not sorted on p_vaddr (gABI requires ascending order).
    case unsortedSegments
    /// Two PT_LOAD segments share a page after rounding to the page size.
    case overlappingSegments
    /// A segment is both writable and executable (W^X).
    case writableAndExecutable
    /// e_entry is not inside an executable PT_LOAD segment.
    case entryNotExecutable
    /// A mapping ends above the user-space limit.
    case outsideUserSpace
    /// More than one PT_INTERP, PT_TLS or PT_GNU_STACK.
    case duplicateSegment
}

extension ElfLoadRejection {
    public var name: String {
        switch self {
        case .unsupportedFileType: return "not an executable (ET_EXEC or ET_DYN)"
        case .badPageSize: return "page size is not a power of two"
        case .noLoadableSegment: return "no PT_LOAD segment"
        case .fileSizeExceedsMemorySize: return "p_filesz is larger than p_memsz"
        case .segmentOutsideFile: return "segment extends beyond the end of the file"
        case .addressOverflow: return "segment address range wraps around"
        case .badAlignment: return "p_align is not a power of two"
        case .misalignedSegment: return "p_vaddr and p_offset are not congruent modulo p_align"
        case .unsortedSegments: return "PT_LOAD segments are not sorted by address"
        case .overlappingSegments: return "PT_LOAD segments overlap after page rounding"
        case .writableAndExecutable: return "segment is both writable and executable"
        case .entryNotExecutable: return "entry point is not in an executable segment"
        case .outsideUserSpace: return "segment lies outside user space"
        case .duplicateSegment: return "duplicate PT_INTERP, PT_TLS or PT_GNU_STACK"
        }
    }
}
