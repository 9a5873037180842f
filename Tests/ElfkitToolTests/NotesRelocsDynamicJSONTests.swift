// The JSON of `notes`, `relocs` and `dynamic` carries what readelf prints:
// the same number of tables and rows, and the same key values.

import Foundation
import TestSupport
import Testing

@Suite struct NotesRelocsDynamicJSONTests {
    func json(_ args: [String]) throws -> [String: Any] {
        let r = try elfkit(args)
        #expect(r.status == 0, "\(args): \(r.err)")
        return try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
    }

    @Test(.enabled(if: Tool.readelf != nil), arguments: comparedInputs)
    func relocationCountsMatchReadelf(_ file: String) throws {
        let root = try json(["relocs", "--json", file])
        let tables = try #require(root["tables"] as? [[String: Any]])
        let text = try runTool(Tool.readelf!, ["-rW", file]).out
        let headers = text.split(separator: "\n").filter { $0.hasPrefix("Relocation section '") }
        #expect(tables.count == headers.count)
        for (t, h) in zip(tables, headers) {
            #expect(h.contains("'\(t["name"] as? String ?? "?")'"))
            #expect(h.contains(" contains \(t["count"] as? Int ?? -1) entr"))
            #expect(h.contains(" at offset \(t["offsetHex"] as? String ?? "?") "))
        }
    }

    @Test(.enabled(if: Tool.readelf != nil), arguments: comparedInputs)
    func dynamicEntriesMatchReadelf(_ file: String) throws {
        let root = try json(["dynamic", "--json", file])
        let entries = try #require(root["entries"] as? [[String: Any]])
        let rows = try runTool(Tool.readelf!, ["-dW", file]).out.split(separator: "\n").filter { $0.hasPrefix(" 0x") }
        #expect(entries.count == rows.count)
        for (e, row) in zip(entries, rows) {
            let tag = try #require(e["tagName"] as? String)
            let text = try #require(e["text"] as? String)
            #expect(row.contains("(\(tag))"))
            #expect(text.isEmpty || row.hasSuffix(text), "\(row) vs \(text)")
        }
    }

    @Test func notesCarryBuildIDAndABITag() throws {
        let root = try json(["notes", "--json", "/bin/ls"])
        let notes = (root["containers"] as? [[String: Any]] ?? []).flatMap { $0["notes"] as? [[String: Any]] ?? [] }
        let text = try elfkit(["notes", "/bin/ls"]).out
        let id = try #require(notes.compactMap { $0["buildID"] as? String }.first)
        #expect(text.contains("Build ID: \(id)"))
        let tag = try #require(notes.compactMap { $0["abiTag"] as? [String: Any] }.first)
        #expect(tag["osName"] as? String == "Linux")
        let property = notes.compactMap { ($0["properties"] as? [[String: Any]])?.first }.first
        #expect(property?["text"] as? String == "x86 ISA needed: x86-64-baseline")
    }

    @Test func relrAddressesAreListed() throws {
        guard let relr = generatedInputs.first(where: { $0.hasSuffix("/relr.so") }) else { return }
        let root = try json(["relocs", "--json", relr])
        let tables = try #require(root["tables"] as? [[String: Any]])
        let t = try #require(tables.first { $0["type"] as? String == "relr" })
        let addresses = try #require(t["addresses"] as? [Int])
        #expect(!addresses.isEmpty)
        let text = try elfkit(["relocs", relr]).out
        #expect(text.contains("  \(addresses.count) offset"))
    }

    @Test func noDynamicSectionIsNotAnError() throws {
        guard let object = generatedInputs.first(where: { $0.hasSuffix("/gcc.o") }) else { return }
        let r = try elfkit(["dynamic", object])
        #expect(r.status == 0)
        #expect(r.out == "\nThere is no dynamic section in this file.\n")
        let root = try json(["dynamic", "--json", object])
        #expect((root["entries"] as? [Any])?.isEmpty == true)
    }
}
