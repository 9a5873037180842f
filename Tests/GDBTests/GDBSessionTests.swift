import Foundation
import QEMUTestSupport
import Testing

/// The real gdb against the kernel's stub on COM2 (batch mode, a QEMU TCP chardev).
@Suite(.serialized) struct GDBSessionTests {
    @Test func registersBacktraceThreadsAndMonitorAtBoot() throws {
        let machine = try DebuggableMachine(append: "gdb=wait selftest=boot")
        let kernelMain = try KernelSymbols.address(containing: "kernelMain")
        let gdb = try machine.runGDB(["info registers rip", "bt", "info threads", "monitor help", "monitor memmap",
                                      "monitor frames", "monitor ksyms 0x\(String(kernelMain, radix: 16))",
                                      "monitor log", "detach"])
        let rip = try #require(gdb.firstMatch(of: #/rip +0x([0-9a-f]+)/#))
        #expect(UInt64(rip.1, radix: 16)! >= 0x100000 && UInt64(rip.1, radix: 16)! < 0x200000, "rip outside kernel text:\n\(gdb)")
        #expect(gdb.contains("Sources/Kernel/Boot/KernelMain.swift:"), "bt has no file:line in KernelMain.swift:\n\(gdb)")
        #expect(gdb.contains("in kernel_main ()"))
        #expect(gdb.contains("Thread 1 (kernel on the boot stack)"))
        #expect(gdb.contains("monitor ksyms ADDR   the kernel symbol at ADDR"))
        #expect(gdb.contains(#/0x0000000000100000 0x[0-9a-f]{16} +[0-9.]+ MiB  usable/#), "memmap:\n\(gdb)")
        #expect(gdb.contains(#/frames: \d+ total, \d+ free, \d+ used/#))
        #expect(gdb.contains("Kernel.kernelMain(_:) + 0x0"))
        #expect(gdb.contains("info: gdb=wait: waiting for a debugger on COM2"), "monitor log:\n\(gdb)")
        #expect(gdb.contains("[Inferior 1 (Remote target) detached]"))
        let run = machine.waitForExit()
        #expect(run.succeeded, "after detach the selftest should finish:\n\(run.output)")
        #expect(run.output.contains("selftest boot: PASS"))
    }

    @Test func breakContinueStepNextFinish() throws {
        let machine = try DebuggableMachine(append: "gdb=wait selftest=boot")
        let line = try KernelSymbols.line(in: "Selftests/BasicSelftests.swift", containing: "w.write(\"boot: \")")
        let gdb = try machine.runGDB([
            "break BasicSelftests.swift:\(line)", "continue",
            "print/x $rip", "stepi", "print/x $rip", "next", "finish", "delete", "continue",
        ])
        #expect(gdb.contains("Breakpoint 1, "), "\(gdb)")
        #expect(gdb.contains("BasicSelftests.swift:\(line)"))
        let rips = gdb.matches(of: #/\$\d+ = 0x([0-9a-f]+)/#).map { UInt64($0.1, radix: 16)! }
        #expect(rips.count == 2 && rips[0] != rips[1], "stepi did not move rip:\n\(gdb)")
        #expect(gdb.contains("\n\(line + 1)\t"), "next did not reach the next line:\n\(gdb)")
        #expect(gdb.contains("Value returned is"), "finish did not return a value:\n\(gdb)")
        #expect(gdb.contains("Selftests/Selftests.swift:"), "finish did not return into Selftests.run:\n\(gdb)")
        let run = machine.waitForExit()
        #expect(run.succeeded && run.output.contains("selftest boot: PASS"), "\(run.output)")
    }

    @Test func watchpointSetVarAndExamine() throws {
        let machine = try DebuggableMachine(append: "gdb=wait selftest=timer")
        let ticks = try KernelSymbols.symbolName(containing: "Timer", "ticks")
        let variable = "*(unsigned long *)&'\(ticks)'"
        let gdb = try machine.runGDB([
            "watch \(variable)", "continue", "delete",
            "x/4xg $rsp", "set var \(variable) = 5000000", "print \(variable)", "detach",
        ])
        #expect(gdb.contains("Hardware watchpoint 1"), "\(gdb)")
        #expect(gdb.contains("Old value = 0") && gdb.contains("New value = 1"), "\(gdb)")
        #expect(gdb.contains("Interrupts/Timer.swift:"), "the write happens in Timer.tick:\n\(gdb)")
        #expect(gdb.contains(#/0x[0-9a-f]+:\s+0x[0-9a-f]{16}\s+0x[0-9a-f]{16}/#), "x/4xg printed nothing:\n\(gdb)")
        #expect(gdb.contains("= 5000000"))
        let run = machine.waitForExit()
        #expect(run.succeeded, "\(run.output)")
        // The kernel saw gdb's write: its uptime jumped by 5000 s (plus the
        // time it ran on after detach, which is long on a loaded host).
        let uptime = run.output.firstMatch(of: #/uptime (\d+) ms/#).flatMap { Int($0.1) }
        #expect(uptime.map { (5_000_000..<5_060_000).contains($0) } == true, "\(run.output)")
    }

    @Test func ctrlCStopsTheRunningKernelAndKillPowersOff() throws {
        let machine = try DebuggableMachine(append: "init=none")
        #expect(machine.waitForConsole("keel> "), "the kernel never reached its monitor:\n\(machine.consoleText)")
        let gdb = try machine.runGDB([DebuggableMachine.ctrlC(after: 1), "continue", "info registers rip", "bt 3", "kill"],
                                     timeout: 30)
        // "Thread N received …" once tasks are listed as threads.
        #expect(gdb.contains("received signal SIGINT, Interrupt."), "\(gdb)")
        #expect(gdb.contains(#/rip +0x[0-9a-f]+/#))
        #expect(gdb.contains("[Inferior 1 (process 1) killed]") || gdb.contains("killed"), "\(gdb)")
        let run = machine.waitForExit(timeout: 10)
        #expect(run.failed, "kill powers the machine off with failure status; got \(run.status)")
    }

    @Test func attachToTheRunningKernelDetachAndAttachAgain() throws {
        let machine = try DebuggableMachine(append: "init=none")
        #expect(machine.waitForConsole("keel> "), "the kernel never reached its monitor:\n\(machine.consoleText)")
        let first = try machine.runGDB(["bt 4", "detach"])
        #expect(first.contains("Monitor.swift") || first.contains("ConsoleInput.swift"),
                "attached while the monitor waits for input:\n\(first)")
        #expect(first.contains("detached"))
        Thread.sleep(forTimeInterval: 0.3)
        #expect(machine.isRunning, "the kernel must run on after detach")
        let second = try machine.runGDB(["info registers rip", "kill"])
        #expect(second.contains(#/rip +0x[0-9a-f]+/#), "a second gdb session must work:\n\(second)")
        _ = machine.waitForExit(timeout: 10)
    }
}
