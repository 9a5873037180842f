// Inputs found by Fuzz/run.sh, kept as regression tests: each must give a
// typed ElfError (or a valid answer), never a trap.

import ElfKit
import Testing

@Suite struct FuzzRegressionTests {
    /// A minimal ELF64 little-endian relocatable file with three sections:
    /// the null section, a one-byte .strtab, and a .symtab with `symtabSize`
    /// bytes at offset 0x40 and sh_entsize `entrySize`, linked to .strtab.
    static func file(symtabSize: UInt64, entrySize: UInt64) -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 0x48 + 3 * 64)
        func put(_ v: UInt64, _ at: Int, _ width: Int) {
            for i in 0..<width { b[at + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(i))) }
        }
        b[0] = 0x7f; b[1] = 0x45; b[2] = 0x4c; b[3] = 0x46
        b[4] = 2; b[5] = 1; b[6] = 1  // ELF64, little endian, EV_CURRENT
        put(1, 16, 2)  // ET_REL
        put(62, 18, 2)  // EM_X86_64
        put(1, 20, 4)
        put(0x48, 40, 8)  // e_shoff
        put(64, 52, 2)  // e_ehsize
        put(64, 58, 2)  // e_shentsize
        put(3, 60, 2)  // e_shnum
        let strtab = 0x48 + 64
        put(3, strtab + 4, 4)  // SHT_STRTAB
        put(0x40, strtab + 24, 8)  // sh_offset: a zero byte inside the header padding
        put(1, strtab + 32, 8)
        let symtab = 0x48 + 128
        put(2, symtab + 4, 4)  // SHT_SYMTAB
        put(0x40, symtab + 24, 8)
        put(symtabSize, symtab + 32, 8)
        put(1, symtab + 40, 4)  // sh_link: .strtab
        put(entrySize, symtab + 56, 8)
        return b
    }

    static let symtabHeaderOffset = 0x48 + 128

    /// Fuzz crash: sh_size 0 and sh_entsize above Int.max trapped in
    /// ElfSymbolTable.init converting the entry size to Int.
    @Test func emptySymbolTableWithHugeEntrySizeIsRejected() throws {
        for entrySize: UInt64 in [0x8000_0000_0000_0000, UInt64.max, UInt64(Int.max), 1 << 32] {
            let bytes = Self.file(symtabSize: 0, entrySize: entrySize)
            let error = bytes.withUnsafeBytes { raw -> ElfError? in
                do throws(ElfError) {
                    _ = try ElfFile(bytes: raw).symbolTable(at: 2)
                    return nil
                } catch { return error }
            }
            #expect(error == .badValue(structure: .sectionHeader, field: .entrySize, offset: Self.symtabHeaderOffset))
            #expect(walk(bytes) != nil)
        }
    }

    /// A non-empty table whose entry is larger than the table is rejected too.
    @Test func entryLargerThanTableIsRejected() throws {
        let bytes = Self.file(symtabSize: 8, entrySize: 48)
        #expect(walk(bytes) == .badValue(structure: .sectionHeader, field: .entrySize, offset: Self.symtabHeaderOffset))
    }

    /// An empty table with an ordinary entry size is valid and has no symbols.
    @Test func emptySymbolTableWithOrdinaryEntrySizeIsEmpty() throws {
        let bytes = Self.file(symtabSize: 0, entrySize: 24)
        let count = try bytes.withUnsafeBytes { raw throws(ElfError) -> Int in
            try ElfFile(bytes: raw).symbolTable(at: 2).count
        }
        #expect(count == 0)
        #expect(walk(bytes) == nil)
    }
}
