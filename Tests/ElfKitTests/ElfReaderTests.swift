// Reading real files made by clang, checked against llvm-readelf.

import ElfKit
import Foundation
import Testing

/// One target to build the sample for, and what its header must say.
struct Flavor: CustomStringConvertible, Sendable {
    var name: String
    var flags: [String]
    var fileClass: ElfClass
    var order: ByteOrder
    var machine: ElfMachine
    var type: ElfFileType
    var description: String { name }
}

let flavors: [Flavor] = [
    Flavor(name: "x86_64-exe", flags: ["-O1"], fileClass: .elf64, order: .little, machine: .x86_64, type: .sharedObject),
    Flavor(name: "x86_64-obj", flags: ["-O1", "-c"], fileClass: .elf64, order: .little, machine: .x86_64, type: .relocatable),
    Flavor(name: "i686-obj", flags: ["--target=i686-unknown-none-elf", "-c"], fileClass: .elf32, order: .little, machine: .i386, type: .relocatable),
    Flavor(name: "ppc64be-obj", flags: ["--target=powerpc64-unknown-linux-gnu", "-c"], fileClass: .elf64, order: .big, machine: .ppc64, type: .relocatable),
    Flavor(name: "mipsbe-obj", flags: ["--target=mips-unknown-linux-gnu", "-c"], fileClass: .elf32, order: .big, machine: .mips, type: .relocatable),
]

struct ReadelfSection {
    var index: Int
    var name: String
    var type: String
    var address: UInt64
    var offset: UInt64
    var size: UInt64
}

func readelfSections(_ path: String) throws -> [ReadelfSection] {
    var result: [ReadelfSection] = []
    for line in try run(Tools.readelf, ["-S", "--wide", path]).split(separator: "\n") {
        let t = line.trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix("["), let close = t.firstIndex(of: "]"),
              let index = Int(t[t.index(after: t.startIndex)..<close].trimmingCharacters(in: .whitespaces)),
              index > 0 else { continue }
        let fields = t[t.index(after: close)...].split(separator: " ")
        guard fields.count >= 8, let a = parseHex(fields[2]), let o = parseHex(fields[3]),
              let s = parseHex(fields[4]) else { continue }
        result.append(ReadelfSection(
            index: index, name: String(fields[0]), type: String(fields[1]), address: a, offset: o, size: s))
    }
    return result
}

struct ReadelfSymbol {
    var index: Int
    var value: UInt64
    var size: UInt64
    var type: String
    var bind: String
    var visibility: String
    var name: String
}

/// The entries of `.symtab` as llvm-readelf prints them.
func readelfSymtab(_ path: String) throws -> [ReadelfSymbol] {
    var result: [ReadelfSymbol] = []
    var inSymtab = false
    for line in try run(Tools.readelf, ["-s", "--wide", path]).split(separator: "\n") {
        if line.hasPrefix("Symbol table") { inSymtab = line.contains("'.symtab'"); continue }
        guard inSymtab else { continue }
        let f = line.split(separator: " ")
        guard f.count >= 7, f[0].hasSuffix(":"), let index = Int(f[0].dropLast()),
              let value = parseHex(f[1]), let size = parseSize(f[2]) else { continue }
        result.append(ReadelfSymbol(
            index: index, value: value, size: size, type: String(f[3]), bind: String(f[4]),
            visibility: String(f[5]), name: f.count > 7 ? String(f[7]) : ""))
    }
    return result
}

func typeName(_ t: ElfSymbolType) -> String {
    switch t {
    case .notype: "NOTYPE"
    case .object: "OBJECT"
    case .function: "FUNC"
    case .section: "SECTION"
    case .file: "FILE"
    case .common: "COMMON"
    case .tls: "TLS"
    case .gnuIfunc: "IFUNC"
    default: "?\(t.rawValue)"
    }
}

func bindName(_ b: ElfSymbolBinding) -> String {
    switch b {
    case .local: "LOCAL"
    case .global: "GLOBAL"
    case .weak: "WEAK"
    default: "?\(b.rawValue)"
    }
}

func visibilityName(_ v: ElfSymbolVisibility) -> String {
    switch v {
    case .default: "DEFAULT"
    case .internal: "INTERNAL"
    case .hidden: "HIDDEN"
    default: "PROTECTED"
    }
}

@Suite struct ElfReaderTests {
    @Test(arguments: flavors)
    func headerSectionsAndSymbolsMatchReadelf(_ flavor: Flavor) throws {
        let dir = try TempDir()
        let path = try compileC(sampleC, in: dir, name: flavor.name, flags: flavor.flags)
        let bytes = try readBytes(path)
        let expectedSections = try readelfSections(path)
        let expectedSymbols = try readelfSymtab(path)
        #expect(!expectedSections.isEmpty)
        #expect(expectedSymbols.count > 5)

        try withElf(bytes) { file in
            #expect(file.fileClass == flavor.fileClass)
            #expect(file.byteOrder == flavor.order)
            #expect(file.header.machine == flavor.machine)
            #expect(file.header.type == flavor.type)
            #expect(file.sectionCount == expectedSections.count + 1)

            let null = try file.section(at: 0)
            #expect(null.type == .null)
            for e in expectedSections {
                let s = try file.section(at: e.index)
                #expect(string(try file.name(of: s)) == e.name, "section \(e.index)")
                #expect(s.address == e.address, "\(e.name) address")
                #expect(s.offset == e.offset, "\(e.name) offset")
                #expect(s.size == e.size, "\(e.name) size")
                let contents = try file.contents(of: s)
                #expect(contents.count == (e.type == "NOBITS" ? 0 : Int(e.size)), "\(e.name) contents")
            }
            let text = try #require(try file.section(named: ".text"))
            #expect(text.flags.contains(.execInstr))
            #expect(try file.section(named: ".no-such-section") == nil)

            let symtab = try #require(try file.symbolTable(ofType: .symtab))
            #expect(symtab.count == expectedSymbols.count)
            var names: Set<String> = []
            for e in expectedSymbols {
                let s = try symtab.symbol(at: e.index)
                #expect(s.value == e.value, "symbol \(e.index) value")
                #expect(s.size == e.size, "symbol \(e.index) size")
                #expect(typeName(s.type) == e.type, "symbol \(e.index) type")
                #expect(bindName(s.binding) == e.bind, "symbol \(e.index) binding")
                #expect(visibilityName(s.visibility) == e.visibility, "symbol \(e.index) visibility")
                let name = string(try symtab.name(of: s))
                if s.type != .section { #expect(name == e.name, "symbol \(e.index) name") }
                names.insert(name)
            }
            #expect(names.isSuperset(of: ["add", "main", "counter", "twice", "message"]))
        }
    }

    @Test func programHeadersMatchReadelf() throws {
        let dir = try TempDir()
        let path = try compileC(sampleC, in: dir, name: "exe", flags: ["-O1"])
        let out = try run(Tools.readelf, ["-l", "--wide", path])
        let loads = out.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("LOAD") }
        let entryLine = try #require(try run(Tools.readelf, ["-h", path]).split(separator: "\n")
            .first { $0.contains("Entry point address") })
        let entry = try #require(UInt64(entryLine.split(separator: " ").last!.dropFirst(2), radix: 16))

        try withElf(try readBytes(path)) { file in
            #expect(file.header.entry == entry)
            #expect(file.programHeaderCount > 0)
            var fileLoads: [ElfProgramHeader] = []
            for i in 0..<file.programHeaderCount {
                let p = try file.programHeader(at: i)
                if p.type == .load { fileLoads.append(p) }
                #expect(try file.contents(of: p).count == Int(p.fileSize))
            }
            #expect(fileLoads.count == loads.count)
            for (p, line) in zip(fileLoads, loads) {
                let f = line.split(separator: " ")
                #expect(parseSize(f[1]) == p.offset)
                #expect(parseSize(f[2]) == p.virtualAddress)
                #expect(parseSize(f[4]) == p.fileSize)
                #expect(parseSize(f[5]) == p.memorySize)
            }
            #expect(throws: ElfError.indexOutOfRange(
                structure: .programHeader, index: file.programHeaderCount, count: file.programHeaderCount)
            ) { try file.programHeader(at: file.programHeaderCount) }
        }
    }

    @Test func dynamicSymbolTableIsReadable() throws {
        let dir = try TempDir()
        let path = try compileC(sampleC, in: dir, name: "exe", flags: ["-O1", "-rdynamic"])
        try withElf(try readBytes(path)) { file in
            let dynsym = try #require(try file.symbolTable(ofType: .dynsym))
            var names: [String] = []
            for i in 0..<dynsym.count { names.append(string(try dynsym.name(of: try dynsym.symbol(at: i)))) }
            #expect(names.contains("add"))
            #expect(names.contains("__libc_start_main"))
        }
    }

    @Test func extendedSectionNumberingIsResolved() throws {
        // Rewrite a real object to use the escapes a file with >= 0xff00
        // sections must use: e_shnum = 0 and e_shstrndx = SHN_XINDEX, with
        // the real values in section 0's sh_size and sh_link.
        let dir = try TempDir()
        let path = try compileC(sampleC, in: dir, name: "obj", flags: ["-c"])
        var bytes = try readBytes(path)
        let (count, nameIndex, shoff) = try withElf(bytes) { f in
            (f.sectionCount, f.sectionNameTableIndex, Int(f.header.sectionHeaderOffset))
        }
        func put(_ value: UInt64, at offset: Int, width: Int) {
            for i in 0..<width { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
        }
        put(0, at: 60, width: 2)  // e_shnum
        put(0xffff, at: 62, width: 2)  // e_shstrndx
        put(UInt64(count), at: shoff + 32, width: 8)  // sh_size of section 0
        put(UInt64(nameIndex), at: shoff + 40, width: 4)  // sh_link of section 0
        try withElf(bytes) { f throws in
            #expect(f.header.rawSectionHeaderCount == 0)
            #expect(f.header.rawSectionNameTableIndex == 0xffff)
            #expect(f.sectionCount == count)
            #expect(f.sectionNameTableIndex == nameIndex)
            #expect(try f.section(named: ".text") != nil)
        }
    }

    @Test func stringTableRejectsUnterminatedAndOutOfRangeOffsets() throws {
        let bytes: [UInt8] = [0, 0x61, 0x62, 0, 0x63]
        try bytes.withUnsafeBytes { raw throws in
            let t = ElfStringTable(bytes: raw, sectionIndex: 7)
            #expect(string(try t.string(at: 0)) == "")
            #expect(string(try t.string(at: 1)) == "ab")
            #expect(string(try t.string(at: 2)) == "b")
            #expect(throws: ElfError.badStringOffset(table: 7, offset: 4)) { try t.string(at: 4) }
            #expect(throws: ElfError.badStringOffset(table: 7, offset: 5)) { try t.string(at: 5) }
            #expect(throws: ElfError.badStringOffset(table: 7, offset: UInt64.max)) { try t.string(at: .max) }
        }
    }
}
