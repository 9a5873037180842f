// elfkit pack / list / unpack: the boot archive tools, run as a user would,
// against small static programs linked here with the toolchain's clang and
// ld.lld (x86_64, and i686/aarch64/relocatable/W+X ones it must refuse).

import BootArchive
import Foundation
import Testing
import TestSupport

/// Programs linked once per test run.
struct ArchiveFixtures {
    let dir: TempDirectory
    /// Static x86_64 executables: a small one and a larger, compressible one.
    let hello: String
    let big: String
    let i686: String
    let aarch64: String
    let relocatable: String
    let writableText: String

    static func make() throws -> ArchiveFixtures {
        guard let clang = Tool.clang, let lld = Tool.lld else { throw TestFailure("clang or ld.lld not found") }
        let dir = try TempDirectory()
        func run(_ tool: String, _ args: [String]) throws {
            let r = try runTool(tool, args)
            guard r.status == 0 else { throw TestFailure("\(tool) \(args): \(r.err)") }
        }
        let x86 = try dir.write("prog.S", """
            .text
            .global _start
            _start: lea msg(%rip), %rsi
            1: pause
               jmp 1b
            .section .rodata
            msg: .ascii "hello\\n"
            .fill 20000, 1, 0x41
            .data
            counter: .long 0
            .section .note.GNU-stack,"",@progbits
            """)
        let small = try dir.write("small.S", """
            .text
            .global _start
            _start: hlt
            .section .note.GNU-stack,"",@progbits
            """)
        let arm = try dir.write("arm.S", ".text\n.global _start\n_start: b _start\n")
        let i386 = try dir.write("i386.S", ".text\n.global _start\n_start: hlt\n")
        let p = dir.path
        try run(clang, ["--target=x86_64-unknown-none-elf", "-c", small, "-o", "\(p)/small.o"])
        try run(lld, ["-static", "-nostdlib", "-e", "_start", "\(p)/small.o", "-o", "\(p)/hello"])
        try run(clang, ["--target=x86_64-unknown-none-elf", "-c", x86, "-o", "\(p)/big.o"])
        try run(lld, ["-static", "-nostdlib", "-e", "_start", "\(p)/big.o", "-o", "\(p)/big"])
        // -N (--omagic): text and data in one RWX segment, which W^X forbids.
        try run(lld, ["-static", "-nostdlib", "-N", "-e", "_start", "\(p)/big.o", "-o", "\(p)/rwx"])
        try run(clang, ["--target=i686-unknown-none-elf", "-c", i386, "-o", "\(p)/i686.o"])
        try run(lld, ["-m", "elf_i386", "-static", "-e", "_start", "\(p)/i686.o", "-o", "\(p)/i686"])
        try run(clang, ["--target=aarch64-unknown-none-elf", "-c", arm, "-o", "\(p)/arm.o"])
        try run(lld, ["-static", "-e", "_start", "\(p)/arm.o", "-o", "\(p)/aarch64"])
        return ArchiveFixtures(dir: dir, hello: "\(p)/hello", big: "\(p)/big", i686: "\(p)/i686",
                               aarch64: "\(p)/aarch64", relocatable: "\(p)/small.o", writableText: "\(p)/rwx")
    }
}

func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

@Suite struct ArchiveToolTests {
    let f: ArchiveFixtures
    init() throws { f = try ArchiveFixtures.make() }
    var out: String { f.dir.path + "/initrd.img" }

    @Test func packListUnpackRoundTrip() throws {
        let pack = try elfkit(["pack", "--compress", "-v", "-o", out, f.hello, "renamed=\(f.big)"])
        #expect(pack.status == 0, "\(pack.err)")
        #expect(pack.out.contains("renamed: "))
        #expect(pack.out.contains("\(out): 2 entries, "))

        let list = try elfkit(["list", out])
        #expect(list.status == 0, "\(list.err)")
        let lines = list.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Boot archive '\(out)': version 1, 2 entries, ") == true)
        #expect(lines.first?.hasSuffix("data aligned to 4096") == true)
        #expect(lines[1].contains("[Nr] Name"))
        // Sorted by name; both programs shrink with LZ4 (the big one has 20,000 'A's), so both are stored compressed.
        let big = try bytes(f.big), hello = try bytes(f.hello)
        #expect(lines[2].contains(try Regex("^  \\[ 0\\] hello +\(hello.count) +\\d+ 0x00001000 0755 XL  0x[0-9a-f]{8} ok$")),
                "\(lines[2])")
        #expect(lines[3].contains(try Regex("^  \\[ 1\\] renamed +\(big.count) +\\d+ 0x00002000 0755 XL  0x[0-9a-f]{8} ok$")),
                "\(lines[3])")

        let into = f.dir.path + "/out"
        let unpack = try elfkit(["unpack", out, "-C", into, "-v"])
        #expect(unpack.status == 0, "\(unpack.err)")
        #expect(unpack.out == "\(into)/hello\n\(into)/renamed\n")
        #expect(try bytes(into + "/hello") == hello)
        #expect(try bytes(into + "/renamed") == big)
        let mode = try FileManager.default.attributesOfItem(atPath: into + "/renamed")[.posixPermissions] as? Int
        #expect(mode == 0o755)

        // Only the named entries.
        let one = f.dir.path + "/one"
        #expect(try elfkit(["unpack", out, "-C", one, "renamed"]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: one) == ["renamed"])
    }

    @Test func archiveMatchesTheReaderAndIsAligned() throws {
        #expect(try elfkit(["pack", "--compress", "--align", "64", "-o", out, f.hello, f.big]).status == 0)
        let archive = try bytes(out)
        try archive.withUnsafeBytes { raw in
            let a = try BootArchive(bytes: raw)
            #expect(a.alignment == 64)
            #expect(a.map { String(decoding: $0.name, as: UTF8.self) } == ["big", "hello"])
            for e in a { #expect(e.dataOffset % 64 == 0) }
            let big = try #require(a.entry(named: "big"))
            #expect(big.isCompressed && big.storedSize * 4 < big.size)
            #expect(try a.contents(of: big) == bytes(f.big))
        }
        // Without --compress nothing is compressed.
        #expect(try elfkit(["pack", "-o", out, f.big]).status == 0)
        let anyCompressed = try bytes(out).withUnsafeBytes { raw throws -> Bool in
            try BootArchive(bytes: raw).contains { $0.isCompressed }
        }
        #expect(!anyCompressed)
    }

    @Test func listJSON() throws {
        #expect(try elfkit(["pack", "--compress", "-o", out, f.hello, f.big]).status == 0)
        let list = try elfkit(["list", "--json", out])
        #expect(list.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: list.stdout) as? [String: Any])
        #expect(json["version"] as? Int == 1)
        #expect(json["alignment"] as? Int == 4096)
        #expect(json["size"] as? Int == (try bytes(out)).count)
        let entries = try #require(json["entries"] as? [[String: Any]])
        #expect(entries.map { $0["name"] as? String } == ["big", "hello"])
        #expect(entries[0]["compression"] as? String == "lz4")
        #expect(entries[1]["compression"] as? String == "lz4")
        #expect(try elfkit(["pack", "-o", out, f.hello]).status == 0)
        let plain = try #require(try JSONSerialization.jsonObject(with: try elfkit(["list", "--json", out]).stdout) as? [String: Any])
        let plainEntries = try #require(plain["entries"] as? [[String: Any]])
        #expect(plainEntries.first?["compression"] is NSNull)
        #expect(plainEntries.first?["compressed"] as? Bool == false)
        #expect(entries[0]["size"] as? Int == (try bytes(f.big)).count)
        #expect(entries.allSatisfy { $0["valid"] as? Bool == true && $0["executable"] as? Bool == true })
        #expect(entries[1]["modeOctal"] as? String == "0755")
        #expect((entries[1]["checksumHex"] as? String)?.hasPrefix("0x") == true)
    }

    @Test func corruptedEntryIsNamedByListAndUnpack() throws {
        #expect(try elfkit(["pack", "--compress", "-o", out, f.hello, f.big]).status == 0)
        var archive = try bytes(out)
        let victim = try archive.withUnsafeBytes { raw in try #require(try BootArchive(bytes: raw).entry(named: "big")) }
        archive[Int(victim.dataOffset) + 10] ^= 0xFF
        let bad = try f.dir.write("bad.img", archive)

        let list = try elfkit(["list", bad])
        #expect(list.status == 1)
        #expect(list.out.contains(#/\] big .* BAD\n/#))
        #expect(list.out.contains(#/\] hello .* ok\n/#))
        #expect(list.err.contains(#/elfkit: .*bad.img: entry 'big': checksum mismatch \(CRC-32C recorded 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)/#),
                "\(list.err)")
        let json = try elfkit(["list", "--json", bad])
        #expect(json.status == 1)
        #expect(json.out.contains(#""valid":false,"error":"entry 'big': checksum mismatch"#))

        // unpack writes the good entry, not the bad one, and fails.
        let into = f.dir.path + "/partial"
        let unpack = try elfkit(["unpack", bad, "-C", into])
        #expect(unpack.status == 1)
        #expect(unpack.err.contains("entry 'big': checksum mismatch"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: into) == ["hello"])
    }

    @Test func packRefusesWhatTheKernelCannotLoad() throws {
        let notElf = try f.dir.write("notes.txt", "just text\n")
        let cases: [(String, String)] = [
            (notElf, "not an ELF file (bad magic number)"),
            (f.i686, "ELF32 file; Keel user programs are ELF64 (x86_64)"),
            (f.aarch64, "machine is AArch64, not Advanced Micro Devices X86-64"),
            (f.relocatable, "not loadable: not an executable (ET_EXEC or ET_DYN)"),
            (f.writableText, "not loadable: segment 0: segment is both writable and executable"),
            ("/bin/sh", "dynamically linked (has PT_INTERP); Keel user programs must be static"),
            (f.dir.path + "/missing", "cannot open: No such file or directory"),
        ]
        for (input, message) in cases {
            let r = try elfkit(["pack", "-o", out, f.hello, input])
            #expect(r.status == 1, "\(input): \(r.status)")
            #expect(r.err.contains("elfkit: \(input): \(message)"), "\(input): \(r.err)")
            #expect(!FileManager.default.fileExists(atPath: out), "\(input): an archive was written")
        }
    }

    @Test func packUsageErrorsExitTwo() throws {
        let dup = try elfkit(["pack", "-o", out, f.hello, f.dir.path + "/./hello"])
        #expect(dup.status == 2)
        #expect(dup.err.contains("duplicate entry name 'hello' (from \(f.hello) and \(f.dir.path)/./hello)"))
        let dup2 = try elfkit(["pack", "-o", out, f.hello, "hello=\(f.big)"])
        #expect(dup2.status == 2)
        #expect(try elfkit(["pack", "-o", out]).status == 2)                     // no programs
        #expect(try elfkit(["pack", f.hello]).status == 2)                       // no -o
        #expect(try elfkit(["pack", "--align", "100", "-o", out, f.hello]).status == 2)
        #expect(try elfkit(["pack", "..=\(f.hello)", "-o", out]).status == 2)   // invalid name
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func failedPackLeavesTheOldArchiveAlone() throws {
        #expect(try elfkit(["pack", "-o", out, f.hello]).status == 0)
        let before = try bytes(out)
        #expect(try elfkit(["pack", "-o", out, f.big, f.i686]).status == 1)
        #expect(try bytes(out) == before)
        // No temporary files left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.dir.path).filter { $0.contains(".tmp.") } == [])
        // An unwritable destination is a clear error.
        let r = try elfkit(["pack", "-o", "/proc/keel-no-such-dir/initrd.img", f.hello])
        #expect(r.status == 1)
        #expect(r.err.contains("elfkit: /proc/keel-no-such-dir/initrd.img: cannot create a file in /proc/keel-no-such-dir"))
    }

    @Test func listAndUnpackRejectBadFiles() throws {
        let notArchive = try f.dir.write("x.img", "not an archive at all, but long enough to hold a whole header of 64 bytes\n")
        let r = try elfkit(["list", notArchive])
        #expect(r.status == 1)
        #expect(r.err.contains("elfkit: \(notArchive): not a Keel boot archive (bad magic, expected \"KEELARC\\0\")"))
        #expect(try elfkit(["pack", "-o", out, f.hello]).status == 0)
        let truncated = try f.dir.write("t.img", Array(try bytes(out).prefix(100)))
        let t = try elfkit(["unpack", truncated, "-C", f.dir.path + "/t"])
        #expect(t.status == 1)
        #expect(t.err.contains("truncated archive"))
        let missing = try elfkit(["unpack", out, "-C", f.dir.path + "/m", "nope"])
        #expect(missing.status == 1)
        #expect(missing.err.contains("no entry named 'nope'"))
        #expect(try elfkit(["list"]).status == 2)
    }
}
