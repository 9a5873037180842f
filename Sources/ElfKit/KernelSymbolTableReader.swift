// Allocation-free lookups in a kernel symbol table (format: KernelSymbolTable.swift).
//
// The kernel calls this from its exception handler, where allocating or
// trapping would turn one fault into a worse one. So the initializer checks
// everything a lookup relies on once (header, extents, sorted entries,
// name offsets, a terminating NUL), and lookups then only do arithmetic
// that those checks make safe. Names come back as slices of the table.

public struct KernelSymbolTableReader {
    public let count: Int
    public let baseAddress: UInt64
    let entries: FieldReader
    let names: UnsafeRawBufferPointer

    public init(bytes: UnsafeRawBufferPointer) throws(ElfError) {
        let input = ByteReader(bytes, order: .little)
        let h = try input.record(at: 0, size: KernelSymbolTable.headerSize, structure: .kernelSymbolTableHeader)
        let m = KernelSymbolTable.magic
        guard h.u8(0) == m.0, h.u8(1) == m.1, h.u8(2) == m.2, h.u8(3) == m.3 else { throw .badMagic }
        guard h.u32(4) == KernelSymbolTable.version else {
            throw .unsupportedVersion(structure: .kernelSymbolTableHeader, value: UInt64(h.u32(4)))
        }
        let count = UInt64(h.u32(8))
        let namesSize = UInt64(h.u32(12))
        let entriesStart = UInt64(KernelSymbolTable.headerSize)
        // count < 2^32 and entrySize is 12, so this product cannot overflow UInt64.
        let entriesSize = count * UInt64(KernelSymbolTable.entrySize)
        guard let entryBytes = input.slice(offset: entriesStart, count: entriesSize) else {
            throw .outOfBounds(structure: .kernelSymbolTableHeader, field: .count, offset: 8)
        }
        guard let names = input.slice(offset: entriesStart + entriesSize, count: namesSize) else {
            throw .outOfBounds(structure: .kernelSymbolTableHeader, field: .size, offset: 12)
        }
        // A final NUL guarantees that every name scan stops inside the blob.
        guard namesSize == 0 || names[names.count - 1] == 0 else {
            throw .badValue(structure: .kernelSymbolTableNames, field: .size, offset: Int(entriesStart + entriesSize))
        }
        let entries = FieldReader(bytes: entryBytes, order: .little)
        var previous: UInt32 = 0
        for i in 0..<Int(count) {
            let at = i * KernelSymbolTable.entrySize
            let offset = entries.u32(at)
            guard offset >= previous else {
                throw .badValue(structure: .kernelSymbolTableEntry, field: .address, offset: Int(entriesStart) + at)
            }
            guard UInt64(entries.u32(at + 8)) < namesSize else {
                throw .outOfBounds(structure: .kernelSymbolTableEntry, field: .name, offset: Int(entriesStart) + at + 8)
            }
            previous = offset
        }
        self.count = Int(count)
        self.baseAddress = h.u64(16)
        self.entries = entries
        self.names = names
    }

    /// The symbol at `index` in address order, or nil if out of range.
    public func symbol(at index: Int) -> KernelSymbolEntry? {
        guard index >= 0, index < count else { return nil }
        let at = index * KernelSymbolTable.entrySize
        return KernelSymbolEntry(
            start: baseAddress &+ UInt64(entries.u32(at)),
            size: UInt64(entries.u32(at + 4)),
            name: name(at: entries.u32(at + 8)))
    }

    /// The symbol containing `address`, if any.
    ///
    /// A sized symbol contains [start, start + size). A zero-size symbol
    /// (an assembly label) contains the addresses from its start up to the
    /// next symbol; the last symbol, if zero-size, contains only its start.
    public func lookup(_ address: UInt64) -> KernelSymbolMatch? {
        guard count > 0, address >= baseAddress else { return nil }
        let delta = address - baseAddress
        // Binary search for the last entry whose offset is <= delta.
        var low = 0
        var high = count  // invariant: answer in [low - 1, high - 1]
        while low < high {
            let mid = low + (high - low) / 2
            if UInt64(entries.u32(mid * KernelSymbolTable.entrySize)) <= delta {
                low = mid + 1
            } else {
                high = mid
            }
        }
        guard low > 0 else { return nil }
        let index = low - 1
        let at = index * KernelSymbolTable.entrySize
        let start = UInt64(entries.u32(at))
        let size = UInt64(entries.u32(at + 4))
        let within = delta - start
        if size != 0 {
            guard within < size else { return nil }
        } else if index + 1 < count {
            guard delta < UInt64(entries.u32(at + KernelSymbolTable.entrySize)) else { return nil }
        } else {
            guard within == 0 else { return nil }
        }
        return KernelSymbolMatch(
            index: index, start: baseAddress &+ start, size: size, offset: within,
            name: name(at: entries.u32(at + 8)))
    }

    /// The NUL-terminated name at `offset`; the initializer checked that
    /// offset is inside the blob and that the blob ends with NUL.
    func name(at offset: UInt32) -> UnsafeRawBufferPointer {
        let start = Int(offset)
        var end = start
        while end < names.count, names[end] != 0 { end += 1 }
        return UnsafeRawBufferPointer(rebasing: names[start..<end])
    }
}

/// One symbol of the table.
public struct KernelSymbolEntry {
    public let start: UInt64
    public let size: UInt64
    /// UTF-8 bytes of the name, without the NUL; a slice of the table.
    public let name: UnsafeRawBufferPointer
}

/// The result of a lookup: the symbol and the address's offset into it.
public struct KernelSymbolMatch {
    public let index: Int
    public let start: UInt64
    public let size: UInt64
    public let offset: UInt64
    /// UTF-8 bytes of the name, without the NUL; a slice of the table.
    public let name: UnsafeRawBufferPointer
}
