// kernel-symbols end to end: the symbols chosen from a real linked
// executable, looked up through the encoded table, agree with llvm-nm and
// llvm-symbolizer; and the built tool itself behaves as documented.

import ElfKit
import ElfKitDWARF
import Foundation
import Testing

/// Function symbols as llvm-nm sees them: address -> (name, size).
func nmFunctions(_ path: String) throws -> [UInt64: (String, UInt64)] {
    var result: [UInt64: (String, UInt64)] = [:]
    for line in try run(Tools.nm, ["-S", "--defined-only", path]).split(separator: "\n") {
        let f = line.split(separator: " ")
        guard f.count == 4, f[2] == "T" || f[2] == "t", let a = UInt64(f[0], radix: 16),
              let s = UInt64(f[1], radix: 16) else { continue }
        result[a] = (String(f[3]), s)
    }
    return result
}

@Suite struct KernelSymbolsToolTests {
    @Test func lookupsAgreeWithLLVMTools() throws {
        let dir = try TempDir()
        let exe = try compileC(sampleC, in: dir, name: "prog", flags: ["-O1", "-static", "-nostdlib", "-ffreestanding",
                                                                        "-Wl,-e,main", "-fno-pic", "-no-pie"])
        let bytes = try readBytes(exe)
        let symbols = try withElf(bytes) { try KernelSymbolCollector.collect(from: $0) }
        let names = Set(symbols.map(\.name))
        #expect(names.isSuperset(of: ["add", "main", "isr_stub_14", "isr_stub_15"]))
        #expect(!names.contains("counter"))  // data, not code
        #expect(!names.contains { $0.hasPrefix(".L") })
        let table = try KernelSymbolTable.encode(symbols)

        let functions = try nmFunctions(exe)
        try withTable(table) { r in
            for (address, (name, size)) in functions where size > 0 {
                for probe in [address, address + size / 2, address + size - 1] {
                    let m = try #require(r.lookup(probe), "\(name) at \(probe)")
                    #expect(string(m.name) == name)
                    #expect(m.offset == probe - address)
                }
            }
            // The assembly labels, and llvm-symbolizer's view of the same addresses.
            let stub = try #require(functions.first { $0.value.0 == "isr_stub_14" }).key
            let stub15 = try #require(functions.first { $0.value.0 == "isr_stub_15" }).key
            #expect(lookup(r, stub + 2) == "isr_stub_14+2")  // past the inner .L label
            #expect(lookup(r, stub15 + 1) == "isr_stub_15+1")
            let probes = [stub + 2, stub15, try #require(functions.first { $0.value.0 == "add" }).key + 3]
            let out = try run(Tools.symbolizer, ["--obj=\(exe)", "--no-inlines", "--functions=linkage"]
                              + probes.map { "0x" + String($0, radix: 16) })
            let symbolized = out.split(separator: "\n", omittingEmptySubsequences: true)
                .enumerated().filter { $0.offset % 2 == 0 }.map { String($0.element) }
            #expect(symbolized.count == probes.count)
            for (probe, expected) in zip(probes, symbolized) {
                #expect(r.lookup(probe).map { string($0.name) } == expected)
            }
        }
    }

    @Test func swiftNamesAreDemangled() throws {
        let dir = try TempDir()
        let src = try dir.file("k.swift", """
            public enum Selftests { @inline(never) public static func pageFault(at: UInt64, flag: Bool) -> Int { flag ? Int(at) : 0 } }
            @_cdecl("kmain") public func kmain() -> Int { Selftests.pageFault(at: 3, flag: true) }
            """)
        let obj = "\(dir.path)/k.o"
        try run(Tools.swiftc, ["-target", "x86_64-unknown-none-elf", "-enable-experimental-feature", "Embedded",
                               "-wmo", "-parse-as-library", "-O", "-Xfrontend", "-disable-stack-protector",
                               "-module-name", "Kernel", "-c", src, "-o", obj])
        let elf = "\(dir.path)/k.elf"
        try run(Tools.findTool("ld.lld", preferring: "/opt/swift/usr/bin/ld.lld"), ["-e", "kmain", "--unresolved-symbols=ignore-all", "-o", elf, obj])
        let symbols = try withElf(try readBytes(elf)) { try KernelSymbolCollector.collect(from: $0) }
        #expect(symbols.map(\.name).contains("Kernel.Selftests.pageFault(at:flag:)"))
        #expect(symbols.map(\.name).contains("kmain"))
    }

    @Test func mappingAndLocalLabelsAreSkipped() {
        for name in ["$x", "$d", "$x.12", ".Ltmp3", ".LBB0_1"] { #expect(KernelSymbolCollector.isLocalOrMappingLabel(name)) }
        for name in ["$e6Kernel5kmainyyF", "isr_stub_14", "$", "main"] { #expect(!KernelSymbolCollector.isLocalOrMappingLabel(name)) }
    }

    /// The executable built next to this test binary by `swift build`/`swift test`.
    static var toolPath: String? {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = me.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("kernel-symbols").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    @Test(.enabled(if: toolPath != nil)) func commandLine() throws {
        let tool = try #require(Self.toolPath)
        let dir = try TempDir()
        let exe = try compileC(sampleC, in: dir, name: "prog", flags: ["-O1"])
        let out = "\(dir.path)/syms.bin"
        let json = try run(tool, [exe, "-o", out, "--json"])
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let written = try readBytes(out)
        #expect(parsed?["bytes"] as? Int == written.count)
        let count = try withTable(written) { $0.count }
        #expect(parsed?["symbols"] as? Int == count)
        #expect(count > 5)
        #expect(try run(tool, ["--version"]).trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")

        func status(_ args: [String]) throws -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: tool)
            p.arguments = args
            p.standardError = FileHandle.nullDevice
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            return p.terminationStatus
        }
        #expect(try status([exe]) == 2)  // missing -o
        #expect(try status(["--no-such-flag", exe, "-o", out]) == 2)
        #expect(try status(["\(dir.path)/missing", "-o", out]) == 1)
        #expect(try status([try dir.file("text", "not an ELF file at all, long enough to hold a header......"), "-o", out]) == 1)
    }
}
