// The System V symbol hash table (SHT_HASH / DT_HASH, ".hash").
//
// gABI, "Hash Table": Elf32_Word nbucket, nchain, bucket[nbucket],
// chain[nchain], with nchain equal to the number of dynamic symbols. The
// words are 4 bytes in both classes here (s390x and Alpha use 8-byte
// entries in ELF64; those are not supported). A lookup follows one chain,
// bounded by nchain steps so that a chain with a cycle ends in an error
// instead of looping forever.

/// The gABI ELF hash of a symbol name.
public func elfSysVHash<Name: Sequence>(_ name: Name) -> UInt32 where Name.Element == UInt8 {
    var h: UInt32 = 0
    for c in name {
        h = (h << 4) &+ UInt32(c)
        let g = h & 0xf000_0000
        if g != 0 { h ^= g >> 24 }
        h &= ~g
    }
    return h
}

/// Byte-wise equality of a symbol name and a query, without allocating.
func elfNameMatches<Name: Collection>(_ bytes: UnsafeRawBufferPointer, _ name: Name) -> Bool
where Name.Element == UInt8 {
    var i = 0
    for c in name {
        guard i < bytes.count, bytes[i] == c else { return false }
        i += 1
    }
    return i == bytes.count
}

public struct ElfSysVHashTable {
    public let contents: UnsafeRawBufferPointer
    /// File offset of `contents`, for error reports.
    public let baseOffset: Int
    public let bucketCount: Int
    public let chainCount: Int
    let order: ByteOrder

    public init(bytes: UnsafeRawBufferPointer, order: ByteOrder, baseOffset: Int = 0) throws(ElfError) {
        let header = try ByteReader(bytes, order: order).record(at: 0, size: 8, structure: .sysvHashTable)
        let nbucket = UInt64(header.u32(0))
        let nchain = UInt64(header.u32(4))
        guard nbucket != 0 else {
            throw .badValue(structure: .sysvHashTable, field: .bucketCount, offset: baseOffset)
        }
        // Both counts are below 2^32, so this sum cannot overflow UInt64.
        guard 8 + 4 * (nbucket + nchain) <= UInt64(bytes.count) else {
            throw .outOfBounds(structure: .sysvHashTable, field: .count, offset: baseOffset)
        }
        self.contents = bytes
        self.baseOffset = baseOffset
        self.bucketCount = Int(nbucket)
        self.chainCount = Int(nchain)
        self.order = order
    }

    /// The 4-byte word at word index `index` (0 is nbucket); in bounds by the
    /// check in init for every index below 2 + nbucket + nchain.
    func word(_ index: Int) -> UInt32 {
        FieldReader(bytes: contents, order: order).u32(4 * index)
    }

    /// bucket[i].
    public func bucket(_ i: Int) -> UInt32 { i >= 0 && i < bucketCount ? word(2 + i) : 0 }
    /// chain[i].
    public func chain(_ i: Int) -> UInt32 { i >= 0 && i < chainCount ? word(2 + bucketCount + i) : 0 }

    /// The index in `symbols` of the symbol called `name`, or nil.
    public func lookup<Name: Collection>(
        _ name: Name, in symbols: ElfSymbolTable
    ) throws(ElfError) -> Int? where Name.Element == UInt8 {
        let h = elfSysVHash(name)
        var index = Int(bucket(Int(h % UInt32(bucketCount))))
        var steps = 0
        while index != 0 {
            guard index < chainCount, steps <= chainCount else {
                throw .badValue(structure: .sysvHashTable, field: .chain, offset: baseOffset)
            }
            let symbol = try symbols.symbol(at: index)
            if elfNameMatches(try symbols.name(of: symbol), name) { return index }
            index = Int(chain(index))
            steps += 1
        }
        return nil
    }

    /// The index of the symbol called `name`, or nil.
    public func lookup(_ name: String, in symbols: ElfSymbolTable) throws(ElfError) -> Int? {
        try lookup(name.utf8, in: symbols)
    }
}

extension ElfFile {
    /// The SysV hash table in section `index` (SHT_HASH).
    public func sysvHashTable(at index: Int) throws(ElfError) -> ElfSysVHashTable {
        let s = try section(at: index)
        guard s.type == .hash else { throw .wrongSectionType(index: index, type: s.type.rawValue) }
        return try ElfSysVHashTable(
            bytes: try contents(of: s), order: byteOrder, baseOffset: ByteReader.clampedOffset(s.offset))
    }
}
