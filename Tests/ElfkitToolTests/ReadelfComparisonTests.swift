// elfkit's tables against GNU readelf -W on real files of this machine and
// on objects built for other classes and byte orders: the text must be
// identical, and the JSON must carry the same fields readelf prints.

import Foundation
import TestSupport
import Testing

/// Real binaries of this machine plus the project's own builds, where present.
let systemInputs: [String] = {
    var files = [
        "/bin/ls",
        "/lib/x86_64-linux-gnu/libc.so.6",
        "/opt/swift/usr/lib/swift/linux/libswiftCore.so",
        "/opt/swift/usr/bin/swift-demangle",
        "\(Tool.packageRoot)/.build/kernel/kernel.elf",
    ]
    if let products = Tool.productsDirectory { files.append("\(products)/kernel-symbols") }
    return files.filter { FileManager.default.isReadableFile(atPath: $0) }
}()

let comparedInputs = systemInputs + generatedInputs

/// The subcommands and the readelf options that print the same thing.
let subcommands: [(String, String)] = [
    ("info", "-hW"), ("sections", "-SW"), ("segments", "-lW"), ("symbols", "-sW"),
    ("notes", "-nW"), ("relocs", "-rW"), ("dynamic", "-dW"),
]

@Suite struct ReadelfComparisonTests {
    @Test func inputsExist() {
        #expect(systemInputs.count >= 4)
        #expect(generatedInputs.count >= 8, "the cross-compiled objects could not be built")
    }

    @Test(.enabled(if: Tool.readelf != nil), arguments: comparedInputs)
    func textMatchesReadelf(_ file: String) throws {
        for (sub, option) in subcommands {
            let ours = try elfkit([sub, file])
            #expect(ours.status == 0, "\(sub) \(file): \(ours.err)")
            let theirs = try runTool(Tool.readelf!, [option, file])
            if ours.stdout != theirs.stdout {
                Issue.record("elfkit \(sub) \(file) differs from readelf \(option):\n\(firstDifference(ours.out, theirs.out))")
            }
        }
    }

    @Test(.enabled(if: Tool.readelf != nil), arguments: comparedInputs)
    func symbolJSONMatchesReadelfFields(_ file: String) throws {
        let json = try elfkit(["symbols", "--json", file])
        #expect(json.status == 0)
        let root = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        let tables = try #require(root["tables"] as? [[String: Any]])
        let text = try runTool(Tool.readelf!, ["-sW", file]).out
        let readelfTables = parseReadelfSymbols(text)
        #expect(tables.map { $0["name"] as? String ?? "?" } == readelfTables.map(\.name))
        for (table, expected) in zip(tables, readelfTables) {
            let symbols = try #require(table["symbols"] as? [[String: Any]])
            #expect(symbols.count == expected.rows.count)
            #expect(table["count"] as? Int == expected.rows.count)
            for (s, row) in zip(symbols, expected.rows) {
                let fields = row.fields
                #expect(s["index"] as? Int == Int(fields[0].dropLast()))
                #expect((s["valueHex"] as? String).flatMap { UInt64($0.dropFirst(2), radix: 16) }
                        == UInt64(fields[1], radix: 16))
                let size = fields[2].hasPrefix("0x") ? UInt64(fields[2].dropFirst(2), radix: 16) : UInt64(fields[2])
                #expect((s["size"] as? NSNumber)?.uint64Value == size)
                #expect(s["typeName"] as? String == fields[3])
                #expect(s["bindingName"] as? String == fields[4])
                #expect(s["visibilityName"] as? String == fields[5])
                #expect(s["ndx"] as? String == fields[6])
                var name = (s["name"] as? String) ?? "<corrupt>"
                if let v = s["version"] as? [String: Any], let vn = v["name"] as? String {
                    switch v["kind"] as? String {
                    case "required": name += "@\(vn) (\(v["index"] as? Int ?? -1))"
                    case "default": name += "@@\(vn)"
                    default: name += "@\(vn)"
                    }
                }
                #expect(name == row.name, "symbol \(fields[0]) of \(expected.name) in \(file)")
            }
        }
    }

    @Test(.enabled(if: Tool.readelf != nil), arguments: comparedInputs)
    func sectionAndSegmentJSONMatchReadelf(_ file: String) throws {
        let sections = try elfkit(["sections", "--json", file])
        let root = try #require(try JSONSerialization.jsonObject(with: sections.stdout) as? [String: Any])
        let list = try #require(root["sections"] as? [[String: Any]])
        let text = try runTool(Tool.readelf!, ["-SW", file]).out
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("  [") && !$0.hasPrefix("  [Nr]") }
        #expect(list.count == rows.count)
        let pattern = try NSRegularExpression(
            pattern: #"([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+) +([A-Za-z]*) +(\d+) +(\d+) +(\d+)$"#)
        for (s, row) in zip(list, rows) {
            // "  [ 1] .interp  PROGBITS  0000000000000318 000318 00001c 00   A  0   0  1"
            let line = String(row)
            let m = try #require(pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
                                 "cannot parse: \(line)")
            func group(_ i: Int) -> String { String(line[Range(m.range(at: i), in: line)!]) }
            let name = s["name"] as? String ?? ""
            #expect(line.contains("] \(name) ") || line.contains("] \(name)"))
            #expect(UInt64(group(1), radix: 16) == (s["address"] as? NSNumber)?.uint64Value)
            #expect(UInt64(group(2), radix: 16) == (s["offset"] as? NSNumber)?.uint64Value)
            #expect(UInt64(group(3), radix: 16) == (s["size"] as? NSNumber)?.uint64Value)
            #expect(UInt64(group(4), radix: 16) == (s["entrySize"] as? NSNumber)?.uint64Value)
            #expect(group(5) == s["flagLetters"] as? String)
            #expect(Int(group(6)) == s["link"] as? Int)
            #expect(Int(group(7)) == s["info"] as? Int)
            #expect(UInt64(group(8)) == (s["alignment"] as? NSNumber)?.uint64Value)
            #expect(line.contains(" \(s["typeName"] as? String ?? "?") "))
        }

        let segments = try elfkit(["segments", "--json", file])
        let sroot = try #require(try JSONSerialization.jsonObject(with: segments.stdout) as? [String: Any])
        let slist = try #require(sroot["segments"] as? [[String: Any]])
        let ltext = try runTool(Tool.readelf!, ["-lW", file]).out
        let lrows = ltext.split(separator: "\n").filter { $0.hasPrefix("  ") && $0.contains(" 0x") }
        #expect(slist.count == lrows.count)
        for (p, row) in zip(slist, lrows) {
            let f = row.split(separator: " ").map(String.init)
            #expect(f[0] == (p["typeName"] as? String).map { String($0.prefix(14)) })
            #expect(f[1] == String(format: "0x%06llx", (p["offset"] as? NSNumber)?.uint64Value ?? 0)
                    || UInt64(f[1].dropFirst(2), radix: 16) == (p["offset"] as? NSNumber)?.uint64Value)
            #expect(UInt64(f[2].dropFirst(2), radix: 16) == (p["virtualAddress"] as? NSNumber)?.uint64Value)
            #expect(UInt64(f[3].dropFirst(2), radix: 16) == (p["physicalAddress"] as? NSNumber)?.uint64Value)
            #expect(UInt64(f[4].dropFirst(2), radix: 16) == (p["fileSize"] as? NSNumber)?.uint64Value)
            #expect(UInt64(f[5].dropFirst(2), radix: 16) == (p["memorySize"] as? NSNumber)?.uint64Value)
        }
        // The mapping lines list the same section names.
        let mapping = ltext.components(separatedBy: "Segment Sections...\n").dropFirst().first ?? ""
        let mapped = mapping.split(separator: "\n").map { line in
            line.split(separator: " ").dropFirst().map(String.init)
        }
        if !mapped.isEmpty {
            #expect(slist.map { ($0["sections"] as? [String]) ?? [] } == mapped)
        }
    }

    @Test func infoJSONMatchesHeader() throws {
        let json = try elfkit(["info", "--json", "/bin/ls"])
        let root = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        let text = try elfkit(["info", "/bin/ls"]).out
        func value(_ label: String) -> String? {
            text.split(separator: "\n").first { $0.hasPrefix("  \(label):") }
                .map { $0.dropFirst(label.count + 3).trimmingCharacters(in: .whitespaces) }
        }
        #expect(root["class"] as? String == value("Class"))
        #expect(root["machineName"] as? String == value("Machine"))
        #expect(root["typeDescription"] as? String == value("Type"))
        #expect(root["entryHex"] as? String == value("Entry point address"))
        #expect("\(root["sectionHeaderCount"] as? Int ?? -1)" == value("Number of section headers"))
        #expect((root["ident"] as? [Int])?.prefix(4) == [0x7f, 0x45, 0x4c, 0x46])
    }
}

/// One table of `readelf -sW`: its section name and its rows.
struct ReadelfSymbolTable {
    var name: String
    var rows: [(fields: [String], name: String)]
}

/// Parses `readelf -sW`; a row's name is everything after the Ndx column.
func parseReadelfSymbols(_ text: String) -> [ReadelfSymbolTable] {
    var tables: [ReadelfSymbolTable] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("Symbol table '") {
            let name = line.dropFirst("Symbol table '".count).prefix { $0 != "'" }
            tables.append(ReadelfSymbolTable(name: String(name), rows: []))
            continue
        }
        guard !tables.isEmpty, line.count > 8, line.hasSuffix(":") == false,
              let colon = line.firstIndex(of: ":"), Int(line[..<colon].trimmingCharacters(in: .whitespaces)) != nil
        else { continue }
        // Seven fixed columns, then the name (which may be empty or hold spaces).
        var fields: [String] = []
        var rest = Substring(line)
        for _ in 0..<7 {
            rest = rest.drop { $0 == " " }
            let field = rest.prefix { $0 != " " }
            fields.append(String(field))
            rest = rest.dropFirst(field.count)
        }
        tables[tables.count - 1].rows.append((fields, String(rest.dropFirst())))
    }
    return tables
}

/// The first differing line of two texts, for a readable failure.
func firstDifference(_ a: String, _ b: String) -> String {
    let la = a.split(separator: "\n", omittingEmptySubsequences: false)
    let lb = b.split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(la.count, lb.count) {
        let x = i < la.count ? String(la[i]) : "<end>"
        let y = i < lb.count ? String(lb[i]) : "<end>"
        if x != y { return "line \(i + 1):\n  elfkit:  \(x)\n  readelf: \(y)" }
    }
    return "(same lines, different bytes)"
}
