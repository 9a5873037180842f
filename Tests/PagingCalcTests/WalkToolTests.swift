import Foundation
import Testing

/// A synthetic x86_64 dump: PML4 0x1000, PDPT 0x2000, PD 0x3000, PT 0x4000;
/// 0x40_0000..0x40_2fff → 0x8_0000 (RW, 4 KiB), 0x60_0000 → 0x20_0000 (2 MiB, RW, NX).
func writeDump(base: UInt64 = 0) throws -> String {
    var b = [UInt8](repeating: 0, count: 0x6000)
    func e(_ t: Int, _ i: Int, _ v: UInt64) {
        for k in 0..<8 { b[t + i * 8 + k] = UInt8(truncatingIfNeeded: v >> UInt64(8 * k)) }
    }
    let off = base
    e(0x1000, 0, (0x2000 + off) | 3); e(0x2000, 0, (0x3000 + off) | 3); e(0x3000, 2, (0x4000 + off) | 3)
    for i in 0..<3 { e(0x4000, i, 0x8_0003 + UInt64(i) * 0x1000) }
    e(0x3000, 3, 0x8000_0000_0020_0083)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("walk-\(UUID().uuidString).bin").path
    try Data(b).write(to: URL(fileURLWithPath: path))
    return path
}

@Suite struct WalkToolTests {
    @Test func translatesPrintingEveryLevel() throws {
        let dump = try writeDump()
        defer { try? FileManager.default.removeItem(atPath: dump) }
        let r = try calc(["walk", "--root", "0x1000", "--memory", dump, "0x401234", "x86_64"])
        #expect(r.status == 0)
        for level in ["PML4", "PDPT", "PD", "PT"] { #expect(r.out.contains(level)) }
        #expect(r.out.contains("-> physical 0x81234 (4 KiB page, effective rwx--)"))
        let missing = try calc(["walk", "--root", "0x1000", "--memory", dump, "0x404000", "x86_64"])
        #expect(missing.status == 0)
        #expect(missing.out.contains("not present at PT"))
    }

    @Test func translateJSONWithBase() throws {
        let dump = try writeDump(base: 0x1_0000_0000)
        defer { try? FileManager.default.removeItem(atPath: dump) }
        let r = try calc(["walk", "--root", "0x100001000", "--memory", dump, "--base", "0x100000000", "--json",
                          "0x612345", "x86_64"])
        #expect(r.status == 0)
        let j = try json(r)
        #expect(j["physical"] as? String == "0x212345")
        #expect(j["pageSize"] as? Int == 0x20_0000)
        #expect((j["steps"] as? [[String: Any]])?.map { $0["level"] as? String } == ["PML4", "PDPT", "PD"])
        #expect(j["flags"] as? String == "rw---")
    }

    @Test func enumeratesAllMappings() throws {
        let dump = try writeDump()
        defer { try? FileManager.default.removeItem(atPath: dump) }
        let r = try calc(["walk", "--root", "0x1000", "--memory", dump, "--all", "x86_64"])
        #expect(r.status == 0)
        #expect(r.out.contains("0x00400000  0x00403000    12.0 KiB  rwx   -> 0x80000, 3 x 4 KiB"))
        #expect(r.out.contains("2 range(s), 4 page(s)"))
        let j = try json(try calc(["walk", "--root", "0x1000", "--memory", dump, "--all", "--json", "x86_64"]))
        let maps = try #require(j["mappings"] as? [[String: Any]])
        #expect(maps.count == 2)
        #expect(maps[0]["start"] as? String == "0x400000" && maps[0]["size"] as? Int == 0x3000)
        #expect(maps[1]["physical"] as? String == "0x200000" && maps[1]["pages"] as? Int == 1)
    }

    @Test func errorsNameTheFile() throws {
        let dump = try writeDump()
        defer { try? FileManager.default.removeItem(atPath: dump) }
        let missing = try calc(["walk", "--root", "0x1000", "--memory", "/nonexistent/mem.bin", "0x1000", "x86_64"])
        #expect(missing.status == 1)
        #expect(missing.err.contains("/nonexistent/mem.bin"))
        let outside = try calc(["walk", "--root", "0x9000", "--memory", dump, "--all", "x86_64"])
        #expect(outside.status == 1)
        #expect(outside.err.contains(dump) && outside.err.contains("0x9000"))
        let below = try calc(["walk", "--root", "0x1000", "--memory", dump, "--base", "0x10000", "0x1", "x86_64"])
        #expect(below.status == 1)
        let bad = try calc(["walk", "--root", "zz", "--memory", dump, "0x1", "x86_64"])
        #expect(bad.status == 2)
        let arity = try calc(["walk", "--root", "0x1000", "--memory", dump, "x86_64"])
        #expect(arity.status == 2)
    }
}
