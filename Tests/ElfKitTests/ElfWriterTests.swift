// ElfBuilder: files it builds run, satisfy readelf without warnings, and
// read back through ElfFile with the same sections and symbols.

import ElfKit
import Foundation
import Testing

/// Both readelfs over every table; neither may print a warning or error.
func expectCleanReadelf(_ path: String) throws {
    for (tool, args) in [(Tools.readelf, ["-a", "-W"]), ("/usr/bin/readelf", ["-a", "-W"])] {
        let r = try runCollecting(tool, args + [path])
        #expect(r.err.isEmpty, "\(tool): \(r.err)")
        #expect(!r.out.lowercased().contains("warning"), "\(tool): \(r.out)")
    }
}

func writeFile(_ bytes: [UInt8], _ path: String, executable: Bool = false) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
}

@Suite struct ElfWriterTests {
    /// mov eax, 60; mov edi, [rip+data]; syscall: exits with the byte in .data.
    static let exitCode: [UInt8] = [0xb8, 0x3c, 0, 0, 0, 0x8b, 0x3d, 0xf5, 0x0f, 0, 0, 0x0f, 0x05]

    static func executable() -> ElfBuilder {
        var b = ElfBuilder(type: .executable, machine: .x86_64)
        b.entry = 0x40_1000
        let text = b.addSection(
            name: ".text", flags: [.alloc, .execInstr], address: 0x40_1000, alignment: 16, contents: exitCode)
        // .data sits at 0x402000: the displacement 0xff5 above is 0x402000 - 0x40100b.
        let data = b.addSection(name: ".data", flags: [.alloc, .write], address: 0x40_2000, alignment: 8,
                                contents: [42, 0, 0, 0, 0, 0, 0, 0])
        let bss = b.addNoBitsSection(name: ".bss", address: 0x40_2008, alignment: 8, size: 0x2000)
        b.addSection(name: ".comment", flags: [.merge, .strings], entrySize: 1, contents: Array("keel\0".utf8))
        b.addSegment(type: .load, flags: [.read, .execute], sections: [text])
        b.addSegment(type: .load, flags: [.read, .write], sections: [data, bss])
        b.addSegment(type: .gnuStack, flags: [.read, .write])
        b.addSymbol(name: "_start", value: 0x40_1000, size: UInt64(exitCode.count), type: .function, section: .section(text))
        b.addSymbol(name: "exit_value", value: 0x40_2000, size: 8, type: .object, binding: .local, section: .section(data))
        b.addSymbol(name: "scratch", value: 0x40_2008, size: 0x2000, type: .object, binding: .weak,
                    visibility: .hidden, section: .section(bss))
        b.addSymbol(name: "abs_marker", value: 0x1234, section: .absolute)
        b.addSymbol(name: "external", value: 0, section: .undefined)
        return b
    }

    @Test func builtExecutableRunsAndReadsBack() throws {
        let builder = Self.executable()
        let bytes = try builder.build()
        let dir = try TempDir()
        let path = "\(dir.path)/built"
        try writeFile(bytes, path, executable: true)
        #expect(try runCollecting(path, []).status == 42)
        try expectCleanReadelf(path)

        let sections = try readelfSections(path)
        #expect(sections.map(\.name) == [".text", ".data", ".bss", ".comment", ".symtab", ".strtab", ".shstrtab"])
        try withElf(bytes) { file in
            #expect(file.header.type == .executable && file.header.entry == 0x40_1000)
            for (i, s) in builder.sections.enumerated() {
                let h = try file.section(at: i + 1)
                #expect(string(try file.name(of: h)) == s.name)
                #expect(h.type == s.type && h.flags == s.flags && h.address == s.address)
                #expect(h.size == s.size && h.addressAlignment == s.alignment)
                #expect(Array(try file.contents(of: h)) == s.contents)
                if h.flags.contains(.alloc) { #expect(h.offset % 0x1000 == h.address % 0x1000) }
            }
            let table = try #require(try file.symbolTable(ofType: .symtab))
            #expect(table.count == builder.symbols.count + 1)
            // Locals first: the gABI's sh_info rule.
            let names = try (1..<table.count).map { try string(table.name(of: table.symbol(at: $0))) }
            #expect(names == ["exit_value", "_start", "scratch", "abs_marker", "external"])
            let scratch = try table.symbol(at: 3)
            #expect(scratch.binding == .weak && scratch.visibility == .hidden && scratch.size == 0x2000)
            #expect(try file.sectionIndex(of: scratch, in: table) == 3)
            #expect(try table.symbol(at: 4).sectionIndex == ElfSectionIndex.absolute)
            let plan = try ElfLoadPlan(file: file)
            #expect(plan.mappings.count == 2)
            #expect(plan.mappings[1].zeroFillEnd == 0x40_4008)
        }
        let symbols = try readelfSymtab(path)
        #expect(symbols.map(\.name) == ["", "exit_value", "_start", "scratch", "abs_marker", "external"])
        #expect(symbols[2].value == 0x40_1000 && symbols[2].type == "FUNC" && symbols[2].bind == "GLOBAL")
    }

    @Test(arguments: [(ElfClass.elf32, ByteOrder.little), (.elf32, .big), (.elf64, .big)])
    func otherClassesAndByteOrdersRoundTrip(_ c: ElfClass, _ order: ByteOrder) throws {
        var b = ElfBuilder(fileClass: c, byteOrder: order, type: .relocatable, machine: c == .elf32 ? .mips : .ppc64)
        let text = b.addSection(name: ".text", flags: [.alloc, .execInstr], alignment: 4, contents: [1, 2, 3, 4, 5, 6, 7, 8])
        let note = b.addSection(name: ".note.keel", type: .note, alignment: 4,
                                contents: [0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 1, 0x4b, 0x45, 0x45, 0x4c, 0, 0, 0, 0].reversedIf(order == .little))
        b.addSymbol(name: "f", value: 4, size: 4, type: .function, section: .section(text))
        b.addSymbol(name: "local_note", value: 0, binding: .local, section: .section(note))
        let bytes = try b.build()
        let dir = try TempDir()
        let path = "\(dir.path)/obj"
        try writeFile(bytes, path)
        let r = try runCollecting(Tools.readelf, ["-S", "-s", "-h", "-W", path])
        #expect(r.status == 0 && r.err.isEmpty, "\(r.err)")
        try withElf(bytes) { file in
            #expect(file.fileClass == c && file.byteOrder == order)
            #expect(Array(try file.contents(of: try #require(try file.section(named: ".text")))) == [1, 2, 3, 4, 5, 6, 7, 8])
            let table = try #require(try file.symbolTable(ofType: .symtab))
            let f = try table.symbol(at: 2)
            #expect(string(try table.name(of: f)) == "f" && f.value == 4 && f.type == .function)
        }
    }

    func rejection(_ b: ElfBuilder) -> ElfWriteRejection? {
        do throws(ElfError) {
            _ = try b.build()
            return nil
        } catch {
            if case .writeRejected(let r, _) = error { return r }
            return nil
        }
    }

    @Test func builderRejectsInconsistentDescriptions() throws {
        var b = ElfBuilder(type: .executable, machine: .x86_64)
        b.addSection(name: ".text", flags: [.alloc], address: 0x1001, alignment: 16, contents: [0])
        #expect(rejection(b) == .misalignedAddress)

        b = ElfBuilder(type: .executable, machine: .x86_64)
        b.addSection(name: ".x", alignment: 3, contents: [0])
        #expect(rejection(b) == .badAlignment)

        b = ElfBuilder(type: .executable, machine: .x86_64)
        b.addSegment(type: .load, flags: [.read], sections: [5])
        #expect(rejection(b) == .badSectionReference)

        b = ElfBuilder(type: .executable, machine: .x86_64)
        let one = b.addSection(name: ".a", flags: [.alloc], address: 0x1000, contents: [1, 2, 3, 4])
        let two = b.addSection(name: ".b", flags: [.alloc], address: 0x1002, contents: [5])
        b.addSegment(type: .load, flags: [.read], sections: [one, two])
        #expect(rejection(b) == .badSegmentLayout)

        b = ElfBuilder(type: .executable, machine: .x86_64)
        b.addSymbol(name: "x", value: 0, section: .section(9))
        #expect(rejection(b) == .badSectionReference)

        b = ElfBuilder(fileClass: .elf32, type: .executable, machine: .i386)
        b.addSection(name: ".high", flags: [.alloc], address: 0x1_0000_0000, contents: [0])
        #expect(rejection(b) == .valueTooLarge)
    }
}

extension Array {
    func reversedIf(_ condition: Bool) -> [Element] {
        guard condition else { return self }
        // Reverse each 4-byte word (the note header fields), keeping the name bytes in order.
        var out = self
        for w in 0..<3 { for i in 0..<4 { out[4 * w + i] = self[4 * w + 3 - i] } }
        return out
    }
}
