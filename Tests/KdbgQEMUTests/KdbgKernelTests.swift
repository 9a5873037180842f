import Foundation
import QEMUTestSupport
import Testing

/// kdbg end to end against the kernel under QEMU: its own stub on COM2,
/// QEMU's gdbstub, QEMU's monitor as the reference for page tables.
@Suite(.serialized) struct KdbgKernelTests {
    @Test func attachBreakContinueBacktraceThenDetach() throws {
        let machine = try DebuggableMachine(append: "gdb=wait selftest=boot")
        let line = try kernelSourceLine("Selftests/BasicSelftests.swift", containing: "w.write(\"boot: \")")
        let (run, results) = try Kdbg.attach("127.0.0.1:\(machine.port)", [
            "break BasicSelftests.swift:\(line)", "continue", "bt", "info breakpoints", "detach",
        ])
        #expect(run.status == 0, "kdbg failed: \(run.err)\n\(run.out)")
        try #require(results.count == 5, "\(run.out)\n\(run.err)")
        #expect(results.allSatisfy { $0["ok"] as? Bool == true }, "\(run.out)")
        #expect(results[1]["stop"] as? String == "breakpoint", "\(results[1])")
        #expect((results[1]["file"] as? String)?.hasSuffix("Selftests/BasicSelftests.swift") == true)
        #expect(results[1]["line"] as? Int == line)
        let frames = try #require(results[2]["frames"] as? [[String: Any]])
        let places = frames.compactMap { f -> String? in
            guard let file = f["file"] as? String, let l = f["line"] as? Int else { return nil }
            return "\(file.split(separator: "/").last!):\(l)"
        }
        #expect(places.first == "BasicSelftests.swift:\(line)", "\(places)")
        #expect(places.contains { $0.hasPrefix("Selftests.swift:") } && places.contains { $0.hasPrefix("KernelMain.swift:") }, "\(places)")
        let names = frames.compactMap { $0["function"] as? String }
        #expect(names.contains("Kernel.kernelMain(_:)"), "\(names)")
        #expect((results[3]["output"] as? String)?.contains("breakpoint already hit 1 time") == true)
        let result = machine.waitForExit()
        #expect(result.succeeded && result.output.contains("selftest boot: PASS"), "after detach the kernel finishes:\n\(result.output)")
    }

    @Test func pageTablesAgreeWithQEMUsMonitor() throws {
        let monitor = QEMUMonitor()
        let machine = try DebuggableMachine(append: "", extraArguments: monitor.arguments)
        Thread.sleep(forTimeInterval: 0.5)   // the kernel reaches its idle console loop
        let (run, results) = try Kdbg.attach("127.0.0.1:\(machine.port)", [
            "memmap", "pt 0x400000000010", "pt $rip", "pt 0", "detach",
        ])
        #expect(run.status == 0, "\(run.err)\n\(run.out)")
        try #require(results.count == 5, "\(run.out)\n\(run.err)")
        // `info mem` merges runs by user and write permission (it shows no NX):
        // merge kdbg's annotated regions the same way and compare exactly.
        let regions = try #require(results[0]["regions"] as? [[String: Any]])
        var merged: [(start: UInt64, end: UInt64, perms: String)] = []
        for r in regions {
            let start = UInt64((r["start"] as! String).dropFirst(2), radix: 16)!
            let end = UInt64((r["end"] as! String).dropFirst(2), radix: 16)!
            let p = r["permissions"] as! String
            let perms = (p.contains("u") ? "u" : "-") + "r" + (p.contains("w") ? "w" : "-")
            if let last = merged.last, last.end == start, last.perms == perms {
                merged[merged.count - 1].end = end
            } else {
                merged.append((start, end, perms))
            }
        }
        let ours = merged.map { String(format: "%016lx-%016lx %016lx %@", $0.start, $0.end, $0.end - $0.start, $0.perms) }
        let info = try monitor.run("info mem").split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        #expect(ours == info, "kdbg memmap:\n\(ours.joined(separator: "\n"))\nQEMU info mem:\n\(info.joined(separator: "\n"))")
        // Annotations: the kernel's sections and stacks by name.
        let names = Set(regions.compactMap { $0["name"] as? String })
        #expect(names.isSuperset(of: [".text", ".rodata", ".bss", "boot stack"]), "\(names)")
        let text = try #require(regions.first { $0["name"] as? String == ".text" })
        #expect(text["permissions"] as? String == "r-x")
        // pt agrees with QEMU's own translation.
        let gpa = try monitor.run("gva2gpa 0x400000000010")
        let physical = try #require(results[1]["physical"] as? String)
        #expect(gpa.contains("gpa: \(physical)"), "kdbg: \(physical), QEMU: \(gpa)")
        #expect(results[2]["permissions"] as? String == "r-x", "\(results[2])")
        #expect((results[3]["output"] as? String)?.contains("not mapped") == true, "\(results[3])")
        #expect(machine.isRunning, "the kernel runs on after detach")
        _ = try? Kdbg.attach("127.0.0.1:\(machine.port)", ["kill"])
        _ = machine.waitForExit(timeout: 10)
    }

    @Test func symbolizeAPanicLogFromASelftest() throws {
        let boot = try QEMUMachine.boot(append: "selftest=panic")
        #expect(boot.failed)
        let path = NSTemporaryDirectory() + "kdbg-panic-\(UUID().uuidString).log"
        try boot.output.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        let run = try Kdbg.run(["symbolize", "--kernel", QEMUMachine.kernelPath, path])
        #expect(run.status == 0, "\(run.err)")
        let line = try kernelSourceLine("Selftests/FaultSelftests.swift", containing: "deliberate kernel panic")
        let lines = run.out.split(separator: "\n")
        let frame0 = try #require(lines.first { $0.hasPrefix("  #0 0x") }, "\(run.out)")
        #expect(frame0.hasSuffix("at FaultSelftests.swift:\(line)"), "\(frame0)")
        #expect(lines.contains { $0.hasPrefix("  #2 0x") && $0.contains("Kernel.Selftests.run(_:) + 0x") && $0.contains(" at Selftests.swift:") })
        #expect(lines.contains { $0.contains("Kernel.kernelMain(_:)") && $0.contains(" at KernelMain.swift:") })
        // Lines that are not backtrace lines pass through unchanged.
        #expect(run.out.contains("!!! KERNEL PANIC"))
        let json = try Kdbg.run(["symbolize", "--kernel", QEMUMachine.kernelPath, "--json", path])
        #expect(json.out.hasPrefix("[{\"index\":0,"), "\(json.out)")
    }

    @Test func genericCommandsOnQEMUsOwnGDBStub() throws {
        let port = try DebuggableMachine.freePortForTests()
        let machine = try DebuggableMachine(append: "", extraArguments: ["-gdb", "tcp:127.0.0.1:\(port)"])
        Thread.sleep(forTimeInterval: 0.5)
        let (run, results) = try Kdbg.attach("127.0.0.1:\(port)", [
            "regs cr0 efer rip", "x/2xg $rsp", "info symbol $rip", "pt $rip", "bt 3", "stepi", "threads", "detach",
        ])
        #expect(run.status == 0, "\(run.err)\n\(run.out)")
        try #require(results.count == 8, "\(run.out)\n\(run.err)")
        #expect(results.allSatisfy { $0["ok"] as? Bool == true }, "\(run.out)")
        #expect((results[0]["output"] as? String)?.contains("[ PE MP ET WP PG ]") == true, "\(results[0])")
        // EFER: long mode active and NX on (SCE too once the kernel has set up syscall/sysret).
        #expect((results[0]["output"] as? String)?.contains("LME LMA NXE ]") == true, "\(results[0])")
        // Physical reads through QEMU's PhyMemMode: the kernel identity-maps its text.
        let rip = try #require((results[0]["registers"] as? [String: Any])?["rip"] as? [String: Any])
        #expect(results[3]["physical"] as? String == rip["value"] as? String, "\(results[3])")
        #expect((results[2]["symbol"] as? String)?.hasPrefix("Kernel.") == true || results[2]["symbol"] is String, "\(results[2])")
        #expect(machine.isRunning)
        _ = try? Kdbg.attach("127.0.0.1:\(machine.port)", ["kill"])
        _ = machine.waitForExit(timeout: 10)
    }

    @Test func runBootsAttachesAndStopsQEMU() throws {
        let run = try Kdbg.run(["run", "--kernel", QEMUMachine.kernelPath, "--append", "selftest=boot",
                                "-ex", "info symbol $rip", "-ex", "log"])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("Kernel.Debugger.waitForDebugger()"), "\(run.out)")
        #expect(run.out.contains("gdb=wait: waiting for a debugger on COM2"), "\(run.out)")
        // A script stops at its first failing line; its status is the exit status.
        let script = NSTemporaryDirectory() + "kdbg-script-\(UUID().uuidString)"
        try "# comment\nregs rip\nbogus\nregs rsp\n".write(toFile: script, atomically: true, encoding: .utf8)
        defer { unlink(script) }
        let scripted = try Kdbg.run(["run", "--kernel", QEMUMachine.kernelPath, "-x", script])
        #expect(scripted.status == 2, "\(scripted.err)")
        #expect(scripted.out.contains("rip       0x") && !scripted.out.contains("rsp       0x"), "\(scripted.out)")
        #expect(scripted.err.contains("undefined command: \"bogus\""))
        // A failing last command makes the exit status.
        let failing = try Kdbg.run(["run", "--kernel", QEMUMachine.kernelPath, "-ex", "regs", "-ex", "x/4xg 0"])
        #expect(failing.status == 1)
        #expect(failing.err.contains("cannot access memory at 0x0"))
    }

    @Test func badUsageAndDeadTargets() throws {
        let missing = try Kdbg.run(["attach", "/no/such/socket"])
        #expect(missing.status == 2 && missing.err.contains("/no/such/socket"))
        let refused = try Kdbg.run(["attach", "127.0.0.1:1", "--kernel", QEMUMachine.kernelPath, "-ex", "regs"])
        #expect(refused.status == 1 && refused.err.contains("Connection refused"), "\(refused.err)")
        // The kernel powers off while kdbg waits in `continue`.
        let died = try Kdbg.run(["run", "--kernel", QEMUMachine.kernelPath, "--append", "selftest=boot", "-ex", "continue", "-ex", "regs"])
        #expect(died.status == 1)
        #expect(died.err.contains("the connection to the target closed"), "\(died.err)")
        #expect(died.err.contains("not connected"))
    }
}
