// SysV and GNU hash tables: every dynamic symbol is found through them.

import ElfKit
import Foundation
import Testing

@Suite struct HashTableTests {
    static let inputs = SystemFiles.all + dynamicFixtureNames

    @Test(arguments: inputs)
    func everyDynamicSymbolIsFound(_ input: String) throws {
        let path = input.hasPrefix("/") ? input : try Fixtures.shared.require(input)
        try withElf(try readBytes(path)) { file in
            let dynsym = try #require(try file.symbolTable(ofType: .dynsym))
            var tables = 0
            for i in 0..<file.sectionCount {
                let s = try file.section(at: i)
                if s.type == .hash {
                    let h = try file.sysvHashTable(at: i)
                    #expect(h.chainCount == dynsym.count)
                    for j in 1..<dynsym.count {
                        let name = try dynsym.name(of: try dynsym.symbol(at: j))
                        guard !name.isEmpty else { continue }
                        let found = try #require(try h.lookup(name, in: dynsym), "\(string(name))")
                        // Versioned duplicates share a name; the first in the chain wins.
                        let foundName = try dynsym.name(of: try dynsym.symbol(at: found))
                        #expect(found == j || elfNameEquals(foundName, string(name)))
                    }
                    #expect(try h.lookup("no_such_symbol_in_this_file", in: dynsym) == nil)
                    tables += 1
                } else if s.type == .gnuHash {
                    let h = try file.gnuHashTable(at: i)
                    #expect(h.symbolOffset + h.chainCount == dynsym.count)
                    #expect(try h.impliedSymbolCount() == dynsym.count)
                    for j in h.symbolOffset..<dynsym.count {
                        let name = try dynsym.name(of: try dynsym.symbol(at: j))
                        let found = try #require(try h.lookup(name, in: dynsym), "\(string(name))")
                        let foundName = try dynsym.name(of: try dynsym.symbol(at: found))
                        #expect(found == j || elfNameEquals(foundName, string(name)))
                    }
                    // Undefined symbols sit below symoffset and are not hashed.
                    for j in 1..<h.symbolOffset {
                        #expect(try dynsym.symbol(at: j).isUndefined)
                    }
                    #expect(try h.lookup("no_such_symbol_in_this_file", in: dynsym) == nil)
                    tables += 1
                }
            }
            #expect(tables >= 1)
        }
    }

    @Test func hashFunctions() {
        // Reference values from the gABI algorithm and glibc's dl_new_hash.
        #expect(elfSysVHash("".utf8) == 0)
        #expect(elfSysVHash("printf".utf8) == 0x077905a6)
        #expect(elfGNUHash("".utf8) == 5381)
        #expect(elfGNUHash("printf".utf8) == 0x156b2bb8)
    }

    @Test func hostileTables() throws {
        func le(_ w: [UInt32]) -> [UInt8] { w.flatMap { v in withUnsafeBytes(of: v.littleEndian) { Array($0) } } }
        // nbucket 0 would divide by zero.
        le([0, 3, 0, 0, 0]).withUnsafeBytes { raw -> Void in
            #expect(throws: ElfError.badValue(structure: .sysvHashTable, field: .bucketCount, offset: 0)) {
                _ = try ElfSysVHashTable(bytes: raw, order: .little)
            }
        }
        // Huge counts: the arrays would leave the section.
        le([0xffff_ffff, 0xffff_ffff, 0, 0]).withUnsafeBytes { raw -> Void in
            #expect(throws: ElfError.outOfBounds(structure: .sysvHashTable, field: .count, offset: 0)) {
                _ = try ElfSysVHashTable(bytes: raw, order: .little)
            }
            #expect(throws: ElfError.badValue(structure: .gnuHashTable, field: .bloomSize, offset: 0)) {
                _ = try ElfGNUHashTable(bytes: UnsafeRawBufferPointer(rebasing: raw[0..<16]), fileClass: .elf64, order: .little)
            }
        }
        le([0xffff_ffff, 1, 0xffff, 6, 0]).withUnsafeBytes { raw -> Void in
            #expect(throws: ElfError.outOfBounds(structure: .gnuHashTable, field: .bucketCount, offset: 0)) {
                _ = try ElfGNUHashTable(bytes: raw, fileClass: .elf64, order: .little)
            }
        }
    }
}
