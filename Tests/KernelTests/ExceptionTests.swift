import QEMUTestSupport
import Testing

/// Fault scenarios: each report names the exception, shows the registers and
/// a symbolized backtrace whose functions are the kernel's own, in call order.
@Suite(.serialized) struct ExceptionTests {
    func expectRegisters(_ output: String) throws {
        for name in ["RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "RSP", "R8 ", "R9 ", "R10", "R11",
                     "R12", "R13", "R14", "R15", "RIP"] {
            #expect(output.contains(try Regex("\\b\(name) 0x[0-9a-f]{16}")), "no \(name) in report")
        }
        #expect(output.contains(#/RFLAGS 0x[0-9a-f]{16} \[[A-Z ]*\]  CS 0x0008  SS 0x0010/#))
    }

    @Test func pageFaultOnGuardPageNamesTheToucher() throws {
        let run = try QEMUMachine.boot(append: "selftest=pagefault")
        #expect(run.failed, "exit status \(run.status)\n\(run.output)")
        #expect(run.output.contains("!!! EXCEPTION #PF Page Fault (vector 14) error code 0x0"))
        #expect(run.output.contains(#/CR2 0x[0-9a-f]{13}800 \(page not present, read, kernel mode\) \[guard page of the boot stack: stack overflow\]/#))
        try expectRegisters(run.output)
        let frames = BacktraceLine.parse(run.output)
        #expect(frames.first?.symbol == "Kernel.FaultSelftests.touchGuardPage(_:)", "\(run.output)")
        #expect(frames.containsInOrder(["Kernel.FaultSelftests.touchGuardPage(_:)",
                                        "Kernel.FaultSelftests.pageFault()",
                                        "Kernel.Selftests.run(_:)", "kernel_main"]), "\(run.output)")
    }

    @Test func divideByZeroIsReported() throws {
        let run = try QEMUMachine.boot(append: "selftest=divzero")
        #expect(run.failed)
        #expect(run.output.contains("!!! EXCEPTION #DE Divide Error (vector 0)"))
        try expectRegisters(run.output)
        let frames = BacktraceLine.parse(run.output)
        #expect(frames.containsInOrder(["Kernel.FaultSelftests.divide(_:by:)", "Kernel.FaultSelftests.divideByZero()",
                                        "Kernel.Selftests.run(_:)", "kernel_main"]), "\(run.output)")
    }

    @Test func breakpointIsReportedAndResumed() throws {
        let run = try QEMUMachine.boot(append: "selftest=int3")
        #expect(run.succeeded, "\(run.output)")
        #expect(run.output.contains(#/breakpoint \(#BP\) at 0x[0-9a-f]{16} Kernel\.FaultSelftests\.hitBreakpoint\(\) \+ 0x[0-9a-f]+; no debugger attached, continuing/#))
        #expect(run.output.contains("int3: resumed after the breakpoint"))
        #expect(run.output.contains("selftest int3: PASS"))
    }

    @Test func fatalErrorPanicsWithItsMessage() throws {
        let run = try QEMUMachine.boot(append: "selftest=panic")
        #expect(run.failed)
        #expect(run.output.contains("selftest: deliberate kernel panic"))
        #expect(run.output.contains("!!! KERNEL PANIC: Swift runtime failure"))
        try expectRegisters(run.output)
        let frames = BacktraceLine.parse(run.output)
        #expect(frames.first?.symbol == "Kernel.FaultSelftests.failWithMessage()", "\(run.output)")
        #expect(frames.containsInOrder(["Kernel.FaultSelftests.failWithMessage()", "Kernel.Selftests.run(_:)",
                                        "kernel_main"]), "\(run.output)")
    }

    @Test func arithmeticOverflowTraps() throws {
        let run = try QEMUMachine.boot(append: "selftest=overflow")
        #expect(run.failed)
        #expect(run.output.contains("!!! KERNEL PANIC: Swift runtime failure"))
        let frames = BacktraceLine.parse(run.output)
        #expect(frames.first?.symbol == "Kernel.FaultSelftests.addOverflowing(_:_:)", "\(run.output)")
        #expect(frames.containsInOrder(["Kernel.FaultSelftests.addOverflowing(_:_:)",
                                        "Kernel.FaultSelftests.arithmeticOverflow()", "kernel_main"]))
    }

    @Test func stackOverflowReachesDoubleFaultOnItsOwnStack() throws {
        let run = try QEMUMachine.boot(append: "selftest=doublefault")
        #expect(run.failed, "exit status \(run.status)\n\(run.output)")
        #expect(run.output.contains("!!! EXCEPTION #DF Double Fault (vector 8) error code 0x0"))
        #expect(run.output.contains(#/running on the #DF IST stack \(top 0x[0-9a-f]{16}\); interrupted rsp 0x[0-9a-f]{16} \[guard page of the boot stack: stack overflow\]/#))
        let frames = BacktraceLine.parse(run.output)
        #expect(frames.prefix(4).allSatisfy { $0.symbol == "Kernel.FaultSelftests.recurse(_:)" }, "\(run.output)")
        // The recursion is collapsed, and the walk still reaches what started it.
        let repeated = try #require(run.output.firstMatch(of: #/  … #4-#(\d+): the same frame (\d+) more times/#))
        #expect(Int(repeated.2)! > 50, "a 64 KiB stack at 512 bytes per frame holds over 100 frames")
        #expect(frames.containsInOrder(["Kernel.FaultSelftests.recurse(_:)", "Kernel.FaultSelftests.stackOverflow()",
                                        "Kernel.Selftests.run(_:)", "kernel_main"]), "\(run.output)")
    }

    @Test func everyBacktraceLineHasTheContractFormat() throws {
        let run = try QEMUMachine.boot(append: "selftest=pagefault")
        let lines = run.output.split(separator: "\n").filter { $0.hasPrefix("  #") }
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(String(line).wholeMatch(of: BacktraceLine.pattern) != nil, "bad backtrace line: \(line)")
        }
    }
}
