// REL / RELA / RELR against `readelf -rW`.

import ElfKit
import Foundation
import Testing

struct ReadelfRelocation: Equatable {
    var offset: UInt64
    var info: UInt64
    var type: String
    var symbol: String?
    var addend: Int64?
}

/// readelf -rW: section name -> entries (REL/RELA), and RELR sections -> addresses.
func readelfRelocations(_ path: String) throws -> (rel: [String: [ReadelfRelocation]], relr: [String: [UInt64]]) {
    var rel: [String: [ReadelfRelocation]] = [:]
    var relr: [String: [UInt64]] = [:]
    var current: String?
    var isRelr = false
    for line in try gnuReadelf(["-rW", path]).split(separator: "\n") {
        if line.hasPrefix("Relocation section '") {
            let rest = line.dropFirst("Relocation section '".count)
            current = String(rest[..<rest.firstIndex(of: "'")!])
            isRelr = false
            continue
        }
        guard let name = current else { continue }
        let f = line.split(separator: " ")
        if f.count == 2, f[1] == "offsets" { isRelr = true; relr[name] = []; continue }
        if isRelr {
            if f.count >= 1, let a = UInt64(f[0], radix: 16) { relr[name]!.append(a) }
            continue
        }
        guard f.count >= 3, let off = UInt64(f[0], radix: 16), let info = UInt64(f[1], radix: 16) else { continue }
        var r = ReadelfRelocation(offset: off, info: info, type: String(f[2]))
        let tail = Array(f[3...])
        if tail.count == 1 {
            r.addend = Int64(bitPattern: UInt64(tail[0], radix: 16) ?? 0)
        } else if tail.count >= 4, tail[tail.count - 2] == "+" || tail[tail.count - 2] == "-" {
            let v = Int64(bitPattern: UInt64(tail[tail.count - 1], radix: 16) ?? 0)
            r.addend = tail[tail.count - 2] == "+" ? v : -v
            r.symbol = tail[1..<(tail.count - 2)].joined(separator: " ")
        } else if tail.count >= 2 {
            r.symbol = tail[1...].joined(separator: " ")
        }
        rel[name, default: []].append(r)
    }
    return (rel, relr)
}

@Suite struct RelocationTests {
    static let inputs = SystemFiles.all + [
        "x86_64.o", "i386.o", "ppc64.o", "aarch64.o", "riscv64.o", "libsysv.so", "libboth.so", "relr", "lib32.so",
    ]

    @Test(arguments: inputs)
    func relocationsMatchReadelf(_ input: String) throws {
        let path = input.hasPrefix("/") ? input : try Fixtures.shared.require(input)
        let expected = try readelfRelocations(path)
        try withElf(try readBytes(path)) { file in
            let versions = try file.symbolVersioning()
            var seen = 0
            for i in 0..<file.sectionCount {
                let s = try file.section(at: i)
                let name = try sectionName(file, i)
                if s.type == .relr {
                    var it = try file.relrAddresses(in: s)
                    var addresses: [UInt64] = []
                    while let a = try it.next() { addresses.append(a) }
                    #expect(addresses == expected.relr[name], "\(name)")
                    #expect(!addresses.isEmpty)
                    seen += 1
                    continue
                }
                guard s.type == .rel || s.type == .rela else { continue }
                let table = try file.relocationTable(at: i)
                let want = expected.rel[name] ?? []
                #expect(table.count == want.count, "\(name)")
                let symbols = table.symbolTableIndex == 0 ? nil : try file.symbolTable(at: table.symbolTableIndex)
                let dynamic = symbols.map { (try? file.section(at: $0.sectionIndex).type) == .dynsym } ?? false
                for (j, w) in zip(0..<table.count, want) {
                    let r = try table.relocation(at: j)
                    #expect(r.offset == w.offset && r.info == w.info, "\(name)[\(j)]")
                    if let typeName = file.header.machine.relocationTypeName(r.type) {
                        #expect(typeName == w.type, "\(name)[\(j)]")
                    } else {
                        #expect(file.header.machine == .ppc64, "unnamed type \(r.type) in \(name)")
                    }
                    if table.hasAddends { #expect(r.addend == (w.addend ?? 0), "\(name)[\(j)]") } else { #expect(r.addend == nil) }
                    if r.symbolIndex != 0, let symbols, let ws = w.symbol {
                        let ours = try versionedName(
                            file, symbols, Int(r.symbolIndex), versions: dynamic ? versions : nil, forRelocation: true)
                        // readelf's columns lose trailing blanks (RISC-V's ".L0 " labels).
                        #expect(ours.trimmingCharacters(in: .whitespaces) == ws, "\(name)[\(j)]")
                    }
                }
                seen += 1
            }
            #expect(seen == expected.rel.count + expected.relr.count)
        }
    }

    @Test(arguments: SystemFiles.all + dynamicFixtureNames)
    func dynamicRelocationsAreTheSectionRelocations(_ input: String) throws {
        let path = input.hasPrefix("/") ? input : try Fixtures.shared.require(input)
        try withElf(try readBytes(path)) { file in
            let dynamic = try #require(try file.dynamicTable())
            let found = try file.dynamicRelocations(dynamic)
            func entries(_ t: ElfRelocationTable?) throws -> [ElfRelocation] {
                guard let t else { return [] }
                return try (0..<t.count).map { try t.relocation(at: $0) }
            }
            func section(_ name: String) throws -> [ElfRelocation] {
                guard let s = try file.section(named: name) else { return [] }
                return try entries(try file.relocationTable(at: s.index))
            }
            let dyn = try section(file.fileClass == .elf64 ? ".rela.dyn" : ".rel.dyn")
            let plt = try section(file.fileClass == .elf64 ? ".rela.plt" : ".rel.plt")
            let fromTags = try entries(file.fileClass == .elf64 ? found.rela : found.rel)
            // DT_RELASZ may or may not cover .rela.plt as well, depending on the linker.
            #expect(fromTags.map(\.info) == dyn.map(\.info) || fromTags.map(\.info) == (dyn + plt).map(\.info))
            #expect(try entries(found.plt).map(\.offset) == plt.map(\.offset))
            if var relr = found.relr, let s = try file.section(named: ".relr.dyn") {
                var a: [UInt64] = [], b: [UInt64] = []
                while let x = try relr.next() { a.append(x) }
                var it = try file.relrAddresses(in: s)
                while let x = try it.next() { b.append(x) }
                #expect(a == b && !a.isEmpty)
            } else {
                let relrSection = try file.section(named: ".relr.dyn")
                #expect(found.relr == nil && relrSection == nil)
            }
        }
    }

    @Test func infoIsSplitPerClass() throws {
        // ELF32: sym = info >> 8, type = info & 0xff; ELF64: sym = info >> 32.
        let rel32: [UInt8] = [0x10, 0, 0, 0, 0x02, 0x05, 0, 0]
        try rel32.withUnsafeBytes { raw in
            let t = try ElfRelocationTable(bytes: raw, hasAddends: false, fileClass: .elf32, order: .little)
            let r = try t.relocation(at: 0)
            #expect(r.offset == 0x10 && r.symbolIndex == 5 && r.type == 2 && r.addend == nil)
        }
        let rela64BE: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 7, 0, 0, 0, 0x26] + [UInt8](repeating: 0xff, count: 8)
        try rela64BE.withUnsafeBytes { raw in
            let t = try ElfRelocationTable(bytes: raw, hasAddends: true, fileClass: .elf64, order: .big)
            let r = try t.relocation(at: 0)
            #expect(r.offset == 8 && r.symbolIndex == 7 && r.type == 0x26 && r.addend == -1)
            #expect(throws: ElfError.indexOutOfRange(structure: .relocation, index: 1, count: 1)) {
                _ = try t.relocation(at: 1)
            }
        }
        #expect(ElfMachine.x86_64.relocationTypeName(7) == "R_X86_64_JUMP_SLOT")
        #expect(ElfMachine.i386.relocationTypeName(43) == "R_386_GOT32X")
        #expect(ElfMachine.aarch64.relocationTypeName(1027) == "R_AARCH64_RELATIVE")
        #expect(ElfMachine.riscv.relocationTypeName(19) == "R_RISCV_CALL_PLT")
        #expect(ElfMachine.x86_64.relocationTypeName(9999) == nil)
    }

    @Test func relrBitmapsDecode() throws {
        // 0x1000 (address), bitmap 0b1011 -> 0x1008 and 0x1018 (bits 1 and 3 of the bitmap, minus the tag bit).
        func words64(_ w: [UInt64]) -> [UInt8] { w.flatMap { v in withUnsafeBytes(of: v.littleEndian) { Array($0) } } }
        let addresses: (([UInt8], ElfClass) throws -> [UInt64]) = { bytes, cls in
            try bytes.withUnsafeBytes { raw in
                var it = try ElfRelrIterator(bytes: raw, fileClass: cls, order: .little)
                var out: [UInt64] = []
                while let a = try it.next() { out.append(a) }
                return out
            }
        }
        #expect(try addresses(words64([0x1000, 0b1011]), .elf64) == [0x1000, 0x1008, 0x1018])
        // A second bitmap continues 63 words further.
        #expect(try addresses(words64([0x1000, 0b11, 0b11]), .elf64) == [0x1000, 0x1008, 0x1008 + 63 * 8])
        // ELF32: 31 words per bitmap, 4-byte words.
        let w32: [UInt8] = [0x00, 0x20, 0, 0, 0x07, 0, 0, 0, 0x03, 0, 0, 0]
        #expect(try addresses(w32, .elf32) == [0x2000, 0x2004, 0x2008, 0x2004 + 31 * 4])
        // A leading bitmap has no base: typed error, not a guess.
        #expect(throws: ElfError.badValue(structure: .relrEntry, field: .value, offset: 0)) {
            _ = try addresses(words64([0b11]), .elf64)
        }
        // A table whose size is not a whole number of words.
        #expect(throws: ElfError.badValue(structure: .sectionHeader, field: .size, offset: 0)) {
            _ = try addresses(Array(words64([0x1000, 0b11]).dropLast()), .elf64)
        }
        // A bitmap at the very end of the table whose bits run past the address space wraps as the loader would.
        #expect(try addresses(words64([0xffff_ffff_ffff_fff8, 0b101]), .elf64) == [0xffff_ffff_ffff_fff8, 8])
    }
}
