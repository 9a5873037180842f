// ElfPatcher on real programs built by gcc: the patched file passes both
// readelfs without warnings, llvm-objdump shows the new contents, and the
// program still runs with the same output and status.

import ElfKit
import Foundation
import Testing

let greeterC = """
    #include <stdio.h>
    static const char greeting[] __attribute__((section("keel_greeting"), aligned(16))) = "hello, keel";
    int main(void) { puts(greeting); return 3; }
    """

@Suite struct ElfPatchTests {
    static func program(in dir: TempDir) throws -> [UInt8] {
        let src = try dir.file("greeter.c", greeterC)
        let out = "\(dir.path)/greeter"
        try run(Tools.clang, ["-O1", "-o", out, src])
        return try readBytes(out)
    }

    /// Writes `bytes`, checks readelf is clean, runs it, and returns (status, stdout).
    static func check(_ bytes: [UInt8], in dir: TempDir, name: String) throws -> (Int32, String) {
        let path = "\(dir.path)/\(name)"
        try writeFile(bytes, path, executable: true)
        try expectCleanReadelf(path)
        let r = try runCollecting(path, [])
        return (r.status, r.out)
    }

    static func objdump(_ bytes: [UInt8], section: String, in dir: TempDir) throws -> String {
        let path = "\(dir.path)/dump-\(UUID().uuidString)"
        try writeFile(bytes, path)
        return try run(Tools.findTool("llvm-objdump", preferring: "/opt/swift/usr/bin/llvm-objdump"), ["-s", "-j", section, path])
    }

    func rejection(_ body: () throws(ElfError) -> Void) -> ElfWriteRejection? {
        do throws(ElfError) {
            try body()
            return nil
        } catch {
            if case .writeRejected(let r, _) = error { return r }
            return nil
        }
    }

    @Test func growingAndAddingNonAllocSectionsKeepsTheProgramRunning() throws {
        let dir = try TempDir()
        let original = try Self.program(in: dir)
        #expect(try Self.check(original, in: dir, name: "orig") == (3, "hello, keel\n"))
        var p = try ElfPatcher(bytes: original)
        let comment = Array(String(repeating: "patched by keel ", count: 40).utf8)
        try p.replaceSectionContents(named: ".comment", with: comment)
        let added = try p.addSection(name: ".keel.extra", contents: Array("KEELDATA".utf8), alignment: 8)
        // A well-formed note: namesz 5, descsz 4, type 1, "KEEL\0" padded to 8, then the descriptor.
        let note: [UInt8] = [5, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0] + Array("KEEL\0\0\0\0".utf8) + [1, 2, 3, 4]
        try p.addSection(name: ".note.keel", type: .note, contents: note, alignment: 4)
        #expect(try Self.check(p.bytes, in: dir, name: "patched") == (3, "hello, keel\n"))
        let dump = try Self.objdump(p.bytes, section: ".keel.extra", in: dir)
        #expect(dump.contains("4b45454c 44415441") && dump.contains("KEELDATA"))
        try withElf(p.bytes) { file in
            let s = try #require(try file.section(named: ".keel.extra"))
            #expect(s.index == added && s.addressAlignment == 8 && s.offset % 8 == 0)
            #expect(Array(try file.contents(of: try #require(try file.section(named: ".comment")))) == comment)
            // The load image is untouched: program headers and segment bytes are identical,
            // except the ELF header's e_shoff/e_shnum (the first PT_LOAD maps the header).
            try withElf(original) { old in
                #expect(file.programHeaderCount == old.programHeaderCount)
                for i in 0..<old.programHeaderCount {
                    let a = try old.programHeader(at: i), b = try file.programHeader(at: i)
                    #expect(a == b)
                    let skip = a.offset == 0 ? 64 : 0
                    #expect(Array(try old.contents(of: a).dropFirst(skip)) == Array(try file.contents(of: b).dropFirst(skip)))
                }
            }
        }
    }

    @Test func allocSectionsChangeOnlyInPlace() throws {
        let dir = try TempDir()
        let original = try Self.program(in: dir)
        var p = try ElfPatcher(bytes: original)
        try p.replaceSectionContents(named: "keel_greeting", with: Array("HELLO, KEEL\0".utf8))
        #expect(try Self.check(p.bytes, in: dir, name: "same") == (3, "HELLO, KEEL\n"))
        try p.replaceSectionContents(named: "keel_greeting", with: Array("hi\0".utf8))
        #expect(try Self.check(p.bytes, in: dir, name: "smaller") == (3, "hi\n"))
        let shrunk = try withElf(p.bytes) { file in try file.section(named: "keel_greeting")?.size }
        #expect(shrunk == 3)

        let before = p.bytes
        #expect(rejection { () throws(ElfError) in
            try p.replaceSectionContents(named: "keel_greeting", with: [UInt8](repeating: 65, count: 64))
        } == .allocSectionDoesNotFit)
        #expect(rejection { () throws(ElfError) in try p.replaceSectionContents(named: ".bss", with: [1]) } == .unsupportedSection)
        #expect(rejection { () throws(ElfError) in try p.replaceSectionContents(named: ".nope", with: [1]) } == .noSuchSection)
        #expect(rejection { () throws(ElfError) in
            try p.addSection(name: ".keel.alloc", flags: [.alloc], contents: [1])
        } == .unsupportedSection)
        #expect(rejection { () throws(ElfError) in try p.addSection(name: ".comment", contents: [1]) } == .duplicateSection)
        #expect(rejection { () throws(ElfError) in try p.addSection(name: ".x", contents: [1], alignment: 6) } == .badAlignment)
        #expect(p.bytes == before)
    }

    @Test func removingSectionsRenumbersReferences() throws {
        let dir = try TempDir()
        var p = try ElfPatcher(bytes: try Self.program(in: dir))
        try p.addSection(name: ".keel.gone", contents: Array("SECRET".utf8))
        try p.removeSection(named: ".comment")
        #expect(try Self.check(p.bytes, in: dir, name: "removed") == (3, "hello, keel\n"))
        try p.removeSection(named: ".keel.gone")
        #expect(!p.bytes.indices.dropLast(5).contains { Array(p.bytes[$0..<($0 + 6)]) == Array("SECRET".utf8) })
        #expect(try Self.check(p.bytes, in: dir, name: "removed2") == (3, "hello, keel\n"))
        try withElf(p.bytes) { file in
            #expect(try file.section(named: ".comment") == nil)
            // Symbols still name the right sections after renumbering.
            let table = try #require(try file.symbolTable(ofType: .symtab))
            for i in 1..<table.count {
                let s = try table.symbol(at: i)
                guard string(try table.name(of: s)) == "main", let idx = try file.sectionIndex(of: s, in: table) else { continue }
                #expect(string(try file.name(of: try file.section(at: idx))) == ".text")
            }
        }
        #expect(rejection { () throws(ElfError) in try p.removeSection(named: ".strtab") } == .sectionInUse)
        #expect(rejection { () throws(ElfError) in try p.removeSection(named: ".text") } == .unsupportedSection)
        #expect(rejection { () throws(ElfError) in try p.removeSection(named: ".shstrtab") } == .unsupportedSection)
    }

    @Test func patchedObjectFilesStillLink() throws {
        let dir = try TempDir()
        let src = try dir.file("greeter.c", greeterC)
        let object = "\(dir.path)/greeter.o"
        try run(Tools.clang, ["-O1", "-c", "-o", object, src])
        var p = try ElfPatcher(bytes: try readBytes(object))
        // In a relocatable file no section is in a segment, so even .comment's neighbours may move.
        try p.replaceSectionContents(named: ".comment", with: Array(String(repeating: "x", count: 300).utf8) + [0])
        try p.addSection(name: ".keel.tag", contents: [7, 7])
        let patched = "\(dir.path)/patched.o"
        try writeFile(p.bytes, patched)
        try expectCleanReadelf(patched)
        try run(Tools.clang, ["-o", "\(dir.path)/linked", patched])
        let r = try runCollecting("\(dir.path)/linked", [])
        #expect(r.status == 3 && r.out == "hello, keel\n")
    }

    @Test func builtFilesCanBePatched() throws {
        var p = try ElfPatcher(bytes: try ElfWriterTests.executable().build())
        try p.replaceSectionContents(named: ".comment", with: Array("a much longer comment\0".utf8))
        try p.addSection(name: ".keel.boot", contents: [9, 9, 9])
        let dir = try TempDir()
        #expect(try Self.check(p.bytes, in: dir, name: "built").0 == 42)
    }
}
