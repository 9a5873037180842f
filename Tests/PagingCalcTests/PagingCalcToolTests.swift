// Runs the built paging-calc executable (found next to the test bundle, as
// the elfkit tool tests do) and checks its text, JSON and exit codes.

import Foundation
import TestSupport
import Testing

enum Tool {
    static let pagingCalc: String? = {
        if let built = builtProduct(named: "paging-calc") { return built }
        let fallback = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/paging-calc").path
        return FileManager.default.isExecutableFile(atPath: fallback) ? fallback : nil
    }()
}

struct ToolMissing: Error {}

func calc(_ arguments: [String], environment: [String: String]? = nil) throws -> ToolRun {
    guard let tool = Tool.pagingCalc else { throw ToolMissing() }
    return try runTool(tool, arguments, environment: environment)
}

func json(_ r: ToolRun) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
}

func levelIndices(_ j: [String: Any]) -> [Int] {
    ((j["levels"] as? [[String: Any]]) ?? []).compactMap { $0["index"] as? Int }
}

@Suite struct PagingCalcToolTests {
    @Test func x86_64Text() throws {
        let r = try calc(["0xdeadbeef", "x86_64"])
        #expect(r.status == 0)
        #expect(r.err.isEmpty)
        #expect(r.out.contains("0000000000000000 000000000 000000011 011110101 011011011 111011101111"))
        #expect(r.out.contains("PML4    47:39       0"))
        #expect(r.out.contains("PD      29:21     245  0x0f5"))
        #expect(r.out.contains("PT      20:12     219  0x0db"))
        #expect(r.out.contains("0xeef"))
        #expect(!r.out.contains("\u{1B}["))  // not a terminal: no colors
    }

    @Test func x86_64JSON() throws {
        let r = try calc(["--json", "0xdeadbeef", "x86_64"])
        #expect(r.status == 0)
        let j = try json(r)
        #expect(j["arch"] as? String == "x86_64")
        #expect(j["address"] as? String == "0xdeadbeef")
        #expect(j["canonical"] as? Bool == true)
        #expect(j["offset"] as? Int == 0xeef)
        #expect(levelIndices(j) == [0, 3, 245, 219])
        let levels = try #require(j["levels"] as? [[String: Any]])
        #expect(levels.map { $0["name"] as? String } == ["PML4", "PDPT", "PD", "PT"])
        #expect(levels[0]["bits"] as? [Int] == [47, 39])
        #expect(levels[0]["covers"] as? Int == 1 << 39)
    }

    @Test func otherSchemes() throws {
        let i386 = try json(try calc(["--json", "0xdeadbeef", "i386"]))
        #expect(levelIndices(i386) == [0x37a, 0x2db])
        let sv39 = try json(try calc(["--json", "0xffffffc080201000", "riscv64-sv39"]))
        #expect(levelIndices(sv39) == [258, 1, 1])
        #expect(sv39["canonical"] as? Bool == true)
        let a64 = try json(try calc(["--json", "0xffff000008081234", "aarch64", "--granule", "4k", "--va-bits", "48"]))
        #expect(levelIndices(a64) == [0, 0, 64, 129])
        #expect(a64["half"] as? String == "TTBR1")
        #expect(a64["offset"] as? Int == 0x234)
        let g16 = try json(try calc(["--json", "0x0", "aarch64", "--granule", "16k", "--va-bits", "47"]))
        #expect((g16["levels"] as? [[String: Any]])?.map { $0["name"] as? String } == ["L1", "L2", "L3"])
        let la57 = try json(try calc(["--json", "0xffff000000000000", "x86_64-la57"]))
        #expect(levelIndices(la57) == [511, 0, 0, 0, 0])
        let sv57 = try calc(["0x1000", "riscv64-sv57"])
        #expect(sv57.status == 0 && sv57.out.contains("VPN[4]"))
    }

    @Test func nonCanonicalPrintsDecompositionAndFails() throws {
        let r = try calc(["0x0000800000000000", "x86_64"])
        #expect(r.status == 2)
        #expect(r.err.contains("warning") && r.err.contains("not canonical") && r.err.contains("63:48"))
        #expect(r.err.contains("valid: 0x0000000000000000-0x00007fffffffffff and 0xffff800000000000-0xffffffffffffffff"))
        #expect(r.out.contains("PML4    47:39     256"))
        #expect(r.out.contains("Canonical: NO"))
        let jr = try calc(["--json", "0x0000800000000000", "x86_64"])
        #expect(jr.status == 2)
        let j = try json(jr)
        #expect(j["canonical"] as? Bool == false)
        #expect(j["offendingBits"] as? String == "0xffff000000000000")
        #expect(levelIndices(j) == [256, 0, 0, 0])
        // The edges: the highest lower-half address is fine, the next one is not; AArch64 too.
        #expect(try calc(["0x00007fffffffffff", "x86_64"]).status == 0)
        #expect(try calc(["0xffff800000000000", "x86_64"]).status == 0)
        let a64 = try calc(["0x0001000000000000", "aarch64"])
        #expect(a64.status == 2 && a64.out.contains("L0") && a64.err.contains("TTBR0"))
    }

    @Test func reverse() throws {
        let r = try calc(["--json", "--indices", "511,510,0,0", "x86_64"])
        #expect(r.status == 0)
        let j = try json(r)
        #expect(j["address"] as? String == "0xffffffff80000000")
        #expect(levelIndices(j) == [511, 510, 0, 0])
        // Round trip through the forward direction.
        let f = try json(try calc(["--json", "0xffffffff80000000", "x86_64"]))
        #expect(levelIndices(f) == [511, 510, 0, 0])
        let i = try json(try calc(["--json", "--indices", "0x37a,0x2db", "--offset", "0xeef", "i386"]))
        #expect(i["address"] as? String == "0xdeadbeef")
        let up = try json(try calc(["--json", "--indices", "0,0,64,129", "--offset", "0x234", "--upper", "aarch64"]))
        #expect(up["address"] as? String == "0xffff000008081234")
        let bad = try calc(["--indices", "0,512,0,0", "x86_64"])
        #expect(bad.status == 2 && bad.err.contains("0...511"))
    }

    @Test func pteDecode() throws {
        let j = try json(try calc(["--json", "--pte", "0x8000000000200083", "x86_64", "--level", "PD"]))
        #expect(j["kind"] as? String == "page")
        #expect(j["physicalAddress"] as? String == "0x200000")
        #expect(j["pageSize"] as? Int == 2 << 20)
        #expect(j["set"] as? [String] == ["P", "R/W", "PS", "XD"])
        let t = try calc(["--pte", "0x0060000040000743", "aarch64"])
        #expect(t.status == 0 && t.out.contains("4 KiB page at physical 0x40000000") && t.out.contains("AttrIndx"))
        let rv = try json(try calc(["--json", "--pte", "0x200800cf", "riscv64-sv39"]))
        #expect(rv["physicalAddress"] as? String == "0x80200000")
        #expect(rv["set"] as? [String] == ["V", "R", "W", "X", "A", "D"])
        let badLevel = try calc(["--pte", "1", "x86_64", "--level", "L2"])
        #expect(badLevel.status == 2 && badLevel.err.contains("PML4, PDPT, PD, PT"))
    }

    @Test func badInput() throws {
        let notNumber = try calc(["zzz", "x86_64"])
        #expect(notNumber.status == 2 && notNumber.err.contains("'zzz' is not a number"))
        let wide = try calc(["0x100000000", "i386"])
        #expect(wide.status == 2 && wide.err.contains("too wide"))
        let huge = try calc(["0x1ffffffffffffffff", "x86_64"])
        #expect(huge.status == 2 && huge.err.contains("64 bits"))
        let scheme = try calc(["1", "mips"])
        #expect(scheme.status == 2 && scheme.err.contains("unknown scheme 'mips'") && scheme.err.contains("riscv64-sv39"))
        let pair = try calc(["1", "aarch64", "--granule", "16k", "--va-bits", "53"])
        #expect(pair.status == 2 && pair.err.contains("--va-bits 53") && pair.err.contains("16k")
                && pair.err.contains("25...48") && pair.err.contains("FEAT_LPA2"))
        let small = try calc(["1", "aarch64", "--granule", "64k", "--va-bits", "24"])
        #expect(small.status == 2 && small.err.contains("FEAT_LVA"))
        #expect(try calc(["1", "aarch64", "--granule", "16k", "--va-bits", "36"]).status == 0)
        let tooManyIndices = try calc(["--indices", "1,2,3,4,5", "x86_64"])
        #expect(tooManyIndices.status == 2 && tooManyIndices.err.contains("give 2 or 3 or 4 indices"))
        let pteWide = try calc(["--pte", "0x100000000", "i386"])
        #expect(pteWide.status == 2 && pteWide.err.contains("32 bits"))
        let granule = try calc(["1", "aarch64", "--granule", "8k"])
        #expect(granule.status == 2 && granule.err.contains("4k, 16k, 64k"))
        #expect(try calc([]).status == 2)
        #expect(try calc(["--bogus"]).status == 2)
    }

    @Test func helpVersionAndColor() throws {
        let v = try calc(["--version"])
        #expect(v.status == 0 && v.out.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let h = try calc(["--help"])
        #expect(h.status == 0 && h.out.contains("--indices") && h.out.contains("--pte"))
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        #expect(!(try calc(["0x1", "x86_64"], environment: env).out.contains("\u{1B}[")))
    }
}
