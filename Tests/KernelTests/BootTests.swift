import Foundation
import QEMUTestSupport
import Testing

/// Boot scenarios: the kernel comes up, reports itself and powers off with the right status.
@Suite(.serialized) struct BootTests {
    @Test func bootSelftestPrintsBannerMemoryMapAndStatistics() throws {
        let run = try QEMUMachine.boot(append: "selftest=boot")
        #expect(run.succeeded, "exit status \(run.status)\n\(run.output)")
        #expect(run.output.contains("Keel kernel 0.1.0 (x86_64, Embedded Swift) booting"))
        #expect(run.output.contains("Memory map (PVH start info"))
        // QEMU's PVH map has the RAM above 1 MiB as a usable row.
        #expect(run.output.contains(#/  0x0000000000100000 0x[0-9a-f]{16} +[0-9.]+ MiB  usable/#))
        #expect(run.output.contains(#/Frames: \d+ total, \d+ free, \d+ used/#))
        #expect(run.output.contains(#/Heap: 0x0000400000000000, capacity/#))
        #expect(run.output.contains("selftest boot: PASS"))
    }

    @Test func pageTablesProtectEachKernelRegion() throws {
        let run = try QEMUMachine.boot(append: "selftest=paging")
        #expect(run.succeeded, "\(run.output)")
        #expect(run.output.contains(#/paging: null page 0x0000000000000000 unmapped ok/#))
        #expect(run.output.contains(#/paging: text 0x[0-9a-f]{16} -> 0x[0-9a-f]{16} R-X ok/#))
        #expect(run.output.contains(#/paging: rodata 0x[0-9a-f]{16} -> 0x[0-9a-f]{16} R-- ok/#))
        #expect(run.output.contains(#/paging: data 0x[0-9a-f]{16} -> 0x[0-9a-f]{16} RW- ok/#))
        #expect(run.output.contains(#/paging: boot stack 0x[0-9a-f]{16} unmapped ok/#))
        #expect(run.output.contains(#/paging: heap 0x0000400000000000 -> 0x[0-9a-f]{16} RW- ok/#))
        #expect(!run.output.contains("WRONG"))
    }

    @Test func initrdArrivesAsABootModule() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("keel-module-\(UUID().uuidString)")
        try Data(repeating: 0xA5, count: 12345).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try QEMUMachine.boot(append: "selftest=boot", extraArguments: ["-initrd", file.path])
        #expect(run.succeeded)
        #expect(run.output.contains("Command line: \"selftest=boot\", 1 boot module(s)"))
        #expect(run.output.contains(#/  module 0: 0x[0-9a-f]{16}-0x[0-9a-f]{16} \(12345 bytes\)/#))
    }

    @Test func listNamesEveryScenario() throws {
        let run = try QEMUMachine.boot(append: "selftest=list")
        #expect(run.succeeded)
        for name in ["boot", "heap", "paging", "timer", "int3", "pagefault", "divzero", "panic", "overflow", "doublefault"] {
            #expect(run.output.contains(try Regex("\n  \(name) +\\S")), "missing \(name) in\n\(run.output)")
        }
    }

    @Test func unknownScenarioFailsWithTheList() throws {
        let run = try QEMUMachine.boot(append: "selftest=nope")
        #expect(run.failed, "exit status \(run.status)")
        #expect(run.output.contains("selftest: unknown scenario 'nope'"))
        #expect(run.output.contains("Selftests (selftest=NAME):"))
    }

    @Test func heapUseReturnsToBaselineAfterChurn() throws {
        let run = try QEMUMachine.boot(append: "selftest=heap")
        #expect(run.succeeded, "\(run.output)")
        let m = try #require(run.output.firstMatch(
            of: #/heap: baseline (\d+) bytes in (\d+) blocks; peak (\d+) bytes; (\d+) allocations; after (\d+) bytes in (\d+) blocks/#))
        #expect(m.1 == m.5, "bytes in use after the churn differ from the baseline")
        #expect(m.2 == m.6)
        #expect(Int(m.3)! > Int(m.1)!)
        #expect(Int(m.4)! > 10_000)
        #expect(run.output.contains("selftest heap: PASS"))
    }

    @Test func timerTicksArrive() throws {
        let run = try QEMUMachine.boot(append: "selftest=timer")
        #expect(run.succeeded, "\(run.output)")
        let m = try #require(run.output.firstMatch(of: #/timer: (\d+) ticks/#))
        #expect(Int(m.1)! >= 100)
        #expect(run.output.contains("selftest timer: PASS"))
    }

    @Test func monitorAnswersCommandsAndPowersOff() throws {
        // init=none keeps the kernel monitor instead of the user-space shell.
        let run = try QEMUMachine.boot(append: "init=none", input: "hlep\u{7f}\u{7f}\u{7f}elp\ruptime\rmem\rlog\rbogus\rpoweroff\r",
                                       waitFor: "keel> ")
        #expect(run.succeeded, "exit status \(run.status)\n\(run.output)")
        #expect(run.output.contains("Keel monitor. Type 'help' for commands."))
        // "hlep", three DELs and "elp" typed after is "help".
        #expect(run.output.contains("  poweroff  power the machine off"))
        #expect(run.output.contains(#/up \d+\.\d{3} s \(\d+ timer ticks at 1000 Hz\)/#))
        #expect(run.output.contains("unknown command 'bogus'; type 'help'"))
        #expect(run.output.contains("Powering off."))
        // `log` replays the boot messages kept in the ring.
        let banner = "info: Keel kernel 0.1.0 (x86_64, Embedded Swift) booting"
        #expect(run.output.components(separatedBy: banner).count >= 3, "banner not replayed by `log`")
    }
}
