// The memory-map viewer as paging-calc draws it: `walk --all` and `maps`,
// in plain-text mode (not a terminal), and their JSON.

import Foundation
import Testing

/// A saved /proc/PID/maps: a PIE, its heap, a library, anonymous memory, the stack and vsyscall.
let savedMaps = """
    5581c4a00000-5581c4a02000 r--p 00000000 08:01 1048602                    /usr/bin/cat
    5581c4a02000-5581c4a07000 r-xp 00002000 08:01 1048602                    /usr/bin/cat
    5581c4a07000-5581c4a0a000 r--p 00007000 08:01 1048602                    /usr/bin/cat
    5581c4a0a000-5581c4a0b000 rw-p 00009000 08:01 1048602                    /usr/bin/cat
    5581c5b1e000-5581c5b3f000 rw-p 00000000 00:00 0                          [heap]
    7f2e1c400000-7f2e1c428000 r--p 00000000 08:01 1050013                    /usr/lib/x86_64-linux-gnu/libc.so.6
    7f2e1c428000-7f2e1c5bd000 r-xp 00028000 08:01 1050013                    /usr/lib/x86_64-linux-gnu/libc.so.6
    7f2e1c5bd000-7f2e1c5c7000 rw-p 00000000 00:00 0 
    7ffd3e9f1000-7ffd3ea12000 rw-p 00000000 00:00 0                          [stack]
    7ffd3ea5c000-7ffd3ea60000 r--p 00000000 00:00 0                          [vvar]
    ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]

    """

func writeTemp(_ text: String, suffix: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("viewer-\(UUID().uuidString)\(suffix)").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

/// x86_64 dump whose upper-level entries limit the leaves: PML4 0x1000 → PDPT 0x2000 → PD 0x3000;
/// PD[0] → PT 0x4000 (PD entry RW + user), PD[1] → PT 0x5000 (PD entry read-only, supervisor, XD).
/// Every PTE is RW + user, 4 pages each.
func writeLimitedDump() throws -> String {
    var b = [UInt8](repeating: 0, count: 0x6000)
    func e(_ t: Int, _ i: Int, _ v: UInt64) {
        for k in 0..<8 { b[t + i * 8 + k] = UInt8(truncatingIfNeeded: v >> UInt64(8 * k)) }
    }
    e(0x1000, 0, 0x2007); e(0x2000, 0, 0x3007)
    e(0x3000, 0, 0x4007); e(0x3000, 1, 0x8000_0000_0000_5001)
    for i in 0..<4 {
        e(0x4000, i, 0x10_0007 + UInt64(i) * 0x1000)
        e(0x5000, i, 0x30_0007 + UInt64(i) * 0x1000)
    }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("limited-\(UUID().uuidString).bin").path
    try Data(b).write(to: URL(fileURLWithPath: path))
    return path
}

@Suite struct ViewerToolTests {
    @Test func walkAllDrawsTheMap() throws {
        let dump = try writeDump()
        defer { try? FileManager.default.removeItem(atPath: dump) }
        let r = try calc(["walk", "--root", "0x1000", "--memory", dump, "--all", "--width", "100", "x86_64"])
        #expect(r.status == 0)
        #expect(!r.out.contains("\u{1B}["))
        let lines = r.out.split(separator: "\n").map(String.init)
        // Bar title, legend and table rows (exclusive ends), then the summary.
        #expect(lines[0] == "0x400000–0x800000: 2 regions, 2.0 MiB mapped, compressed scale"
                || lines[0] == "0x400000–0x800000: 2 regions, 2.0 MiB mapped, linear scale")
        // 4 KiB pages without XD are executable; the 2 MiB page has XD.
        #expect(lines.contains { $0.hasSuffix("kernel rwx     12.0 KiB  1 region     █") })
        #expect(lines.contains { $0.dropFirst(2).hasPrefix("kernel data     2.0 MiB  1 region") })
        #expect(lines.contains { $0 == "█ 0x00400000  0x00403000    12.0 KiB  rwx   -> 0x80000, 3 x 4 KiB" })
        #expect(lines.contains { $0 == "▓ 0x00600000  0x00800000     2.0 MiB  rw-   -> 0x200000, 1 x 2 MiB" })
        #expect(lines.last == "2 range(s), 4 page(s), 2048 entries read")
        for line in lines { #expect(line.count <= 100, "\(line)") }
        let narrow = try calc(["walk", "--root", "0x1000", "--memory", dump, "--all", "--width", "40", "--table-only", "x86_64"])
        #expect(narrow.status == 0 && !narrow.out.contains("Legend"))
        for line in narrow.out.split(separator: "\n").dropLast() { #expect(line.count <= 40, "\(line)") }
        let tooNarrow = try calc(["walk", "--root", "0x1000", "--memory", dump, "--all", "--width", "5", "x86_64"])
        #expect(tooNarrow.status == 2 && tooNarrow.err.contains("--width 5"))
    }

    @Test func walkReportsEffectivePermissions() throws {
        let dump = try writeLimitedDump()
        defer { try? FileManager.default.removeItem(atPath: dump) }
        let j = try json(try calc(["walk", "--root", "0x1000", "--memory", dump, "--all", "--json", "x86_64"]))
        let maps = try #require(j["mappings"] as? [[String: Any]])
        #expect(maps.count == 2)
        #expect(maps[0]["flags"] as? String == "rwxu-" && maps[0]["leafFlags"] as? String == "rwxu-")
        #expect(maps[1]["start"] as? String == "0x200000")
        #expect(maps[1]["flags"] as? String == "r----" && maps[1]["leafFlags"] as? String == "rwxu-")
        let text = try calc(["walk", "--root", "0x1000", "--memory", dump, "--all", "x86_64"])
        #expect(text.out.contains("r--   -> 0x300000, 4 x 4 KiB"))
        #expect(text.out.contains("kernel read-only") && text.out.contains("user rwx"))
        let one = try json(try calc(["walk", "--root", "0x1000", "--memory", dump, "--json", "0x201000", "x86_64"]))
        #expect(one["flags"] as? String == "r----" && one["leafFlags"] as? String == "rwxu-")
        let t = try calc(["walk", "--root", "0x1000", "--memory", dump, "0x201000", "x86_64"])
        #expect(t.out.contains("-> physical 0x301000 (4 KiB page, effective r----)"))
    }

    @Test func mapsFromASavedFile() throws {
        let path = try writeTemp(savedMaps, suffix: ".maps")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try calc(["maps", "--file", path, "--width", "100"])
        #expect(r.status == 0)
        #expect(r.err.isEmpty)
        #expect(!r.out.contains("\u{1B}["))
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines[0] == "0x5581c4a00000–0xffffffffff601000: 11 regions, 2.1 MiB mapped, compressed scale")
        #expect(lines[1].contains("┄"))   // the sparse 64-bit space has breaks
        #expect(lines.contains { $0.contains("0x00005581c4a02000  0x00005581c4a07000    20.0 KiB  r-x   /usr/bin/cat") })
        #expect(lines.contains { $0.contains("0x00005581c5b1e000  0x00005581c5b3f000   132.0 KiB  rw-   [heap]") })
        #expect(lines.contains { $0.contains("0x00007f2e1c5bd000  0x00007f2e1c5c7000    40.0 KiB  rw-   [anon]") })
        #expect(lines.contains { $0.contains("0xffffffffff600000  0xffffffffff601000     4.0 KiB  --x   [vsyscall]") })
        for kind in ["code", "file", "heap", "anonymous", "stack", "kernel"] {
            #expect(lines.contains { $0.dropFirst(2).hasPrefix(kind + " ") }, "legend has \(kind)")
        }
        for line in lines { #expect(line.count <= 100, "\(line)") }
        let j = try #require(try JSONSerialization.jsonObject(with: Data(try calc(["maps", "--json", "--file", path]).out.utf8)) as? [String: Any])
        let regions = try #require(j["regions"] as? [[String: Any]])
        #expect(regions.count == 11)
        #expect(regions[4]["name"] as? String == "[heap]" && regions[4]["kind"] as? String == "heap")
        #expect(regions[4]["start"] as? String == "0x5581c5b1e000" && regions[4]["size"] as? Int == 0x21000)
    }

    @Test func mapsOfALiveProcess() throws {
        let r = try calc(["maps", "self", "--table-only", "--width", "300"])
        #expect(r.status == 0)
        #expect(r.out.contains("[stack]") && r.out.contains("paging-calc"))
        let j = try json(try calc(["maps", "--json", "\(getpid())"]))
        #expect(j["pid"] as? Int == Int(getpid()))
        #expect(((j["regions"] as? [[String: Any]]) ?? []).contains { $0["kind"] as? String == "stack" })
    }

    @Test func mapsBadInput() throws {
        let word = try calc(["maps", "abc"])
        #expect(word.status == 2 && word.err.contains("PID 'abc' is not a process id"))
        #expect(try calc(["maps"]).status == 2)
        let gone = try calc(["maps", "4000000000"])
        #expect(gone.status == 1 && gone.err.contains("/proc/4000000000/maps"))
        let garbage = try writeTemp("hello world\n", suffix: ".maps")
        defer { try? FileManager.default.removeItem(atPath: garbage) }
        let bad = try calc(["maps", "--file", garbage])
        #expect(bad.status == 1 && bad.err.contains("line 1") && bad.err.contains(garbage))
    }

    @Test func colorOnlyWhenAllowed() throws {
        let path = try writeTemp(savedMaps, suffix: ".maps")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        #expect(!(try calc(["maps", "--file", path], environment: env).out.contains("\u{1B}[")))
        #expect(!(try calc(["maps", "--file", path, "--no-color"]).out.contains("\u{1B}[")))
    }
}
