// Hostile inputs for notes, relocations, RELR, dynamic tables, hash tables,
// symbol versions and compression headers: mutated counts, offsets, sizes
// and links give a typed ElfError, never a trap.

import ElfKit
import TestSupport
import Testing

/// Reads every note, relocation, dynamic entry, hash lookup, version and
/// compression header the reader exposes; the first error wins.
func walkExtras(_ bytes: [UInt8]) -> ElfError? {
    bytes.withUnsafeBytes { raw in
        do throws(ElfError) {
            let file = try ElfFile(bytes: raw)
            let machine = file.header.machine
            func drain(_ it: inout ElfNoteIterator) throws(ElfError) {
                while let n = try it.next() {
                    _ = try n.gnuABITag()
                    if var p = n.gnuProperties(machine: machine) { while try p.next() != nil {} }
                }
            }
            for i in 0..<file.programHeaderCount {
                let p = try file.programHeader(at: i)
                if p.type == .note { var it = try file.notes(in: p); try drain(&it) }
                if p.type == .dynamic {
                    let t = try file.dynamicTable(in: p)
                    for j in 0..<t.count { _ = try t.string(of: try t.entry(at: j)) }
                }
            }
            let dynsym = try file.symbolTable(ofType: .dynsym)
            let versions = try file.symbolVersioning()
            for i in 0..<file.sectionCount {
                let s = try file.section(at: i)
                _ = try file.compressedContents(of: s)
                switch s.type {
                case .note:
                    var it = try file.notes(in: s)
                    try drain(&it)
                case .rel, .rela:
                    let t = try file.relocationTable(at: i)
                    for j in 0..<t.count { _ = try t.relocation(at: j) }
                case .relr:
                    var it = try file.relrAddresses(in: s)
                    while try it.next() != nil {}
                case .dynamic:
                    let t = try file.dynamicTable(at: i)
                    for j in 0..<t.count { _ = try t.string(of: try t.entry(at: j)) }
                case .hash, .gnuHash:
                    guard let dynsym else { break }
                    for j in 1..<max(1, dynsym.count) {
                        let name = try dynsym.name(of: try dynsym.symbol(at: j))
                        if s.type == .hash {
                            _ = try file.sysvHashTable(at: i).lookup(name, in: dynsym)
                        } else {
                            _ = try file.gnuHashTable(at: i).lookup(name, in: dynsym)
                        }
                    }
                case .gnuVersionDefinitions:
                    var it = try file.versionDefinitions(in: s)
                    while let d = try it.next() {
                        var names = d.names()
                        while try names.next() != nil {}
                    }
                case .gnuVersionRequirements:
                    var it = try file.versionRequirements(in: s)
                    while let n = try it.next() {
                        var v = n.versions()
                        while try v.next() != nil {}
                    }
                default:
                    break
                }
            }
            if let dynsym, let versions {
                for j in 0..<dynsym.count { _ = try versions.version(of: try dynsym.symbol(at: j)) }
            }
            return nil
        } catch {
            return error
        }
    }
}

@Suite struct ReaderExtrasHostileTests {
    /// The bytes of a fixture and the (header offset, contents offset, size) of its sections by name.
    static func load(_ name: String) throws -> ([UInt8], [String: (header: Int, offset: Int, size: Int)]) {
        let bytes = try readBytes(try Fixtures.shared.require(name))
        let map = try withElf(bytes) { file in
            var m: [String: (header: Int, offset: Int, size: Int)] = [:]
            for i in 0..<file.sectionCount {
                let s = try file.section(at: i)
                m[try sectionName(file, i)] = (s.headerOffset, Int(s.offset), Int(s.size))
            }
            return m
        }
        return (bytes, map)
    }

    static func put(_ bytes: inout [UInt8], _ value: UInt64, at offset: Int, width: Int) {
        for i in 0..<width { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
    }

    @Test(arguments: ["libboth.so", "libsysv.so", "relr", "lib32.so", "isa", "zlib.o", "x86_64.o", "ppc64.o"])
    func randomCorruptionOfNewStructuresNeverTraps(_ name: String) throws {
        let (original, sections) = try Self.load(name)
        #expect(walkExtras(original) == nil)
        let targets = sections.values.filter { $0.size > 0 && $0.offset + $0.size <= original.count }
        var rng = SplitMix64(state: 0xe1f + UInt64(original.count))
        var failures = 0
        for _ in 0..<1500 {
            var bytes = original
            for _ in 0...rng.below(3) {
                let t = targets[rng.below(targets.count)]
                // Contents or one of the section header's fields.
                let at = rng.below(3) == 0 ? t.header + rng.below(original[4] == 2 ? 64 : 40) : t.offset + rng.below(t.size)
                switch rng.below(3) {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes[at] = 0xff
                default: bytes[at] ^= UInt8(1 << rng.below(8))
                }
            }
            if walkExtras(bytes) != nil { failures += 1 }
        }
        #expect(failures > 0)
    }

    @Test func targetedHostileValues() throws {
        let (original, s) = try Self.load("libboth.so")
        func mutated(_ edit: (inout [UInt8]) -> Void) -> ElfError? {
            var b = original
            edit(&b)
            return walkExtras(b)
        }
        let note = try #require(s[".note.gnu.build-id"])
        // namesz huge.
        #expect(mutated { Self.put(&$0, 0xffff_fff0, at: note.offset, width: 4) }
            == .outOfBounds(structure: .note, field: .nameSize, offset: note.offset))
        // Misaligned container: sh_addralign 16.
        #expect(mutated { Self.put(&$0, 16, at: note.header + 48, width: 8) }
            == .badValue(structure: .note, field: .alignment, offset: note.offset))
        // GNU hash: bloom_size 0 and nbuckets huge.
        let gnu = try #require(s[".gnu.hash"])
        #expect(mutated { Self.put(&$0, 0, at: gnu.offset + 8, width: 4) }
            == .badValue(structure: .gnuHashTable, field: .bloomSize, offset: gnu.offset))
        #expect(mutated { Self.put(&$0, 0x7fff_ffff, at: gnu.offset, width: 4) }
            == .outOfBounds(structure: .gnuHashTable, field: .bucketCount, offset: gnu.offset))
        // SysV hash: nchain huge, and every chain pointing at itself (a cycle).
        let hash = try #require(s[".hash"])
        #expect(mutated { Self.put(&$0, 0xffff_ffff, at: hash.offset + 4, width: 4) }
            == .outOfBounds(structure: .sysvHashTable, field: .count, offset: hash.offset))
        let (nbucket, nchain) = (Int(original[hash.offset]), Int(original[hash.offset + 4]))
        #expect(nchain > 2)
        #expect(mutated { b in
            // Every bucket starts at symbol 1, whose chain points back at itself.
            for i in 0..<nbucket { Self.put(&b, 1, at: hash.offset + 8 + 4 * i, width: 4) }
            Self.put(&b, 1, at: hash.offset + 8 + 4 * (nbucket + 1), width: 4)
        } == .badValue(structure: .sysvHashTable, field: .chain, offset: hash.offset))
        // .dynamic linked to itself.
        let dynamicIndex = try withElf(original) { try #require(try $0.section(named: ".dynamic")).index }
        let dyn = try #require(s[".dynamic"])
        #expect(mutated { Self.put(&$0, UInt64(dynamicIndex), at: dyn.header + 40, width: 4) }
            == .badValue(structure: .sectionHeader, field: .link, offset: dyn.header))
        // RELA with an entry size smaller than Elf64_Rela.
        let rela = try #require(s[".rela.dyn"])
        #expect(mutated { Self.put(&$0, 8, at: rela.header + 56, width: 8) }
            == .badValue(structure: .sectionHeader, field: .entrySize, offset: rela.header))
        // Version requirements: vn_next far away, vn_version 2, and a count larger than the list.
        let verneed = try #require(s[".gnu.version_r"])
        #expect(mutated { Self.put(&$0, 0x7fff_0000, at: verneed.offset + 12, width: 4); Self.put(&$0, 9, at: verneed.header + 44, width: 4) }
            == .outOfBounds(structure: .versionRequirement, field: .next, offset: verneed.offset))
        #expect(mutated { Self.put(&$0, 2, at: verneed.offset, width: 2) }
            == .unsupportedVersion(structure: .versionRequirement, value: 2))
        // Version definitions: vd_aux past the end.
        let verdef = try #require(s[".gnu.version_d"])
        #expect(mutated { Self.put(&$0, 0xffff_fff0, at: verdef.offset + 12, width: 4) }
            == .outOfBounds(structure: .versionDefinition, field: .auxiliary, offset: verdef.offset))
    }

    @Test func relrTableEndingInABitmapAndLeadingBitmap() throws {
        let (original, s) = try Self.load("relr")
        let relr = try #require(s[".relr.dyn"])
        var b = original
        Self.put(&b, 0xffff_ffff_ffff_ffff, at: relr.offset + relr.size - 8, width: 8)  // all-ones bitmap last
        #expect(walkExtras(b) == nil)
        b = original
        Self.put(&b, 3, at: relr.offset, width: 8)  // a bitmap with no address before it
        #expect(walkExtras(b) == .badValue(structure: .relrEntry, field: .value, offset: relr.offset))
    }
}
