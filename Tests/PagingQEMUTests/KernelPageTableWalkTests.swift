// A walk of real x86_64 page tables: the kernel boots under QEMU to its
// prompt, QEMU stops it, saves guest RAM (pmemsave) and reports CR3, and the
// Paging walker's view of that dump must equal QEMU's own `info mem` (merged
// ranges, effective user/write rights) and `info tlb` (every leaf: physical
// address, NX/U/W, page size) for the same moment.

import Foundation
import Paging
import QEMUTestSupport
import TestSupport
import Testing

/// One line of `info mem`: `START-END SIZE PROT` with PROT `[u-]r[w-]`.
struct InfoMemRange: Equatable, CustomStringConvertible {
    var start: UInt64, end: UInt64, user: Bool, writable: Bool
    var description: String { String(format: "%016lx-%016lx %@r%@", start, end, user ? "u" : "-", writable ? "w" : "-") }
}

/// One line of `info tlb`: `VADDR: PADDR XGPDACTUW`.
struct InfoTLBPage { var virtual: UInt64, physical: UInt64, nx: Bool, huge: Bool, user: Bool, writable: Bool }

func parseInfoMem(_ text: String) -> [InfoMemRange] {
    text.split(separator: "\n").compactMap { line in
        let f = line.split(separator: " ")
        guard f.count == 3, f[2].count == 3 else { return nil }
        let bounds = f[0].split(separator: "-")
        guard bounds.count == 2, let s = UInt64(bounds[0], radix: 16), let e = UInt64(bounds[1], radix: 16) else { return nil }
        let p = Array(f[2])
        return InfoMemRange(start: s, end: e, user: p[0] == "u", writable: p[2] == "w")
    }
}

func parseInfoTLB(_ text: String) -> [InfoTLBPage] {
    text.split(separator: "\n").compactMap { line in
        let f = line.split(separator: " ")
        guard f.count == 3, f[0].hasSuffix(":"), f[2].count == 9,
              let v = UInt64(f[0].dropLast(), radix: 16), let p = UInt64(f[1], radix: 16) else { return nil }
        let flags = Array(f[2])   // X G P D A C T U W
        return InfoTLBPage(virtual: v, physical: p, nx: flags[0] == "X", huge: flags[2] == "P",
                           user: flags[7] == "U", writable: flags[8] == "W")
    }
}

/// Our mappings merged the way `info mem` merges: virtually adjacent ranges with equal
/// effective user/write rights, whatever their physical addresses and other bits.
func infoMemView(_ list: [PageMapping], scheme: PagingScheme) -> [InfoMemRange] {
    var out: [InfoMemRange] = []
    for m in list {
        let p = scheme.leafPermissions(m.effectiveEntry, depth: m.leafDepth)
        let r = InfoMemRange(start: m.virtualStart, end: m.virtualStart &+ m.size, user: p.user, writable: p.writable)
        if var last = out.last, last.end == r.start, last.user == r.user, last.writable == r.writable {
            last.end = r.end
            out[out.count - 1] = last
        } else {
            out.append(r)
        }
    }
    return out
}

@Suite(.serialized) struct KernelPageTableWalkTests {
    @Test(.timeLimit(.minutes(1))) func walkOfTheBootedKernelEqualsQEMUsView() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("paging-qemu-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let socket = dir.appendingPathComponent("qmp.sock").path
        let dumpPath = dir.appendingPathComponent("ram.bin").path

        let machine = try DebuggableMachine(append: "init=none", extraArguments: ["-qmp", "unix:\(socket),server=on,wait=off"])
        defer { _ = machine.waitForExit(timeout: 0) }
        let qmp = try QMPConnection(path: socket)
        // The moment: the kernel has built its own tables and waits at the monitor prompt.
        let deadline = Date().addingTimeInterval(30)
        while !machine.consoleText.contains("keel> ") && machine.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        try #require(machine.consoleText.contains("keel> "), "no prompt; console:\n\(machine.consoleText)")
        _ = try qmp.human("stop")
        let registers = try qmp.human("info registers")
        let cr3Text = try #require(registers.firstMatch(of: #/CR3=([0-9a-f]{16})/#)?.1, "\(registers)")
        let cr3 = UInt64(cr3Text, radix: 16)! & 0x000f_ffff_ffff_f000
        let cr4 = UInt64(try #require(registers.firstMatch(of: #/CR4=([0-9a-f]{8,16})/#)?.1), radix: 16)!
        #expect(cr4 & (1 << 12) == 0, "LA57 is off: 4-level paging")
        _ = try qmp.human("pmemsave 0 0x10000000 \"\(dumpPath)\"")
        let infoMem = parseInfoMem(try qmp.human("info mem"))
        let infoTLB = parseInfoTLB(try qmp.human("info tlb"))
        _ = try? qmp.execute(#"{"execute": "quit"}"#)
        try #require(infoMem.count > 3 && infoTLB.count > 100, "QEMU printed too little")

        let dump = try Data(contentsOf: URL(fileURLWithPath: dumpPath), options: .alwaysMapped)
        #expect(dump.count == 0x1000_0000)
        let scheme = PagingScheme.x86_64
        try dump.withUnsafeBytes { raw in
            let walker = PageTableWalker(scheme: scheme, memory: BufferPhysicalMemory(bytes: raw))
            var list: [PageMapping] = []
            let summary = walker.enumerateMappings(root: cr3) { list.append($0) }
            #expect(!summary.truncated && summary.tablesOutsideMemory == 0 && summary.reservedEntries == 0)

            // info mem: the same ranges with the same effective rights.
            let ours = infoMemView(list, scheme: scheme)
            #expect(ours.count == infoMem.count)
            for (a, b) in zip(ours, infoMem) where a != b {
                Issue.record("ours \(a) vs QEMU \(b)")
            }

            // info tlb: every leaf QEMU lists translates the same way here, with the same
            // NX/U/W bits and page size; and there are as many leaves on both sides.
            #expect(summary.leaves == infoTLB.count)
            var mismatches = 0
            for page in infoTLB {
                let t = walker.translate(page.virtual, root: cr3)
                guard case .mapped(let physical, let size, let depth) = t.outcome else {
                    mismatches += 1
                    if mismatches < 5 { Issue.record("0x\(String(page.virtual, radix: 16)) not mapped here: \(t.outcome)") }
                    continue
                }
                let leaf = t.step(depth).entry.rawValue
                let same = physical == page.physical && (size > 4096) == page.huge
                    && (leaf >> 63 != 0) == page.nx && (leaf & 4 != 0) == page.user && (leaf & 2 != 0) == page.writable
                if !same {
                    mismatches += 1
                    if mismatches < 5 {
                        Issue.record("0x\(String(page.virtual, radix: 16)): QEMU 0x\(String(page.physical, radix: 16)) vs 0x\(String(physical, radix: 16)), leaf 0x\(String(leaf, radix: 16))")
                    }
                }
            }
            #expect(mismatches == 0)

            // The kernel's own layout shows: its text is executable and read-only, the rest NX.
            let code = list.filter { scheme.leafPermissions($0.effectiveEntry, depth: $0.leafDepth).executable }
            #expect(!code.isEmpty)
            #expect(code.allSatisfy { !scheme.leafPermissions($0.effectiveEntry, depth: $0.leafDepth).writable })
            #expect(walker.translate(0, root: cr3).outcome == .failed(.notPresent(depth: 3)), "the null page is unmapped")

            // paging-calc over the same dump agrees with the library.
            if let tool = builtProduct(named: "paging-calc") {
                let run = try runTool(tool, ["walk", "--root", "0x" + String(cr3, radix: 16), "--memory", dumpPath,
                                             "--all", "--json", "x86_64"])
                #expect(run.status == 0)
                let j = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
                let maps = try #require(j["mappings"] as? [[String: Any]])
                #expect(maps.map { $0["start"] as? String } == list.map { "0x" + String($0.virtualStart, radix: 16) })
                #expect(j["leaves"] as? Int == infoTLB.count)
            }
        }
    }
}
