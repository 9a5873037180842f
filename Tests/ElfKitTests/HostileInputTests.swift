// Malformed inputs must give a typed ElfError, never a trap: truncations at
// every length, random corruption of headers, and targeted hostile values.

import ElfKit
import TestSupport
import Testing

/// Reads everything the reader exposes, as a tool would; the first error wins.
func walk(_ bytes: [UInt8]) -> ElfError? {
    bytes.withUnsafeBytes { raw in
        do throws(ElfError) {
            let file = try ElfFile(bytes: raw)
            for i in 0..<file.sectionCount {
                let s = try file.section(at: i)
                if file.sectionNameTableIndex != 0 { _ = try file.name(of: s) }
                _ = try file.contents(of: s)
                if s.type == .symtab || s.type == .dynsym {
                    let table = try file.symbolTable(at: i)
                    for j in 0..<table.count {
                        let sym = try table.symbol(at: j)
                        _ = try table.name(of: sym)
                        _ = try file.sectionIndex(of: sym, in: table)
                    }
                }
            }
            for i in 0..<file.programHeaderCount {
                _ = try file.contents(of: try file.programHeader(at: i))
            }
            return nil
        } catch {
            return error
        }
    }
}

@Suite struct HostileInputTests {
    static func sample(_ flags: [String]) throws -> [UInt8] {
        let dir = try TempDir()
        return try readBytes(try compileC(sampleC, in: dir, name: "s", flags: flags))
    }

    @Test(arguments: [["-c"], ["--target=i686-unknown-none-elf", "-c"], ["--target=powerpc64-unknown-linux-gnu", "-c"]])
    func everyTruncationIsATypedError(_ flags: [String]) throws {
        let bytes = try Self.sample(flags)
        #expect(walk(bytes) == nil)
        for length in 0..<bytes.count {
            // Section headers sit at the end, so every strict prefix is invalid.
            #expect(walk(Array(bytes[..<length])) != nil, "length \(length)")
        }
        #expect(walk([]) == .truncated(structure: .identification, offset: 0))
        #expect(walk(Array(bytes[..<20])) == .truncated(structure: .fileHeader, offset: 0))
    }

    @Test func randomCorruptionNeverTraps() throws {
        let original = try Self.sample(["-O1"])
        let shoff = try withElf(original) { Int($0.header.sectionHeaderOffset) }
        var rng = SplitMix64(state: 0x5eed)
        var failures = 0
        for round in 0..<4000 {
            var bytes = original
            for _ in 0...rng.below(4) {
                // Aim at the places that steer parsing: the file header,
                // program headers, section headers, then anywhere.
                let region = rng.below(4)
                let at: Int
                switch region {
                case 0: at = rng.below(64)
                case 1: at = 64 + rng.below(13 * 56)
                case 2: at = shoff + rng.below(bytes.count - shoff)
                default: at = rng.below(bytes.count)
                }
                switch rng.below(3) {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes[at] = 0xff
                default: bytes[at] ^= UInt8(1 << rng.below(8))
                }
            }
            if walk(bytes) != nil { failures += 1 }
            _ = round
        }
        // Most mutations hit something checked; the point is that none trapped.
        #expect(failures > 100)
    }

    @Test func targetedHostileValues() throws {
        let original = try Self.sample(["-c"])
        func patched(_ offset: Int, _ values: [UInt8]) -> [UInt8] {
            var b = original
            for (i, v) in values.enumerated() { b[offset + i] = v }
            return b
        }
        #expect(walk(patched(0, [0x7f, 0x45, 0x4c, 0x47])) == .badMagic)
        #expect(walk(patched(4, [3])) == .unsupportedClass(3))
        #expect(walk(patched(5, [0])) == .unsupportedDataEncoding(0))
        #expect(walk(patched(6, [2])) == .unsupportedVersion(structure: .identification, value: 2))
        // e_shnum huge: the table would leave the file.
        #expect(walk(patched(60, [0xfe, 0xff])) == .outOfBounds(structure: .fileHeader, field: .sectionHeaderCount, offset: 0))
        // e_shoff past the end of the file.
        #expect(walk(patched(40, [0, 0, 0, 0, 0, 0, 0, 0x80])) == .truncated(structure: .sectionHeader, offset: Int.max))
        #expect(walk(patched(40, [0, 0, 1, 0, 0, 0, 0, 0])) == .truncated(structure: .sectionHeader, offset: 0x10000))
        // e_shstrndx beyond the table.
        #expect(walk(patched(62, [0xf0, 0x00])) == .badValue(structure: .fileHeader, field: .sectionNameTableIndex, offset: 0))
        // e_shentsize smaller than a section header.
        #expect(walk(patched(58, [8, 0])) == .badValue(structure: .fileHeader, field: .sectionHeaderEntrySize, offset: 0))
        // e_phnum nonzero with a bogus entry size in an object without program headers.
        #expect(walk(patched(56, [0xff, 0x00])) != nil)
    }

    @Test func sectionFieldsPointingOutsideTheFileAreReported() throws {
        let original = try Self.sample(["-c"])
        let (shoff, textIndex) = try withElf(original) { f in
            (Int(f.header.sectionHeaderOffset), try #require(try f.section(named: ".text")).index)
        }
        let header = shoff + 64 * textIndex
        var bytes = original
        for i in 0..<8 { bytes[header + 32 + i] = 0xff }  // sh_size = 2^64 - 1
        #expect(walk(bytes) == .outOfBounds(structure: .sectionHeader, field: .size, offset: header))
        bytes = original
        for i in 0..<8 { bytes[header + 24 + i] = 0x7f }  // sh_offset huge
        #expect(walk(bytes) == .outOfBounds(structure: .sectionHeader, field: .offset, offset: header))
        bytes = original
        for i in 0..<4 { bytes[header + i] = 0xff }  // sh_name outside .shstrtab
        #expect(walk(bytes) == .badStringOffset(table: try withElf(original) { $0.sectionNameTableIndex }, offset: 0xffff_ffff))
    }

    @Test func corruptedSymbolTablesAreReported() throws {
        let original = try Self.sample(["-c"])
        let (symtabHeader, symtabOffset) = try withElf(original) { f in
            let t = try #require(try f.symbolTable(ofType: .symtab))
            let s = try f.section(at: t.sectionIndex)
            return (s.headerOffset, Int(s.offset))
        }
        var bytes = original
        for i in 0..<8 { bytes[symtabHeader + 56 + i] = 0 }
        bytes[symtabHeader + 56] = 3  // sh_entsize smaller than Elf64_Sym
        #expect(walk(bytes) == .badValue(structure: .sectionHeader, field: .entrySize, offset: symtabHeader))
        bytes = original
        for i in 0..<4 { bytes[symtabHeader + 40 + i] = 0xff }  // sh_link to nowhere
        #expect(walk(bytes) == .badValue(structure: .sectionHeader, field: .link, offset: symtabHeader))
        bytes = original
        // Symbol 1's st_name far outside .strtab.
        for i in 0..<4 { bytes[symtabOffset + 24 + i] = 0xee }
        #expect(walk(bytes) == .badStringOffset(table: try withElf(original) { f in
            Int(try f.section(at: try #require(try f.symbolTable(ofType: .symtab)).sectionIndex).link)
        }, offset: 0xeeee_eeee))
    }
}
