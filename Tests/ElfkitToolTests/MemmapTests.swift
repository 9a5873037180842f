// `elfkit memmap`: the segments and sections of real ELF files, checked
// against readelf's program and section headers for the same file.

import Foundation
import TestSupport
import Testing

@Suite struct MemmapTests {
    /// PT_LOAD lines of `readelf -lW`: (start, end, R/W/E letters).
    func readelfLoads(_ file: String) throws -> [(UInt64, UInt64, String)] {
        let readelf = try #require(Tool.readelf)
        let out = try runTool(readelf, ["-lW", file]).out
        return out.split(separator: "\n").compactMap { line in
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.first == "LOAD", f.count >= 7, let v = UInt64(f[2].dropFirst(2), radix: 16),
                  let m = UInt64(f[5].dropFirst(2), radix: 16), m > 0 else { return nil }
            return (v, v + m, f[6..<(f.count - 1)].joined())   // between MemSiz and Align: "R", "R E", "RW"
        }
    }

    /// SHF_ALLOC sections of `readelf -SW`: (name, start, end), .tbss and empty ones left out.
    func readelfSections(_ file: String) throws -> [(String, UInt64, UInt64)] {
        let readelf = try #require(Tool.readelf)
        let out = try runTool(readelf, ["-SW", file]).out
        return out.split(separator: "\n").compactMap { line in
            guard let close = line.firstIndex(of: "]"), line.contains("[") else { return nil }
            let f = line[line.index(after: close)...].split(separator: " ")
            guard f.count >= 7, let a = UInt64(f[2], radix: 16), let size = UInt64(f[4], radix: 16) else { return nil }
            let flags = f.count >= 8 ? String(f[6]) : ""
            guard flags.contains("A"), size > 0, !(flags.contains("T") && f[1] == "NOBITS") else { return nil }
            return (String(f[0]), a, a + size)
        }
    }

    @Test(arguments: ["/bin/ls", "/usr/bin/readelf"])
    func matchesReadelf(file: String) throws {
        guard FileManager.default.fileExists(atPath: file) else { return }
        let r = try elfkit(["memmap", "--width", "200", "--table-only", file])
        #expect(r.status == 0)
        #expect(!r.out.contains("\u{1B}["))
        let rows = r.out.split(separator: "\n").map(String.init)
        let loads = try readelfLoads(file)
        #expect(!loads.isEmpty)
        for (start, end, flags) in loads {
            let perm = (flags.contains("R") ? "r" : "-") + (flags.contains("W") ? "w" : "-") + (flags.contains("E") ? "x" : "-")
            let s = String(format: "0x%08lx", start), e = String(format: "0x%08lx", end)
            #expect(rows.contains { $0.contains("\(s)  \(e)") && $0.contains("  \(perm)  ") && $0.contains("LOAD [") },
                    "LOAD \(s)-\(e) \(perm)")
        }
        let sections = try readelfSections(file)
        #expect(sections.count > 5)
        for (name, start, end) in sections {
            let s = String(format: "0x%08lx", start), e = String(format: "0x%08lx", end)
            #expect(rows.contains { $0.contains("\(s)  \(e)") && $0.hasSuffix(" \(name)") }, "\(name) \(s)-\(e)")
        }
        // JSON: the same numbers.
        let j = try #require(try JSONSerialization.jsonObject(with: try elfkit(["memmap", "--json", file]).stdout) as? [String: Any])
        #expect((j["segments"] as? [[String: Any]])?.count == loads.count)
        #expect((j["sections"] as? [[String: Any]])?.count == sections.count)
        #expect((j["sections"] as? [[String: Any]])?.contains { $0["name"] as? String == ".text" && $0["kind"] as? String == "code" } == true)
    }

    @Test func drawsBarLegendAndTable() throws {
        let r = try elfkit(["memmap", "--width", "90", "/bin/ls"])
        #expect(r.status == 0)
        #expect(r.out.contains("Segments (PT_LOAD) of /bin/ls:") && r.out.contains("Sections (SHF_ALLOC):"))
        #expect(r.out.contains("Legend:") && r.out.contains("  START "))
        for line in r.out.split(separator: "\n") { #expect(line.count <= 90, "\(line)") }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        #expect(!(try elfkit(["memmap", "/bin/ls"], environment: env).out.contains("\u{1B}[")))
    }

    @Test func badInput() throws {
        let missing = try elfkit(["memmap", "/nonexistent/file"])
        #expect(missing.status == 1 && missing.err.contains("/nonexistent/file"))
        let dir = try TempDirectory()
        let junk = try dir.write("junk", Array(String(repeating: "not an elf ", count: 20).utf8))
        let notElf = try elfkit(["memmap", junk])
        #expect(notElf.status == 1 && notElf.err.contains(junk) && notElf.err.contains("not an ELF file"))
        let narrow = try elfkit(["memmap", "--width", "3", "/bin/ls"])
        #expect(narrow.status == 2 && narrow.err.contains("--width 3"))
        #expect(try elfkit(["memmap"]).status == 2)
    }
}
