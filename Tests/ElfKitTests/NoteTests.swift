// Notes against `readelf -n`, by section and by PT_NOTE segment.

import ElfKit
import Foundation
import Testing

/// One note as readelf -n shows it: owner, data size, type text and the detail lines.
struct ReadelfNote {
    var owner: String
    var size: Int
    var type: String
    var detail: String
}

/// Notes grouped by the section readelf names ("Displaying notes found in: X").
func readelfNotes(_ path: String) throws -> [(String, [ReadelfNote])] {
    var groups: [(String, [ReadelfNote])] = []
    for line in try gnuReadelf(["-nW", path]).split(separator: "\n", omittingEmptySubsequences: true) {
        if line.hasPrefix("Displaying notes found in: ") {
            groups.append((String(line.dropFirst("Displaying notes found in: ".count)), []))
            continue
        }
        let t = line.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("Owner") || groups.isEmpty { continue }
        // "  OWNER   0xSIZE\tTYPE TEXT\t    DETAIL" (the first detail line shares the header line).
        let tabs = line.split(separator: "\t", omittingEmptySubsequences: false)
        let fields = tabs[0].split(separator: " ")
        if line.hasPrefix("  "), !line.hasPrefix("   "), tabs.count >= 2, fields.count == 2, fields[1].hasPrefix("0x"),
           let size = Int(fields[1].dropFirst(2), radix: 16) {
            let detail = tabs.dropFirst(2).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
            groups[groups.count - 1].1.append(ReadelfNote(
                owner: String(fields[0]), size: size, type: String(tabs[1]), detail: detail + "\n"))
        } else if !groups[groups.count - 1].1.isEmpty {
            let n = groups[groups.count - 1].1.count - 1
            groups[groups.count - 1].1[n].detail += t + "\n"
        }
    }
    return groups
}

func hex(_ bytes: UnsafeRawBufferPointer) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

/// The readelf text of each decoded property.
func propertyTexts(_ note: ElfNote, machine: ElfMachine) throws -> [String] {
    guard var it = note.gnuProperties(machine: machine) else { return [] }
    var texts: [String] = []
    func names(_ raw: UInt32, _ table: [(UInt32, String)]) -> String {
        table.filter { raw & $0.0 != 0 }.map(\.1).joined(separator: ", ")
    }
    let isa: [(UInt32, String)] = [(1, "x86-64-baseline"), (2, "x86-64-v2"), (4, "x86-64-v3"), (8, "x86-64-v4")]
    while let p = try it.next() {
        switch p.value {
        case .x86ISANeeded(let v): texts.append("x86 ISA needed: " + names(v.rawValue, isa))
        case .x86ISAUsed(let v): texts.append("x86 ISA used: " + names(v.rawValue, isa))
        case .x86Feature1And(let v): texts.append("x86 feature: " + names(v.rawValue, [(1, "IBT"), (2, "SHSTK")]))
        case .aarch64Feature1And(let v): texts.append("AArch64 feature: " + names(v.rawValue, [(1, "BTI"), (2, "PAC")]))
        case .stackSize(let s): texts.append("stack size: 0x" + String(s, radix: 16))
        case .noCopyOnProtected: texts.append("no copy on protected")
        case .raw: break
        }
    }
    return texts
}

@Suite struct NoteTests {
    static let inputs = SystemFiles.all + ["isa", "cet.o", "aarch64.o", "libboth.so", "lib32.so"]

    @Test(arguments: inputs)
    func sectionNotesMatchReadelf(_ input: String) throws {
        let path = input.hasPrefix("/") ? input : try Fixtures.shared.require(input)
        let expected = try readelfNotes(path)
        let bytes = try readBytes(path)
        try withElf(bytes) { file in
            var groups: [(String, [ElfNote])] = []
            for i in 0..<file.sectionCount where try file.section(at: i).type == .note {
                let s = try file.section(at: i)
                var it = try file.notes(in: s)
                var notes: [ElfNote] = []
                while let n = try it.next() { notes.append(n) }
                groups.append((try sectionName(file, i), notes))
            }
            #expect(groups.map(\.0) == expected.map(\.0))
            for ((name, notes), (_, want)) in zip(groups, expected) {
                #expect(notes.count == want.count, "\(name)")
                for (n, w) in zip(notes, want) {
                    #expect(string(n.name) == w.owner)
                    #expect(n.descriptor.count == w.size)
                    if let t = n.typeName { #expect(w.type.hasPrefix(t), "\(name): \(t) vs \(w.type)") }
                    if let id = n.gnuBuildID { #expect(w.detail.contains("Build ID: " + hex(id))) }
                    if let tag = try n.gnuABITag() {
                        #expect(w.detail.contains("OS: \(tag.osName ?? "?"), ABI: \(tag.major).\(tag.minor).\(tag.patch)"))
                    }
                    for text in try propertyTexts(n, machine: file.header.machine) {
                        #expect(w.detail.contains(text), "\(name): \(text) not in \(w.detail)")
                    }
                }
            }
        }
    }

    @Test(arguments: SystemFiles.all + ["isa", "libboth.so"])
    func segmentNotesAreTheSectionNotes(_ input: String) throws {
        let path = input.hasPrefix("/") ? input : try Fixtures.shared.require(input)
        try withElf(try readBytes(path)) { file in
            var fromSections: [Int] = []
            for i in 0..<file.sectionCount where try file.section(at: i).type == .note {
                let s = try file.section(at: i)
                guard s.flags.contains(.alloc) else { continue }
                var it = try file.notes(in: s)
                while let n = try it.next() { fromSections.append(n.offset) }
            }
            var fromSegments: [Int] = []
            for i in 0..<file.programHeaderCount where try file.programHeader(at: i).type == .note {
                var it = try file.notes(in: try file.programHeader(at: i))
                while let n = try it.next() { fromSegments.append(n.offset) }
            }
            #expect(!fromSegments.isEmpty)
            #expect(Set(fromSegments) == Set(fromSections))
        }
    }

    @Test func decodedValuesOfKnownNotes() throws {
        try withElf(try readBytes(try Fixtures.shared.require("isa"))) { file in
            var props: [ElfGNUPropertyValue] = []
            var buildID = 0
            for i in 0..<file.sectionCount where try file.section(at: i).type == .note {
                var it = try file.notes(in: try file.section(at: i))
                while let n = try it.next() {
                    if let id = n.gnuBuildID { buildID = id.count }
                    if var p = n.gnuProperties(machine: file.header.machine) {
                        while let q = try p.next() { props.append(q.value) }
                    }
                }
            }
            #expect(buildID == 20)
            let needed = props.compactMap { if case .x86ISANeeded(let v) = $0 { v } else { nil } }
            #expect(needed.first?.contains(.v2) == true)
            let cet = props.compactMap { if case .x86Feature1And(let v) = $0 { v } else { nil } }
            #expect(cet.first == [.ibt, .shstk])
        }
        try withElf(try readBytes(try Fixtures.shared.require("aarch64.o"))) { file in
            let s = try #require(try file.section(named: ".note.gnu.property"))
            var it = try file.notes(in: s)
            let n = try #require(try it.next())
            var p = try #require(n.gnuProperties(machine: .aarch64))
            let q = try #require(try p.next())
            guard case .aarch64Feature1And(let f) = q.value else { Issue.record("\(q.value)"); return }
            #expect(f.contains([.bti, .pac]))
        }
    }

    @Test func eightByteAlignedNotesAndHostileSizes() throws {
        // Two notes with 8-byte alignment: header + "GNU\0" end at 16; desc 5 bytes padded to 24.
        var b: [UInt8] = []
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { b += $0 } }
        for t in [UInt32(3), 7] {
            u32(4); u32(5); u32(t)
            b += Array("GNU\0".utf8) + [1, 2, 3, 4, 5, 0, 0, 0]
        }
        try b.withUnsafeBytes { raw in
            var it = try ElfNoteIterator(bytes: raw, order: .little, fileClass: .elf64, containerAlignment: 8)
            let first = try #require(try it.next())
            #expect(string(first.name) == "GNU" && Array(first.descriptor) == [1, 2, 3, 4, 5])
            #expect(try it.next()?.type.rawValue == 7)
            #expect(try it.next() == nil)
            #expect(throws: ElfError.badValue(structure: .note, field: .alignment, offset: 0)) {
                _ = try ElfNoteIterator(bytes: raw, order: .little, fileClass: .elf64, containerAlignment: 16)
            }
        }
        var huge = b
        huge[0] = 0xff; huge[1] = 0xff; huge[2] = 0xff; huge[3] = 0xff  // namesz = 2^32 - 1
        try huge.withUnsafeBytes { raw in
            var it = try ElfNoteIterator(bytes: raw, order: .little, fileClass: .elf64, containerAlignment: 8)
            #expect(throws: ElfError.outOfBounds(structure: .note, field: .nameSize, offset: 0)) { _ = try it.next() }
        }
        var desc = b
        desc[28] = 0xf0  // second note's descsz
        try desc.withUnsafeBytes { raw in
            var it = try ElfNoteIterator(bytes: raw, order: .little, fileClass: .elf64, containerAlignment: 8, baseOffset: 100)
            _ = try it.next()
            #expect(throws: ElfError.outOfBounds(structure: .note, field: .descriptorSize, offset: 124)) { _ = try it.next() }
        }
        try Array(b[..<30]).withUnsafeBytes { raw in
            var it = try ElfNoteIterator(bytes: raw, order: .little, fileClass: .elf64, containerAlignment: 8)
            _ = try it.next()
            #expect(throws: ElfError.truncated(structure: .note, offset: 24)) { _ = try it.next() }
        }
    }
}
