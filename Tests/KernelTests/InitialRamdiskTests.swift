import BootArchive
import Foundation
import QEMUTestSupport
import Testing

/// The kernel opens the boot archive (`-initrd`), checks every entry before
/// use, lists them, names a damaged one and goes on without it.
@Suite(.serialized) struct InitialRamdiskTests {
    /// Writes `bytes` to a temporary file for -initrd.
    func temporaryInitrd(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("keel-initrd-\(UUID().uuidString).img")
        try Data(bytes).write(to: url)
        return url
    }

    func entryNames(_ bytes: [UInt8]) throws -> [String] {
        try bytes.withUnsafeBytes { raw in try BootArchive(bytes: raw).map { String(decoding: $0.name, as: UTF8.self) } }
    }

    @Test func builtInitrdIsVerifiedAndListedAtBoot() throws {
        let path = try #require(QEMUMachine.defaultInitrd, "no .build/kernel/initrd.img: run `make kernel`")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let names = try entryNames(bytes)
        #expect(names.contains("hello"))
        let run = try QEMUMachine.boot(append: "selftest=boot", initrd: path)
        #expect(run.succeeded, "exit status \(run.status)\n\(run.output)")
        #expect(run.output.contains("initrd: \(names.count) \(names.count == 1 ? "entry" : "entries"), \(names.count) verified, 0 bad"),
                "\(run.output)")
        #expect(run.output.contains(#/Boot archive at 0x[0-9a-f]{16}: version 1, \d+ bytes, data aligned to 4096/#))
        for name in names {
            // Each entry's row ends with its check: ok, and where its contents are.
            #expect(run.output.contains(try Regex("\\] \(name) +\\d+ +\\d+ X.  0x[0-9a-f]{8} ok, (decompressed to|in place at) 0x[0-9a-f]{16}\n")),
                    "no ok row for \(name) in\n\(run.output)")
        }
        #expect(!run.output.contains("BAD"))
        #expect(run.output.contains("selftest boot: PASS"))
    }

    @Test func corruptedEntriesAreNamedAndTheKernelGoesOn() throws {
        // Three uncompressed entries (zero-copy in the module) plus the built
        // initrd's compressed programs would need liblz4 here; the compressed
        // path is covered by the next test.
        var builder = try BootArchiveBuilder()
        for (name, fill) in [("alpha", UInt8(0x11)), ("beta", 0x22), ("gamma", 0x33)] {
            try builder.add(name: name, contents: [UInt8](repeating: fill, count: 3000 + Int(fill)), mode: 0o755, executable: true)
        }
        var bytes = try builder.build()
        let beta = try bytes.withUnsafeBytes { raw in try #require(try BootArchive(bytes: raw).entry(named: "beta")) }
        bytes[Int(beta.dataOffset) + 1234] ^= 0x40
        let url = try temporaryInitrd(bytes)
        defer { try? FileManager.default.removeItem(at: url) }

        let run = try QEMUMachine.boot(append: "selftest=boot", initrd: url.path)
        #expect(run.succeeded, "exit status \(run.status)\n\(run.output)")
        #expect(run.output.contains(#/error: initrd: entry 'beta' failed its check: checksum mismatch \(CRC-32C recorded 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\); entry not used/#),
                "\(run.output)")
        #expect(run.output.contains("warn: initrd: 3 entries, 2 verified, 1 bad"))
        #expect(run.output.contains(#/\] alpha +3017 +3017 X   0x[0-9a-f]{8} ok, in place at 0x[0-9a-f]{16}/#))
        #expect(run.output.contains(#/\] beta +3034 +3034 X   0x[0-9a-f]{8} BAD: checksum mismatch/#))
        #expect(run.output.contains(#/\] gamma +3051 +3051 X   0x[0-9a-f]{8} ok, in place at 0x[0-9a-f]{16}/#))
        #expect(run.output.contains("selftest boot: PASS"))
    }

    @Test func corruptedCompressedEntryIsNamed() throws {
        let path = try #require(QEMUMachine.defaultInitrd, "no .build/kernel/initrd.img: run `make kernel`")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let victim = try bytes.withUnsafeBytes { raw in
            try #require(try BootArchive(bytes: raw).first(where: { $0.isCompressed && $0.storedSize > 16 }),
                         "the built initrd has no compressed entry")
        }
        let name = String(decoding: victim.name, as: UTF8.self)
        bytes[Int(victim.dataOffset) + Int(victim.storedSize) / 2] ^= 0x01
        let url = try temporaryInitrd(bytes)
        defer { try? FileManager.default.removeItem(at: url) }

        let run = try QEMUMachine.boot(append: "selftest=boot", initrd: url.path)
        #expect(run.succeeded, "exit status \(run.status)\n\(run.output)")
        #expect(run.output.contains("error: initrd: entry '\(name)' failed its check: checksum mismatch"), "\(run.output)")
        #expect(run.output.contains("selftest boot: PASS"))
    }

    @Test func moduleThatIsNotAnArchiveIsReportedAndIgnored() throws {
        let url = try temporaryInitrd([UInt8](repeating: 0xA5, count: 5000))
        defer { try? FileManager.default.removeItem(at: url) }
        let run = try QEMUMachine.boot(append: "selftest=boot", initrd: url.path)
        #expect(run.succeeded)
        #expect(run.output.contains("initrd: boot module 0 is not a usable boot archive: not a Keel boot archive (bad magic"))
    }

    @Test func monitorListsTheArchive() throws {
        var builder = try BootArchiveBuilder()
        try builder.add(name: "only-one", contents: Array("some bytes".utf8))
        let url = try temporaryInitrd(try builder.build())
        defer { try? FileManager.default.removeItem(at: url) }
        let run = try QEMUMachine.boot(append: "", input: "help\rinitrd\rpoweroff\r", waitFor: "keel> ", initrd: url.path)
        #expect(run.succeeded, "exit status \(run.status)\n\(run.output)")
        #expect(run.output.contains("  initrd    the boot archive's entries and their checks"))
        // Listed at boot and again by the command.
        let row = #/\] only-one +10 +10     0x[0-9a-f]{8} ok, in place at 0x[0-9a-f]{16}/#
        #expect(run.output.matches(of: row).count == 2, "\(run.output)")
    }

    @Test func tooManyEntriesAreRefusedWithoutExhaustingTheHeap() throws {
        var builder = try BootArchiveBuilder(alignment: 8)
        for i in 0 ..< 4097 { try builder.add(name: "e\(i)", contents: []) }
        let url = try temporaryInitrd(try builder.build())
        defer { try? FileManager.default.removeItem(at: url) }
        let run = try QEMUMachine.boot(append: "selftest=boot", initrd: url.path)
        #expect(run.succeeded, "\(run.output)")
        #expect(run.output.contains("initrd: boot archive has 4097 entries, more than the kernel takes (4096); ignored"))
    }

    @Test func noInitrdIsNotAnError() throws {
        let run = try QEMUMachine.boot(append: "selftest=boot", initrd: nil)
        #expect(run.succeeded)
        #expect(run.output.contains("initrd: no boot module"))
    }
}
