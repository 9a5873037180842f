// The load plan of an executable: everything a loader needs, validated up front.
//
// gABI, "Program Loading": PT_LOAD segments are mapped at p_vaddr (plus a
// base for ET_DYN), p_filesz bytes come from p_offset, the rest of p_memsz
// is zero, and "loadable segment entries in the program header table
// appear in ascending order, sorted on the p_vaddr member". Following
// seL4's decode-then-invoke habit, every rule is checked here, before the
// caller touches a page table; a plan that exists can be carried out
// without further checks.
//
// Rules beyond the gABI, chosen for a kernel that copies (does not mmap)
// segments into fresh pages:
// - two PT_LOAD segments may not share a page after rounding: a shared
//   page would need the union of both permissions, which can break W^X;
// - no segment may be writable and executable;
// - every mapping must end at or below `userSpaceLimit`. For ET_DYN the
//   addresses are relative to a base the caller picks; the caller must
//   check base + imageEnd itself.
// Arithmetic on header fields uses overflow-reporting operations, so a
// hostile header yields ElfError.loadRejected instead of a trap.

public struct ElfLoadPlan {
    public let type: ElfFileType
    public let machine: ElfMachine
    public let fileClass: ElfClass
    /// e_entry (relative to the load base for ET_DYN).
    public let entry: UInt64
    public let pageSize: UInt64
    /// PT_LOAD segments with a nonzero p_memsz, in ascending address order.
    public let mappings: [ElfLoadMapping]
    /// The PT_INTERP path without its terminating NUL, or nil. Static user
    /// programs have none; the caller decides whether one is an error.
    public let interpreter: UnsafeRawBufferPointer?
    /// PT_TLS, or nil.
    public let tls: ElfTLSTemplate?
    /// p_flags of PT_GNU_STACK, or nil when the file has none.
    public let stackPermissions: ElfSegmentFlags?
    /// virtualStart of the first mapping and virtualEnd of the last one.
    public let imageStart: UInt64
    public let imageEnd: UInt64

    /// ET_DYN images may be placed at any page-aligned base; ET_EXEC ones only at their addresses.
    public var isRelocatable: Bool { type == .sharedObject }
    /// Whether the file asks for an executable stack (PT_GNU_STACK with PF_X).
    public var requestsExecutableStack: Bool { stackPermissions?.contains(.execute) ?? false }

    /// The lowest non-canonical x86_64 address: user space is below it.
    public static var defaultUserSpaceLimit: UInt64 { 0x0000_8000_0000_0000 }

    public init(
        file: ElfFile, pageSize: UInt64 = 4096,
        userSpaceLimit: UInt64 = ElfLoadPlan.defaultUserSpaceLimit
    ) throws(ElfError) {
        guard file.header.type == .executable || file.header.type == .sharedObject else {
            throw .loadRejected(.unsupportedFileType, segment: -1)
        }
        guard pageSize != 0, pageSize & (pageSize - 1) == 0 else {
            throw .loadRejected(.badPageSize, segment: -1)
        }
        let reader = ByteReader(file.bytes, order: file.byteOrder)
        var mappings: [ElfLoadMapping] = []
        var interpreter: UnsafeRawBufferPointer? = nil
        var tls: ElfTLSTemplate? = nil
        var stack: ElfSegmentFlags? = nil

        for i in 0..<file.programHeaderCount {
            let ph = try file.programHeader(at: i)
            switch ph.type {
            case .load:
                guard let m = try ElfLoadPlan.mapping(
                    ph, reader: reader, pageSize: pageSize, userSpaceLimit: userSpaceLimit)
                else { continue }
                if let previous = mappings.last {
                    guard m.virtualAddress >= previous.virtualAddress else {
                        throw .loadRejected(.unsortedSegments, segment: i)
                    }
                    guard m.virtualStart >= previous.virtualEnd else {
                        throw .loadRejected(.overlappingSegments, segment: i)
                    }
                }
                mappings.append(m)
            case .interp:
                guard interpreter == nil else { throw .loadRejected(.duplicateSegment, segment: i) }
                guard var path = reader.slice(offset: ph.offset, count: ph.fileSize) else {
                    throw .loadRejected(.segmentOutsideFile, segment: i)
                }
                // gABI: "a null-terminated path name"; the NUL is not part of the path.
                if let last = path.last, last == 0 {
                    path = UnsafeRawBufferPointer(rebasing: path[0..<(path.count - 1)])
                }
                interpreter = path
            case .tls:
                guard tls == nil else { throw .loadRejected(.duplicateSegment, segment: i) }
                guard ph.fileSize <= ph.memorySize else {
                    throw .loadRejected(.fileSizeExceedsMemorySize, segment: i)
                }
                guard ph.alignment & (ph.alignment &- 1) == 0 else {
                    throw .loadRejected(.badAlignment, segment: i)
                }
                guard let image = reader.slice(offset: ph.offset, count: ph.fileSize) else {
                    throw .loadRejected(.segmentOutsideFile, segment: i)
                }
                tls = ElfTLSTemplate(
                    segmentIndex: i, virtualAddress: ph.virtualAddress, memorySize: ph.memorySize,
                    alignment: ph.alignment, initialBytes: image)
            case .gnuStack:
                guard stack == nil else { throw .loadRejected(.duplicateSegment, segment: i) }
                stack = ph.flags.intersection([.read, .write, .execute])
            default:
                continue
            }
        }
        guard let first = mappings.first, let last = mappings.last else {
            throw .loadRejected(.noLoadableSegment, segment: -1)
        }
        let entry = file.header.entry
        var entryOK = false
        for m in mappings where m.isExecutable && m.containsSegmentAddress(entry) {
            entryOK = true
        }
        guard entryOK else { throw .loadRejected(.entryNotExecutable, segment: -1) }

        self.type = file.header.type
        self.machine = file.header.machine
        self.fileClass = file.fileClass
        self.entry = entry
        self.pageSize = pageSize
        self.mappings = mappings
        self.interpreter = interpreter
        self.tls = tls
        self.stackPermissions = stack
        self.imageStart = first.virtualStart
        self.imageEnd = last.virtualEnd
    }

    /// Validates one PT_LOAD; nil for an empty one (p_memsz 0), which maps nothing.
    static func mapping(
        _ ph: ElfProgramHeader, reader: ByteReader, pageSize: UInt64, userSpaceLimit: UInt64
    ) throws(ElfError) -> ElfLoadMapping? {
        let i = ph.index
        guard ph.fileSize <= ph.memorySize else {
            throw .loadRejected(.fileSizeExceedsMemorySize, segment: i)
        }
        guard let bytes = reader.slice(offset: ph.offset, count: ph.fileSize) else {
            throw .loadRejected(.segmentOutsideFile, segment: i)
        }
        if ph.memorySize == 0 { return nil }
        // gABI: 0 and 1 mean no alignment; otherwise a power of two, and
        // "p_vaddr should equal p_offset, modulo p_align".
        if ph.alignment > 1 {
            guard ph.alignment & (ph.alignment - 1) == 0 else {
                throw .loadRejected(.badAlignment, segment: i)
            }
            guard ph.virtualAddress & (ph.alignment - 1) == ph.offset & (ph.alignment - 1) else {
                throw .loadRejected(.misalignedSegment, segment: i)
            }
        }
        let (end, o1) = ph.virtualAddress.addingReportingOverflow(ph.memorySize)
        let (endRounded, o2) = end.addingReportingOverflow(pageSize - 1)
        guard !o1, !o2 else { throw .loadRejected(.addressOverflow, segment: i) }
        let start = ph.virtualAddress & ~(pageSize - 1)
        let pageEnd = endRounded & ~(pageSize - 1)
        let permissions = ph.flags.intersection([.read, .write, .execute])
        guard !permissions.contains([.write, .execute]) else {
            throw .loadRejected(.writableAndExecutable, segment: i)
        }
        guard pageEnd <= userSpaceLimit else {
            throw .loadRejected(.outsideUserSpace, segment: i)
        }
        return ElfLoadMapping(
            segmentIndex: i, virtualStart: start, length: pageEnd - start, permissions: permissions,
            virtualAddress: ph.virtualAddress, memorySize: ph.memorySize, fileOffset: ph.offset,
            fileBytes: bytes)
    }
}
