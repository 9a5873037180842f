// The kernel's compact symbol table: format constants and the encoder.
//
// The kernel embeds this table in its own image and searches it from the
// exception handler to print backtrace lines, so the format is designed
// for an allocation-free binary search over bytes it cannot trust blindly.
//
// Format (all integers little-endian; see docs/kernel-symbol-table.md):
//
//   header, 24 bytes
//     0  magic        "KSYM"
//     4  version      u32 = 1
//     8  count        u32, number of entries
//     12 namesSize    u32, size of the names blob in bytes
//     16 baseAddress  u64, address that entry offsets are relative to
//   entries, count * 12 bytes, sorted by offset (non-decreasing)
//     0  offset       u32, symbol start - baseAddress
//     4  size         u32, symbol size in bytes (0: extends to the next symbol)
//     8  nameOffset   u32, offset of the name in the names blob
//   names blob, namesSize bytes
//     NUL-terminated UTF-8 names; identical names are stored once.
//
// u32 offsets halve the entry size against u64 addresses; a kernel image is
// far smaller than 4 GiB, and the encoder rejects anything that does not fit.

public enum KernelSymbolTable {
    public static var magic: (UInt8, UInt8, UInt8, UInt8) { (0x4b, 0x53, 0x59, 0x4d) }  // "KSYM"
    public static var version: UInt32 { 1 }
    public static var headerSize: Int { 24 }
    public static var entrySize: Int { 12 }

    /// Builds a table from `symbols` (in any order).
    ///
    /// Symbols are sorted by address. Of several symbols at one address only
    /// one is kept: a sized one over a zero-size one, then a global over a
    /// local, then the smallest name (for reproducible output). Zero-size
    /// symbols strictly inside a sized symbol are dropped, because under the
    /// "extends to the next symbol" rule they would hide the enclosing
    /// function from lookups of the addresses after them.
    public static func encode(_ symbols: [KernelSymbol]) throws(KernelSymbolTableEncodingError) -> [UInt8] {
        let sorted = symbols.sorted { a, b in
            if a.address != b.address { return a.address < b.address }
            if (a.size != 0) != (b.size != 0) { return a.size != 0 }
            if a.isGlobal != b.isGlobal { return a.isGlobal }
            return a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
        }
        var kept: [KernelSymbol] = []
        kept.reserveCapacity(sorted.count)
        var sizedEnd: UInt64 = 0  // end of the furthest-reaching sized symbol so far
        for s in sorted {
            if let last = kept.last, last.address == s.address { continue }
            if s.size == 0, s.address < sizedEnd { continue }
            kept.append(s)
            if s.size != 0 {
                let (end, overflow) = s.address.addingReportingOverflow(s.size)
                sizedEnd = max(sizedEnd, overflow ? UInt64.max : end)
            }
        }
        guard kept.count <= Int(UInt32.max) else { throw .tooManySymbols(kept.count) }

        let base = kept.first?.address ?? 0
        // Deduplicate names by sorting rather than hashing: no Dictionary
        // means no hashing seed and no floating point in the Embedded build.
        let nameBytes = kept.map { Array($0.name.utf8) }
        let byName = nameBytes.indices.sorted { nameBytes[$0].lexicographicallyPrecedes(nameBytes[$1]) }
        var nameOffsets = [UInt32](repeating: 0, count: kept.count)
        var names: [UInt8] = []
        var previous = -1
        for i in byName {
            if previous >= 0, nameBytes[previous] == nameBytes[i] {
                nameOffsets[i] = nameOffsets[previous]
                continue
            }
            guard !nameBytes[i].contains(0) else { throw .nameContainsNUL(address: kept[i].address) }
            guard names.count + nameBytes[i].count + 1 <= Int(UInt32.max) else {
                throw .namesTooLarge(names.count + nameBytes[i].count + 1)
            }
            nameOffsets[i] = UInt32(names.count)
            names.append(contentsOf: nameBytes[i])
            names.append(0)
            previous = i
        }
        var entries: [UInt8] = []
        entries.reserveCapacity(kept.count * entrySize)
        for (i, s) in kept.enumerated() {
            let offset = s.address - base
            guard offset <= UInt64(UInt32.max) else { throw .addressOutOfRange(address: s.address, base: base) }
            guard s.size <= UInt64(UInt32.max) else { throw .sizeTooLarge(address: s.address, size: s.size) }
            appendLE(&entries, UInt32(offset))
            appendLE(&entries, UInt32(s.size))
            appendLE(&entries, nameOffsets[i])
        }

        var out: [UInt8] = [0x4b, 0x53, 0x59, 0x4d]
        out.reserveCapacity(headerSize + entries.count + names.count)
        appendLE(&out, version)
        appendLE(&out, UInt32(kept.count))
        appendLE(&out, UInt32(names.count))
        appendLE(&out, base)
        out.append(contentsOf: entries)
        out.append(contentsOf: names)
        return out
    }

    static func appendLE<T: FixedWidthInteger>(_ out: inout [UInt8], _ value: T) {
        var v = value.littleEndian
        for _ in 0..<MemoryLayout<T>.size {
            out.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }
}

/// A symbol to put in the table.
public struct KernelSymbol: Sendable, Equatable {
    public var address: UInt64
    public var size: UInt64
    /// The name printed in backtraces (already demangled and simplified).
    public var name: String
    /// Global/weak binding; preferred over a local at the same address.
    public var isGlobal: Bool

    public init(address: UInt64, size: UInt64, name: String, isGlobal: Bool = true) {
        self.address = address
        self.size = size
        self.name = name
        self.isGlobal = isGlobal
    }

    // Compares names byte-wise: String's own == needs the Unicode
    // normalization tables, which the Embedded kernel does not link.
    public static func == (a: KernelSymbol, b: KernelSymbol) -> Bool {
        a.address == b.address && a.size == b.size && a.isGlobal == b.isGlobal
            && a.name.utf8.elementsEqual(b.name.utf8)
    }
}

/// Why a table could not be built.
public enum KernelSymbolTableEncodingError: Error, Sendable, Equatable {
    /// The symbol lies more than 4 GiB above the lowest symbol.
    case addressOutOfRange(address: UInt64, base: UInt64)
    case sizeTooLarge(address: UInt64, size: UInt64)
    case tooManySymbols(Int)
    case namesTooLarge(Int)
    /// Names are NUL-terminated in the table, so they cannot contain NUL.
    case nameContainsNUL(address: UInt64)
}
