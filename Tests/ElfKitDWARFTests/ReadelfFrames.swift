// binutils readelf's `--debug-dump=frames-interp` output, parsed: the
// reference the call frame reader is compared with. readelf prints only
// the registers an FDE refers to, one cell per column of the header line;
// a cell has no spaces except a register rule, "r1 (rdx)".

@testable import ElfKitDWARF
import Foundation
import Testing
import TestSupport

struct ReadelfFrames {
    struct CIE: Equatable {
        var offset: Int
        var augmentation: String
        var codeAlignment: UInt64
        var dataAlignment: Int64
        var returnAddressRegister: UInt16
    }

    struct Row {
        var location: UInt64
        /// Column name ("CFA", "rbp", "ra", ...) to rule text ("rsp+8", "c-16", "u", "exp").
        var cells: [String: String]
    }

    struct FDE {
        var offset: Int
        var cieOffset: Int
        var start: UInt64
        var end: UInt64
        var rows: [Row] = []
    }

    struct Section {
        var cies: [CIE] = []
        var fdes: [FDE] = []
    }

    /// By section name (".eh_frame", ".debug_frame").
    var sections: [String: Section] = [:]

    init(file: String) throws {
        // -wN: do not follow links to separate debug files (the kernel's DWARF names clang's module caches).
        let run = try TestSupport.runTool("/usr/bin/readelf", ["-wN", "--debug-dump=frames-interp", file])
        guard run.status == 0 else { throw CommandFailure(description: "readelf \(file): \(run.err)") }
        self.init(text: run.out)
    }

    init(text: String) {
        var current: String?
        var columns: [String] = []
        var inFDE = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("Contents of the ") {
                current = line.split(separator: " ")[3].trimmingCharacters(in: CharacterSet(charactersIn: ":"))
                sections[current!] = Section()
                continue
            }
            guard let name = current else { continue }
            let words = line.split(separator: " ").map(String.init)
            if words.count >= 4, words[3] == "CIE" {
                inFDE = false
                func field(_ key: String) -> String? { words.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) } }
                let augmentation = line.split(separator: "\"", omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? ""
                sections[name]!.cies.append(CIE(
                    offset: Int(words[0], radix: 16)!, augmentation: augmentation,
                    codeAlignment: UInt64(field("cf") ?? "0")!, dataAlignment: Int64(field("df") ?? "0")!,
                    returnAddressRegister: UInt16(field("ra") ?? "0")!))
            } else if words.count >= 6, words[3] == "FDE" {
                inFDE = true
                let cie = Int(words[4].dropFirst(4), radix: 16)!
                let range = words[5].dropFirst(3).components(separatedBy: "..")
                sections[name]!.fdes.append(FDE(
                    offset: Int(words[0], radix: 16)!, cieOffset: cie,
                    start: UInt64(range[0], radix: 16)!, end: UInt64(range[1], radix: 16)!))
            } else if line.hasPrefix("   LOC") {
                columns = line.split(separator: " ").map(String.init)
            } else if inFDE, words.count >= 2, words[0].count == 16, let location = UInt64(words[0], radix: 16) {
                let cellTexts = Self.cells(line)
                var cells: [String: String] = [:]
                for (column, text) in zip(columns, cellTexts) where column != "LOC" { cells[column] = text }
                sections[name]!.fdes[sections[name]!.fdes.count - 1].rows.append(Row(location: location, cells: cells))
            }
        }
    }
}

extension ReadelfFrames {
    /// A row's cells: "r1 (rdx)" is one cell, anything else is split at spaces.
    static func cells(_ line: String) -> [String] {
        var result: [String] = []
        var words = line.split(separator: " ").map(String.init)[...]
        while let word = words.popFirst() {
            if word.first == "r", word.dropFirst().allSatisfy(\.isNumber), let next = words.first, next.hasPrefix("(") {
                result.append(word + " " + words.removeFirst())
            } else {
                result.append(word)
            }
        }
        return result
    }
}

/// A rule in readelf's notation (binutils dwarf.c, frame_display_row).
enum ReadelfNotation {
    static func cfa(_ rule: CFARule) -> String {
        switch rule {
        case .registerOffset(let register, let offset):
            return X86_64DWARFRegister.name(register) + (offset >= 0 ? "+" : "") + String(offset)
        case .expression: return "exp"
        }
    }

    static func register(_ rule: RegisterRule?) -> String {
        switch rule {
        case nil, .undefined?: return "u"
        case .sameValue?: return "s"
        case .offset(let n)?: return "c" + (n >= 0 ? "+" : "") + String(n)
        case .valOffset(let n)?: return "v" + (n >= 0 ? "+" : "") + String(n)
        case .register(let r)?: return "r\(r) (\(X86_64DWARFRegister.name(r)))"
        case .expression?: return "exp"
        case .valExpression?: return "vexp"
        }
    }
}

/// Compares every CIE, FDE and row of `file` with readelf's; returns the
/// differences (empty when they agree) and how many rows were compared.
func compareCallFrames(_ file: String) throws -> (rows: Int, fdes: Int, differences: [String]) {
    let reference = try ReadelfFrames(file: file)
    let cfi = try CallFrameInformation(path: file)
    var differences: [String] = []
    var rowCount = 0, fdeCount = 0
    #expect(Set(cfi.sections.map(\.kind.sectionName)) == Set(reference.sections.keys), "sections of \(file)")
    for section in cfi.sections {
        guard let theirs = reference.sections[section.kind.sectionName] else { continue }
        let (cies, fdes) = try cfi.entries(of: section)
        let name = section.kind.sectionName
        for cie in theirs.cies {
            guard let mine = cies[cie.offset] else {
                // readelf lists unused CIEs too; read them directly.
                let direct = try section.cie(at: cie.offset)
                if ReadelfFrames.CIE(offset: direct.offset, augmentation: direct.augmentation, codeAlignment: direct.codeAlignment,
                                     dataAlignment: direct.dataAlignment, returnAddressRegister: direct.returnAddressRegister) != cie {
                    differences.append("\(name) CIE \(cie.offset): \(direct) vs \(cie)")
                }
                continue
            }
            let converted = ReadelfFrames.CIE(offset: mine.offset, augmentation: mine.augmentation, codeAlignment: mine.codeAlignment,
                                              dataAlignment: mine.dataAlignment, returnAddressRegister: mine.returnAddressRegister)
            if converted != cie { differences.append("\(name) CIE \(cie.offset): \(converted) vs \(cie)") }
        }
        if fdes.count != theirs.fdes.count { differences.append("\(name): \(fdes.count) FDEs, readelf \(theirs.fdes.count)") }
        for (mine, fde) in zip(fdes, theirs.fdes) {
            fdeCount += 1
            guard mine.offset == fde.offset, mine.cieOffset == fde.cieOffset, mine.start == fde.start, mine.end == fde.end else {
                differences.append("\(name) FDE \(fde.offset): ours \(mine), readelf \(fde)")
                continue
            }
            let table = UnwindTableBuilder(section: section, cie: cies[mine.cieOffset]!, fde: mine)
            let raRegister = cies[mine.cieOffset]!.returnAddressRegister
            if !fde.rows.isEmpty {
                let locations = try table.rows().map(\.location)
                if locations != fde.rows.map(\.location) {
                    differences.append("\(name) FDE \(fde.offset): row locations \(locations) vs \(fde.rows.map(\.location))")
                }
            }
            for row in fde.rows {
                rowCount += 1
                let ours = try table.row(at: row.location)
                for (column, text) in row.cells {
                    let rendered: String
                    if column == "CFA" {
                        rendered = ReadelfNotation.cfa(ours.cfa)
                    } else if let number = column == "ra" ? raRegister : X86_64DWARFRegister.number(column) {
                        rendered = ReadelfNotation.register(ours.rule(for: number))
                    } else {
                        continue   // vector registers: not in the unwinder's table of names
                    }
                    let expected = text
                    if rendered != expected {
                        differences.append("\(name) FDE \(fde.offset) at 0x\(String(row.location, radix: 16)) \(column): ours \(rendered), readelf \(expected)")
                    }
                }
            }
        }
    }
    return (rowCount, fdeCount, differences)
}
