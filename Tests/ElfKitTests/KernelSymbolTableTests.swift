// The kernel's compact symbol table: encoding, lookups at the boundaries,
// deduplication, and rejection of corrupted tables.

import ElfKit
import TestSupport
import Testing

func withTable<R>(_ bytes: [UInt8], _ body: (KernelSymbolTableReader) throws -> R) throws -> R {
    try bytes.withUnsafeBytes { raw in try body(try KernelSymbolTableReader(bytes: raw)) }
}

func tableError(_ bytes: [UInt8]) -> ElfError? {
    bytes.withUnsafeBytes { raw in
        do throws(ElfError) {
            _ = try KernelSymbolTableReader(bytes: raw)
            return nil
        } catch {
            return error
        }
    }
}

/// The name of the symbol containing `address`, with the offset into it.
func lookup(_ r: KernelSymbolTableReader, _ address: UInt64) -> String? {
    guard let m = r.lookup(address) else { return nil }
    return "\(string(m.name))+\(m.offset)"
}

@Suite struct KernelSymbolTableTests {
    let symbols = [
        KernelSymbol(address: 0x10_2000, size: 0x40, name: "Kernel.kmain()"),
        KernelSymbol(address: 0x10_1000, size: 0x10, name: "Kernel.Selftests.pageFault(at:flag:)"),
        KernelSymbol(address: 0x10_1010, size: 0, name: "isr_stub_14"),
        KernelSymbol(address: 0x10_1020, size: 0, name: "isr_stub_15"),
        KernelSymbol(address: 0x10_3000, size: 8, name: "Kernel.kmain()", isGlobal: false),
    ]

    @Test func roundTripAndBoundaries() throws {
        let bytes = try KernelSymbolTable.encode(symbols)
        try withTable(bytes) { r in
            #expect(r.count == 5)
            #expect(r.baseAddress == 0x10_1000)
            // Sorted by address.
            let starts = (0..<r.count).map { r.symbol(at: $0)!.start }
            #expect(starts == [0x10_1000, 0x10_1010, 0x10_1020, 0x10_2000, 0x10_3000])
            #expect(r.symbol(at: 5) == nil)
            #expect(r.symbol(at: -1) == nil)

            #expect(lookup(r, 0x10_0fff) == nil)  // before the first symbol
            #expect(lookup(r, 0x10_1000) == "Kernel.Selftests.pageFault(at:flag:)+0")  // first byte
            #expect(lookup(r, 0x10_100f) == "Kernel.Selftests.pageFault(at:flag:)+15")  // last byte
            #expect(lookup(r, 0x10_1010) == "isr_stub_14+0")  // one past end = next symbol
            #expect(lookup(r, 0x10_101f) == "isr_stub_14+15")  // zero-size: up to the next symbol
            #expect(lookup(r, 0x10_1020) == "isr_stub_15+0")
            #expect(lookup(r, 0x10_1fff) == "isr_stub_15+4063")
            #expect(lookup(r, 0x10_2000) == "Kernel.kmain()+0")
            #expect(lookup(r, 0x10_203f) == "Kernel.kmain()+63")
            #expect(lookup(r, 0x10_2040) == nil)  // gap after a sized symbol
            #expect(lookup(r, 0x10_3007) == "Kernel.kmain()+7")
            #expect(lookup(r, 0x10_3008) == nil)  // past the last symbol's end
            #expect(lookup(r, .max) == nil)
            #expect(lookup(r, 0) == nil)
            let m = try #require(r.lookup(0x10_2010))
            #expect(m.start == 0x10_2000 && m.size == 0x40 && m.offset == 0x10 && m.index == 3)
        }
        // "Kernel.kmain()" is stored once.
        let names = bytes[(24 + 5 * 12)...]
        #expect(names.count == "Kernel.kmain()".utf8.count + 1 + "Kernel.Selftests.pageFault(at:flag:)".utf8.count + 1
            + 2 * ("isr_stub_14".utf8.count + 1))
    }

    @Test func lastZeroSizeSymbolMatchesOnlyItsStart() throws {
        let bytes = try KernelSymbolTable.encode([
            KernelSymbol(address: 0x1000, size: 4, name: "f"), KernelSymbol(address: 0x2000, size: 0, name: "end"),
        ])
        try withTable(bytes) { r in
            #expect(lookup(r, 0x2000) == "end+0")
            #expect(lookup(r, 0x2001) == nil)
        }
    }

    @Test func duplicatesAtOneAddressKeepTheSizedThenGlobalSymbol() throws {
        let bytes = try KernelSymbolTable.encode([
            KernelSymbol(address: 0x1000, size: 0, name: "label"),
            KernelSymbol(address: 0x1000, size: 0x20, name: "local_sized", isGlobal: false),
            KernelSymbol(address: 0x1000, size: 0x20, name: "global_sized"),
            KernelSymbol(address: 0x1000, size: 0x20, name: "global_sized"),
            KernelSymbol(address: 0x1008, size: 0, name: "inner_label"),  // inside a sized symbol: dropped
            KernelSymbol(address: 0x1030, size: 0, name: "after"),
        ])
        try withTable(bytes) { r in
            #expect(r.count == 2)
            #expect(lookup(r, 0x1010) == "global_sized+16")
            #expect(lookup(r, 0x1030) == "after+0")
        }
    }

    @Test func emptyTable() throws {
        let bytes = try KernelSymbolTable.encode([])
        #expect(bytes.count == 24)
        try withTable(bytes) { r in
            #expect(r.count == 0)
            #expect(r.lookup(0) == nil)
            #expect(r.symbol(at: 0) == nil)
        }
    }

    @Test func encoderRejectsWhatTheFormatCannotHold() {
        #expect(throws: KernelSymbolTableEncodingError.addressOutOfRange(address: 0x1_0000_1000, base: 0x1000)) {
            try KernelSymbolTable.encode([
                KernelSymbol(address: 0x1000, size: 1, name: "a"), KernelSymbol(address: 0x1_0000_1000, size: 1, name: "b"),
            ])
        }
        #expect(throws: KernelSymbolTableEncodingError.sizeTooLarge(address: 0, size: 0x1_0000_0000)) {
            try KernelSymbolTable.encode([KernelSymbol(address: 0, size: 0x1_0000_0000, name: "a")])
        }
        #expect(throws: KernelSymbolTableEncodingError.nameContainsNUL(address: 4)) {
            try KernelSymbolTable.encode([KernelSymbol(address: 4, size: 1, name: "a\u{0}b")])
        }
    }

    @Test func higherHalfAddressesWork() throws {
        let base: UInt64 = 0xffff_ffff_8010_0000
        let bytes = try KernelSymbolTable.encode([
            KernelSymbol(address: base, size: 0x10, name: "a"), KernelSymbol(address: base + 0x7fe0_0000, size: 0x10, name: "b"),
        ])
        try withTable(bytes) { r in
            #expect(lookup(r, base + 0x7fe0_000f) == "b+15")
            #expect(lookup(r, base + 0x7fe0_0010) == nil)
        }
    }

    @Test func corruptedTablesAreRejected() throws {
        let good = try KernelSymbolTable.encode(symbols)
        func patched(_ offset: Int, _ values: [UInt8]) -> [UInt8] {
            var b = good
            for (i, v) in values.enumerated() { b[offset + i] = v }
            return b
        }
        #expect(tableError(good) == nil)
        #expect(tableError(patched(0, [0x4b, 0x53, 0x59, 0x4e])) == .badMagic)
        #expect(tableError(patched(4, [2])) == .unsupportedVersion(structure: .kernelSymbolTableHeader, value: 2))
        #expect(tableError(patched(8, [0xff, 0xff, 0xff, 0xff])) == .outOfBounds(structure: .kernelSymbolTableHeader, field: .count, offset: 8))
        #expect(tableError(patched(12, [0xff, 0xff, 0, 0])) == .outOfBounds(structure: .kernelSymbolTableHeader, field: .size, offset: 12))
        // Second entry's offset below the first: not sorted.
        #expect(tableError(patched(24 + 12, [0, 0, 0, 0])) == nil)  // equal offsets are allowed
        var unsorted = good
        unsorted[24] = 0x20  // first entry now starts after the second
        #expect(tableError(unsorted) == .badValue(structure: .kernelSymbolTableEntry, field: .address, offset: 36))
        #expect(tableError(patched(24 + 8, [0xff, 0, 0, 0])) == .outOfBounds(structure: .kernelSymbolTableEntry, field: .name, offset: 32))
        #expect(tableError(patched(good.count - 1, [0x41])) == .badValue(structure: .kernelSymbolTableNames, field: .size, offset: 24 + 5 * 12))
        for length in 0..<good.count {
            #expect(tableError(Array(good[..<length])) != nil, "length \(length)")
        }
        // Random corruption: either rejected, or every lookup stays in bounds.
        var rng = SplitMix64(state: 42)
        for _ in 0..<3000 {
            var b = good
            for _ in 0...rng.below(3) { b[rng.below(b.count)] = UInt8(truncatingIfNeeded: rng.next()) }
            b.withUnsafeBytes { raw in
                guard let r = try? KernelSymbolTableReader(bytes: raw) else { return }
                for _ in 0..<20 {
                    if let m = r.lookup(r.baseAddress &+ UInt64(rng.below(0x3000))) {
                        #expect(m.offset < max(m.size, 0x3000))
                    }
                }
            }
        }
    }

    @Test func bytesPerSymbolForAManyNamedTable() throws {
        var many: [KernelSymbol] = []
        for i in 0..<1000 {
            many.append(KernelSymbol(address: 0x10_0000 + UInt64(i) * 0x40, size: 0x30,
                                     name: "Kernel.Module\(i % 10).function\(i)(label:)"))
        }
        let bytes = try KernelSymbolTable.encode(many)
        try withTable(bytes) { r in
            for i in stride(from: 0, to: 1000, by: 37) {
                #expect(lookup(r, 0x10_0000 + UInt64(i) * 0x40 + 5) == "Kernel.Module\(i % 10).function\(i)(label:)+5")
            }
        }
        #expect(Double(bytes.count) / 1000 < 50)
    }
}
