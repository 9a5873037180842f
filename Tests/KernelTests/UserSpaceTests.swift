import Foundation
import QEMUTestSupport
import Testing

/// User space under QEMU: ring-3 programs loaded from their ELF images,
/// faults that end only the faulting task, IPC, shared memory, capabilities,
/// the scheduler, and the shell driven over the console.
@Suite(.serialized) struct UserSpaceTests {
    func expectNoKernelFailure(_ output: String) {
        #expect(!output.contains("!!! EXCEPTION"), "kernel exception:\n\(output)")
        #expect(!output.contains("KERNEL PANIC"), "kernel panic:\n\(output)")
    }

    @Test func helloRunsInRingThreeAndExitsZero() throws {
        let run = try QEMUMachine.boot(append: "selftest=user")
        #expect(run.succeeded, "exit status \(run.status)\n\(run.output)")
        #expect(run.output.contains("Hello from user space!\narguments: from the selftest"))
        #expect(run.output.contains(#/user: hello \(task \d+\) ended with status 0x0/#))
    }

    /// Each fault kind: a report naming the task and the exception, and a
    /// backtrace symbolized from the program's own ELF in call order; then
    /// the kernel starts another program.
    @Test func faultingTasksAreKilledAloneWithASymbolizedBacktrace() throws {
        let run = try QEMUMachine.boot(append: "selftest=userfault")
        #expect(run.succeeded, "exit status \(run.status)\n\(run.output)")
        expectNoKernelFailure(run.output)
        let reports = run.output.components(separatedBy: "!!! task ").dropFirst().map { "!!! task " + $0 }
        #expect(reports.count == 8, "\(run.output)")
        guard reports.count == 8 else { return }

        #expect(reports[0].contains(#/!!! task \d+ 'fault' killed: #PF Page Fault \(vector 14\) error code 0x4\n/#))
        #expect(reports[0].contains("CR2 0x0000000000000008 (page not present, read, user mode) [null pointer dereference]"))
        #expect(reports[0].contains("Backtrace (fault, symbols from its ELF):"))
        let nullFrames = BacktraceLine.parse(reports[0])
        #expect(nullFrames.first?.symbol == "fault.Fault.nullDereference(_:)", "\(reports[0])")
        #expect(nullFrames.containsInOrder(["fault.Fault.nullDereference(_:)", "main", "_start"]))
        #expect(nullFrames.allSatisfy { $0.address >= 0x80_0000_0000 }, "user addresses only")

        #expect(reports[1].contains("(protection violation, write, user mode)"))
        #expect(BacktraceLine.parse(reports[1]).containsInOrder(["fault.Fault.writeToText()", "fault.Fault.main()"]))
        #expect(reports[2].contains("#GP General Protection (vector 13)"))
        #expect(BacktraceLine.parse(reports[2]).containsInOrder(["keel_privileged_instruction", "fault.Fault.main()"]))
        #expect(reports[3].contains("#UD Invalid Opcode (vector 6)"))
        #expect(!reports[3].contains("Swift runtime failure"))
        #expect(reports[4].contains("CR2 0x0000000000100000 (protection violation, read, user mode)"),
                "kernel memory is mapped supervisor-only:\n\(reports[4])")
        #expect(reports[5].contains("[guard page of the user stack: stack overflow]"))
        #expect(reports[5].contains(#/… #\d+-#\d+: the same frame \d+ more times/#))
        #expect(BacktraceLine.parse(reports[5]).containsInOrder(["fault.Fault.recurse(_:)", "fault.Fault.main()"]))
        #expect(run.output.contains("Fatal error: Index out of range"))
        #expect(reports[6].contains("ud2: a Swift runtime failure"))
        #expect(BacktraceLine.parse(reports[6]).first?.symbol == "fault.Fault.outOfBounds(_:)")
        #expect(reports[7].contains(
            "bad system call argument: write got pointer 0x0000000000100000 (length 16) that is not readable user memory"))
        #expect(BacktraceLine.parse(reports[7]).containsInOrder(["keel_syscall", "fault.Fault.badPointer()"]) ||
                BacktraceLine.parse(reports[7]).containsInOrder(["keel_syscall", "fault.Fault.main()"]))

        #expect(run.output.contains("Hello from user space!\narguments: after the faults"))
        #expect(run.output.contains("selftest userfault: PASS"))
    }

    /// The task's page tables give each segment its ELF permissions, keep
    /// the kernel supervisor-only and leave the stack guard unmapped; a W+X
    /// segment is refused; a hand-built ELF (ElfKit's builder) runs.
    @Test func taskPageTablesEnforceSegmentPermissionsAndWriteXorExecute() throws {
        let run = try QEMUMachine.boot(append: "selftest=userpaging")
        #expect(run.succeeded, "exit status \(run.status)\n\(run.output)")
        // hello's text, at its own link base (512 GiB + 4 GiB per program before it).
        #expect(run.output.contains(#/userpaging: segment 0x0000008[0-9a-f]00000000 \(\d+ pages\) user R-X ok/#))
        #expect(run.output.contains(#/userpaging: segment 0x[0-9a-f]{16}( \(\d+ pages\))? user R-- ok/#))
        #expect(run.output.contains(#/userpaging: segment 0x[0-9a-f]{16}( \(\d+ pages\))? user RW- ok/#))
        #expect(run.output.contains("userpaging: stack 0x00002fffffff0000 (16 pages) user RW- ok"))
        #expect(run.output.contains("userpaging: stack guard page 0x00002ffffffef000 unmapped ok"))
        #expect(run.output.contains(#/userpaging: kernel text 0x[0-9a-f]{16} supervisor R-X ok/#))
        #expect(run.output.contains(#/userpaging: kernel heap 0x0000400000000000 supervisor RW- ok/#))
        #expect(run.output.contains(
            "userpaging: W+X program: load plan rejected: segment is both writable and executable (program header 0)"))
        #expect(run.output.contains("userpaging: ElfBuilder program exited with 42"))
        #expect(!run.output.contains("WRONG"))
    }

    /// Programs read from a boot archive: every entry's CRC-32C is checked
    /// before use; the corrupted one is refused by name, the rest run.
    @Test func archiveEntriesAreVerifiedAndACorruptOneIsRefusedByName() throws {
        let run = try QEMUMachine.boot(append: "selftest=archive")
        #expect(run.succeeded, "exit status \(run.status)\n\(run.output)")
        #expect(run.output.contains(#/boot archive: entry 'spin' refused: entry \d+: checksum mismatch/#), "\(run.output)")
        #expect(run.output.contains(#/archive: \d+ programs from the archive, 1 refused/#))
        #expect(run.output.contains("Hello from user space!\narguments: from the archive"))
    }

    @Test func tenThousandChannelRoundTripsWithHandleTransfer() throws {
        let run = try QEMUMachine.boot(append: "selftest=ipc")
        #expect(run.succeeded, "exit status \(run.status)\n\(run.output)")
        #expect(run.output.contains("ipc-ping: handle transfer ok (notification signalled by ipc-pong)"))
        #expect(run.output.contains("ipc-pong: served 10001 messages"))
        #expect(run.output.contains(#/ipc-ping: 10000 round trips ok, median \d+ TSC cycles per round trip; ipc-pong exited 0/#))
    }

    @Test func sharedMemoryIsSeenByBothTasks() throws {
        let run = try QEMUMachine.boot(append: "selftest=shm")
        #expect(run.succeeded, "exit status \(run.status)\n\(run.output)")
        #expect(run.output.contains("shm-child: mapped at 0x200000000000, read 'hello through shared memory'"))
        #expect(run.output.contains("shm-demo: mapped at 0x200000000000, child answered 'seen: hello through shared memory' (bits 1)"))
        #expect(run.output.contains("shm-demo: shm-child exited 0"))
    }

    @Test func badHandlesAndMissingRightsAreErrorCodes() throws {
        let run = try QEMUMachine.boot(append: "selftest=caps")
        #expect(run.succeeded, "exit status \(run.status)\n\(run.output)")
        #expect(run.output.contains("captest: ok   write through a read-only console handle: error -3"))
        #expect(run.output.contains("captest: ok   stale handle after its slot is reused: error -2"))
        #expect(run.output.contains("captest: 16 passed, 0 failed"), "\(run.output)")
        #expect(!run.output.contains("!!! task"), "no error code may kill the caller")
    }

    @Test func thousandSpawnExitCyclesReturnEveryFrameAndHeapByte() throws {
        let run = try QEMUMachine.boot(append: "selftest=spawnloop")
        #expect(run.succeeded, "exit status \(run.status)\n\(run.output)")
        let m = try #require(run.output.firstMatch(
            of: #/spawnloop: 1000 spawn/exit cycles, 0 failures; free frames (\d+) -> (\d+); kernel heap in use (\d+) -> (\d+) bytes/#))
        #expect(m.1 == m.2, "frames leaked")
        #expect(m.3 == m.4, "heap leaked")
    }

    @Test func timerPreemptsBusyTasksByPriorityAndKillEndsThem() throws {
        let run = try QEMUMachine.boot(append: "selftest=preempt")
        #expect(run.succeeded, "exit status \(run.status)\n\(run.output)")
        let m = try #require(run.output.firstMatch(
            of: #/preempt: kernel task slept (\d+) ms; spin (\d+) ms, spin (\d+) ms \(priority 1\), spin (\d+) ms \(priority 0\)/#))
        #expect(Int(m.1)! < 250, "the higher-priority kernel task was held up")
        #expect(Int(m.2)! >= 50 && Int(m.3)! >= 50, "round robin between equal priorities")
        #expect(Int(m.4)! == 0, "a lower priority does not run while higher ones are busy")
    }

    @Test func hundredThousandRandomSystemCallsLeaveTheKernelStanding() throws {
        let run = try QEMUMachine.boot(append: "selftest=fuzz")
        #expect(run.succeeded, "exit status \(run.status)\n\(run.output)")
        expectNoKernelFailure(run.output)
        let m = try #require(run.output.firstMatch(of: #/syscall-fuzz: (\d+) calls in (\d+) workers/#), "\(run.output)")
        #expect(Int(m.1)! >= 100_000)
    }

    /// The shell on the console: commands typed one after another, a faulting
    /// program that does not take the shell down, a background task killed by id.
    @Test func shellAnswersCommandsSurvivesAFaultAndKills() throws {
        let input = "help\rls\rrun hello one two\rrun fault\recho still here\rrun spin &\rps\rkill 5\rps\rmem\ruptime\rrun nope\rbogus\rexit\r"
        let run = try QEMUMachine.boot(append: "", input: input, waitFor: "keel$ ", timeout: 30)
        #expect(run.succeeded, "exit status \(run.status)\n\(run.output)")
        let out = run.output
        #expect(out.contains("Keel shell (init). Type 'help' for commands."))
        #expect(out.contains("  kill    kill ID: end a task"))
        #expect(out.contains(#/\nhello +\d+ bytes\n/#))
        #expect(out.contains("Hello from user space!\narguments: one two"))
        #expect(out.contains(#/!!! task 4 'fault' killed: #PF Page Fault/#))
        #expect(out.contains("fault (task 4) was killed by a fault (vector 14)"))
        #expect(out.contains("keel$ echo still here\nstill here"))
        #expect(out.contains("[5] spin started"))
        let tables = out.components(separatedBy: "  ID STATE    WAIT     PRI   CPU ms  SYSCALLS  FRAMES  NAME\n").dropFirst()
        #expect(tables.count == 2)
        if tables.count == 2 {
            #expect(tables.first!.contains(#/\n   2 running  -          2 +\d+ +\d+ +\d+  init\n/#), "\(tables.first!)")
            #expect(tables.first!.contains(#/   5 \w+ +- +1 +\d+ +0 +\d+  spin\n/#), "\(tables.first!)")
            #expect(!tables.last!.contains("spin"), "spin still listed after kill")
        }
        #expect(out.contains("task 5 was killed"))
        #expect(out.contains(#/frames: \d+ total, \d+ free/#))
        #expect(out.contains(#/up \d+\.\d{3} s/#))
        #expect(out.contains("run: no program 'nope' (try 'ls')"))
        #expect(out.contains("unknown command 'bogus'; type 'help'"))
        #expect(out.contains("init exited with status 0; powering off"))
        expectNoKernelFailure(out)
    }

    @Test func selftestListNamesTheUserScenarios() throws {
        let run = try QEMUMachine.boot(append: "selftest=list")
        for name in ["user", "userpaging", "userfault", "ipc", "shm", "caps", "spawnloop", "preempt", "archive", "sysbench", "fuzz"] {
            #expect(run.output.contains(try Regex("\n  \(name) +\\S")), "missing \(name)")
        }
    }
}
