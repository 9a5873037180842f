// Dynamic sections against `readelf -dW`, from the section and from PT_DYNAMIC.

import ElfKit
import Foundation
import Testing

struct ReadelfDynamic {
    var tag: UInt64
    var name: String
    var value: String
}

func readelfDynamic(_ path: String) throws -> [ReadelfDynamic] {
    var out: [ReadelfDynamic] = []
    for line in try gnuReadelf(["-dW", path]).split(separator: "\n") {
        let t = line.trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix("0x"), let open = t.firstIndex(of: "("), let close = t.firstIndex(of: ")") else { continue }
        guard let tag = UInt64(t[t.index(t.startIndex, offsetBy: 2)..<open].trimmingCharacters(in: .whitespaces), radix: 16)
        else { continue }
        out.append(ReadelfDynamic(
            tag: tag, name: String(t[t.index(after: open)..<close]),
            value: t[t.index(after: close)...].trimmingCharacters(in: .whitespaces)))
    }
    return out
}

/// How readelf prints the value of `entry`.
func readelfValueText(_ entry: ElfDynamicEntry, _ table: ElfDynamicTable) throws -> String? {
    switch entry.tag.valueKind {
    case .string:
        let s = string(try #require(try table.string(of: entry)))
        switch entry.tag {
        case .needed: return "Shared library: [\(s)]"
        case .soname: return "Library soname: [\(s)]"
        case .rpath: return "Library rpath: [\(s)]"
        case .runpath: return "Library runpath: [\(s)]"
        default: return nil
        }
    case .size: return "\(entry.value) (bytes)"
    case .count: return "\(entry.value)"
    case .relocationType: return entry.value == 7 ? "RELA" : entry.value == 17 ? "REL" : nil
    case .flags, .flags1:
        var names: [String] = []
        for bit in 0..<32 where entry.value & (1 << UInt64(bit)) != 0 {
            let n = entry.tag == .flags ? ElfDynamicFlagNames.flag(bit: bit) : ElfDynamicFlagNames.flag1(bit: bit)
            names.append(n ?? "?")
        }
        return (entry.tag == .flags1 ? "Flags: " : "") + names.joined(separator: " ")
    case .address: return "0x" + String(entry.value, radix: 16)
    }
}

@Suite struct DynamicTests {
    static let inputs = SystemFiles.all + dynamicFixtureNames

    func check(_ table: ElfDynamicTable, against expected: [ReadelfDynamic], _ label: String) throws {
        #expect(table.count == expected.count, "\(label)")
        for (i, w) in zip(0..<table.count, expected) {
            let e = try table.entry(at: i)
            #expect(UInt64(bitPattern: e.tag.rawValue) == w.tag, "\(label)[\(i)]")
            #expect(e.tag.name == w.name, "\(label)[\(i)]")
            if let text = try readelfValueText(e, table) { #expect(text == w.value, "\(label)[\(i)] \(w.name)") }
        }
        #expect(try table.entry(at: table.count - 1).tag == .null)
    }

    @Test(arguments: inputs)
    func dynamicSectionMatchesReadelf(_ input: String) throws {
        let path = input.hasPrefix("/") ? input : try Fixtures.shared.require(input)
        let expected = try readelfDynamic(path)
        try withElf(try readBytes(path)) { file in
            let table = try #require(try file.dynamicTable())
            try check(table, against: expected, "\(input) section")
            // The same table through PT_DYNAMIC and DT_STRTAB, as a loader without sections sees it.
            for i in 0..<file.programHeaderCount where try file.programHeader(at: i).type == .dynamic {
                let viaSegment = try file.dynamicTable(in: try file.programHeader(at: i))
                #expect(viaSegment.strings != nil)
                try check(viaSegment, against: expected, "\(input) segment")
            }
        }
    }

    @Test func namesAndKinds() {
        #expect(ElfDynamicTag.needed.name == "NEEDED" && ElfDynamicTag.needed.isString)
        #expect(ElfDynamicTag.gnuHash.name == "GNU_HASH" && ElfDynamicTag.gnuHash.valueKind == .address)
        #expect(ElfDynamicTag.flags1.name == "FLAGS_1" && ElfDynamicTag(rawValue: 0x1234_5678).name == nil)
        #expect(ElfDynamicFlagNames.flag1(bit: 27) == "PIE")
    }

    @Test func hostileDynamicTables() throws {
        // No DT_NULL: every entry counts; strings missing is an error only when asked.
        var words: [UInt8] = []
        for (t, v) in [(UInt64(1), UInt64(5)), (10, 3)] {
            withUnsafeBytes(of: t.littleEndian) { words += $0 }
            withUnsafeBytes(of: v.littleEndian) { words += $0 }
        }
        try (words + [1, 2, 3]).withUnsafeBytes { raw in
            let t = try ElfDynamicTable(bytes: raw, fileClass: .elf64, order: .little, baseOffset: 64)
            #expect(t.count == 2)
            #expect(throws: ElfError.badValue(structure: .dynamicEntry, field: .value, offset: 64)) {
                _ = try t.string(of: try t.entry(at: 0))
            }
            #expect(throws: ElfError.indexOutOfRange(structure: .dynamicEntry, index: 2, count: 2)) {
                _ = try t.entry(at: 2)
            }
            let withStrings = try ElfDynamicTable(
                bytes: raw, fileClass: .elf64, order: .little, strings: ElfStringTable(bytes: UnsafeRawBufferPointer(rebasing: raw[0..<3])))
            #expect(throws: ElfError.badStringOffset(table: -1, offset: 5)) { _ = try withStrings.string(of: try withStrings.entry(at: 0)) }
        }
    }
}
