// The GNU symbol hash table (SHT_GNU_HASH / DT_GNU_HASH, ".gnu.hash").
//
// Not in the gABI; the layout is the one glibc's dl-lookup.c and binutils
// use (documented in "GNU Hash ELF Sections", Ali Bahrami): u32 nbuckets,
// symoffset, bloom_size, bloom_shift; then bloom[bloom_size] words of the
// class's size; then u32 buckets[nbuckets]; then u32 chain values, one per
// dynamic symbol from symoffset on, to the end of the table. A chain value
// is the symbol's hash with bit 0 replaced by "last in this chain".
// Lookups walk forward from the bucket and stop at the end of the table.

/// The GNU (DJB, h * 33 + c) hash of a symbol name.
public func elfGNUHash<Name: Sequence>(_ name: Name) -> UInt32 where Name.Element == UInt8 {
    var h: UInt32 = 5381
    for c in name { h = h &* 33 &+ UInt32(c) }
    return h
}

public struct ElfGNUHashTable {
    public let contents: UnsafeRawBufferPointer
    /// File offset of `contents`, for error reports.
    public let baseOffset: Int
    public let bucketCount: Int
    /// The index of the first symbol the table covers (the ones before it are local or unhashed).
    public let symbolOffset: Int
    public let bloomSize: Int
    public let bloomShift: UInt32
    /// The number of chain words, i.e. of hashed symbols.
    public let chainCount: Int
    let wordSize: Int
    let bucketsStart: Int
    let order: ByteOrder

    public init(
        bytes: UnsafeRawBufferPointer, fileClass: ElfClass, order: ByteOrder, baseOffset: Int = 0
    ) throws(ElfError) {
        let h = try ByteReader(bytes, order: order).record(at: 0, size: 16, structure: .gnuHashTable)
        let nbuckets = UInt64(h.u32(0))
        let bloomSize = UInt64(h.u32(8))
        let wordSize: UInt64 = fileClass == .elf64 ? 8 : 4
        guard bloomSize != 0 else {
            throw .badValue(structure: .gnuHashTable, field: .bloomSize, offset: baseOffset)
        }
        // Counts are below 2^32, so these sums cannot overflow UInt64.
        let bucketsStart = 16 + wordSize * bloomSize
        let chainsStart = bucketsStart + 4 * nbuckets
        guard chainsStart <= UInt64(bytes.count) else {
            throw .outOfBounds(structure: .gnuHashTable, field: .bucketCount, offset: baseOffset)
        }
        self.contents = bytes
        self.baseOffset = baseOffset
        self.bucketCount = Int(nbuckets)
        self.symbolOffset = Int(h.u32(4))
        self.bloomSize = Int(bloomSize)
        self.bloomShift = h.u32(12)
        self.chainCount = (bytes.count - Int(chainsStart)) / 4
        self.wordSize = Int(wordSize)
        self.bucketsStart = Int(bucketsStart)
        self.order = order
    }

    var fields: FieldReader { FieldReader(bytes: contents, order: order) }

    /// bloom[i], zero-extended.
    public func bloom(_ i: Int) -> UInt64 {
        guard i >= 0, i < bloomSize else { return 0 }
        return wordSize == 8 ? fields.u64(16 + 8 * i) : UInt64(fields.u32(16 + 4 * i))
    }
    /// buckets[i]: the first symbol index of the chain, 0 for an empty bucket.
    public func bucket(_ i: Int) -> UInt32 {
        i >= 0 && i < bucketCount ? fields.u32(bucketsStart + 4 * i) : 0
    }
    /// The chain value of symbol `symbolOffset + i`.
    public func chain(_ i: Int) -> UInt32 {
        i >= 0 && i < chainCount ? fields.u32(bucketsStart + 4 * (bucketCount + i)) : 0
    }

    /// Whether the Bloom filter admits `hash`; false means the name is certainly absent.
    public func bloomAdmits(_ hash: UInt32) -> Bool {
        let bits = UInt32(wordSize * 8)
        let word = bloom(Int((hash / bits) % UInt32(bloomSize)))
        let mask = (UInt64(1) << UInt64(hash % bits)) | (UInt64(1) << UInt64((hash >> bloomShift) % bits))
        return word & mask == mask
    }

    /// The index in `symbols` of the symbol called `name`, or nil.
    public func lookup<Name: Collection>(
        _ name: Name, in symbols: ElfSymbolTable
    ) throws(ElfError) -> Int? where Name.Element == UInt8 {
        guard bucketCount != 0 else { return nil }
        let h1 = elfGNUHash(name)
        guard bloomAdmits(h1) else { return nil }
        var index = Int(bucket(Int(h1 % UInt32(bucketCount))))
        if index == 0 { return nil }
        while true {
            guard index >= symbolOffset, index - symbolOffset < chainCount else {
                throw .badValue(structure: .gnuHashTable, field: .chain, offset: baseOffset)
            }
            let h2 = chain(index - symbolOffset)
            if h1 | 1 == h2 | 1 {
                let symbol = try symbols.symbol(at: index)
                if elfNameMatches(try symbols.name(of: symbol), name) { return index }
            }
            if h2 & 1 != 0 { return nil }
            index += 1
        }
    }

    /// The index of the symbol called `name`, or nil.
    public func lookup(_ name: String, in symbols: ElfSymbolTable) throws(ElfError) -> Int? {
        try lookup(name.utf8, in: symbols)
    }

    /// The number of dynamic symbols the table implies (what a loader uses when
    /// there are no section headers): one past the end of the last chain.
    public func impliedSymbolCount() throws(ElfError) -> Int {
        var last = 0
        for b in 0..<bucketCount {
            let start = Int(bucket(b))
            if start > last { last = start }
        }
        if last == 0 { return symbolOffset }
        var index = last
        while true {
            guard index >= symbolOffset, index - symbolOffset < chainCount else {
                throw .badValue(structure: .gnuHashTable, field: .chain, offset: baseOffset)
            }
            if chain(index - symbolOffset) & 1 != 0 { return index + 1 }
            index += 1
        }
    }
}

extension ElfFile {
    /// The GNU hash table in section `index` (SHT_GNU_HASH).
    public func gnuHashTable(at index: Int) throws(ElfError) -> ElfGNUHashTable {
        let s = try section(at: index)
        guard s.type == .gnuHash else { throw .wrongSectionType(index: index, type: s.type.rawValue) }
        return try ElfGNUHashTable(
            bytes: try contents(of: s), fileClass: fileClass, order: byteOrder,
            baseOffset: ByteReader.clampedOffset(s.offset))
    }
}
