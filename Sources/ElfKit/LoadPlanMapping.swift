// What a loader must do for one PT_LOAD segment, and the TLS template.
//
// A mapping is expressed in the terms a page-table based loader works in:
// a page-aligned virtual range with permissions, the file bytes to copy
// into it and where they start inside the first page, and the part that
// must be zero (gABI, "Program Header": "If the segment's memory size
// p_memsz is larger than the file size p_filesz, the 'extra' bytes are
// defined to hold the value 0 and to follow the segment's initialized
// area"). For ET_DYN all addresses are relative to the load base.

/// One PT_LOAD segment, validated and rounded to whole pages.
public struct ElfLoadMapping {
    /// Index of the program header this mapping comes from.
    public let segmentIndex: Int
    /// First byte of the mapping: p_vaddr rounded down to the page size.
    public let virtualStart: UInt64
    /// Length of the mapping: a whole number of pages covering p_vaddr ..< p_vaddr + p_memsz.
    public let length: UInt64
    /// Read, write and execute bits of p_flags (other bits are dropped).
    public let permissions: ElfSegmentFlags
    /// p_vaddr: where the file bytes go.
    public let virtualAddress: UInt64
    /// p_memsz.
    public let memorySize: UInt64
    /// p_offset: where the file bytes come from.
    public let fileOffset: UInt64
    /// The p_filesz bytes at p_offset, already checked to lie inside the file.
    public let fileBytes: UnsafeRawBufferPointer

    /// Offset of the file bytes from `virtualStart` (p_vaddr mod page size).
    public var offsetInFirstPage: UInt64 { virtualAddress - virtualStart }
    /// One past the last byte of the mapping.
    public var virtualEnd: UInt64 { virtualStart + length }
    /// The virtual range that must read as zero (the .bss part): p_vaddr + p_filesz ..< p_vaddr + p_memsz.
    /// Empty when the segment has no extra memory. A loader that starts from
    /// zeroed pages only copies `fileBytes`; one that reuses pages must also
    /// clear virtualStart ..< virtualAddress and the tail up to `virtualEnd`.
    public var zeroFillStart: UInt64 { virtualAddress + UInt64(fileBytes.count) }
    public var zeroFillEnd: UInt64 { virtualAddress + memorySize }

    public var isReadable: Bool { permissions.contains(.read) }
    public var isWritable: Bool { permissions.contains(.write) }
    public var isExecutable: Bool { permissions.contains(.execute) }

    /// Whether `address` lies inside p_vaddr ..< p_vaddr + p_memsz.
    public func containsSegmentAddress(_ address: UInt64) -> Bool {
        address >= virtualAddress && address - virtualAddress < memorySize
    }
}

/// PT_TLS: the initialization image of the thread-local storage block.
public struct ElfTLSTemplate {
    public let segmentIndex: Int
    public let virtualAddress: UInt64
    /// p_memsz: the size of one thread's block.
    public let memorySize: UInt64
    /// p_align: the block's alignment.
    public let alignment: UInt64
    /// The p_filesz initialized bytes (the rest of the block is zero).
    public let initialBytes: UnsafeRawBufferPointer
}
