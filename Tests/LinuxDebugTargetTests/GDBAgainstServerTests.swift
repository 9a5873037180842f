import Foundation
import TestSupport
import Testing

/// Real gdb against `kdbg server`, and the same script against GNU
/// gdbserver: the answers must be the same.
@Suite(.serialized) struct GDBAgainstServerTests {
    /// Runs `commands` on `program` against both servers; returns (kdbg, gdbserver) outputs.
    func both(_ program: String, _ commands: [String]) throws -> (String, String) {
        try againstBothServers(program, commands)
    }

    @Test func breakMainBacktraceThroughLibcAndExitStatus() throws {
        let program = try TestPrograms.hello
        let (ours, reference) = try both(program, [
            "break main", "continue", "info sharedlibrary", "break write", "continue", "bt",
            "delete", "break square", "continue", "bt", "finish", "info registers rip", "p $orig_rax",
            "p/x $fs_base != 0", "delete", "continue",
        ])
        #expect(ours.contains("Breakpoint 1, main () at"), "\(ours)")
        #expect(ours.contains(#/Yes\s+/lib/x86_64-linux-gnu/libc\.so\.6/#), "libc symbols not loaded:\n\(ours)")
        // A backtrace from inside libc's write back to main.
        #expect(ours.contains(#/#0 .*write/#) && ours.contains(#/#1 .*main \(\) at .*hello\.c/#), "\(ours)")
        #expect(ours.contains("Value returned is $1 = 49"), "finish:\n\(ours)")
        #expect(ours.contains("$2 = -1") && ours.contains("$3 = 0x1"), "orig_rax and fs_base:\n\(ours)")
        #expect(ours.contains("[Inferior 1 (process ") && ours.contains("exited with code 03]"), "\(ours)")
        #expect(!ours.contains("warning:"), "\(ours)")
        #expect(normalized(ours) == normalized(reference), "kdbg:\n\(ours)\n---- gdbserver:\n\(reference)")
    }

    /// gdb's default sysroot (`target:`): it reads the binaries and /proc
    /// files through vFile, as from gdbserver.
    @Test func defaultSysrootReadsFilesThroughTheServer() throws {
        let program = try TestPrograms.hello
        var outputs: [String] = []
        for kind in DebugServer.Kind.allCases {
            let server = try DebugServer(kind, ["--", program])
            outputs.append(try runGDB(program: program, port: server.port, sysroot: nil,
                                      ["break square", "continue", "bt", "info sharedlibrary", "continue"]))
            #expect(server.waitForExit())
        }
        let ours = outputs[0]
        #expect(ours.contains("Reading /lib/x86_64-linux-gnu/libc.so.6 from remote target..."), "\(ours)")
        #expect(ours.contains(#/Yes\s+target:/lib/x86_64-linux-gnu/libc\.so\.6/#), "\(ours)")
        #expect(!ours.contains("unable to open /proc file") && !ours.contains("does not support file transfer"), "\(ours)")
        #expect(normalized(ours) == normalized(outputs[1]), "kdbg:\n\(ours)\n---- gdbserver:\n\(outputs[1])")
    }

    @Test func watchpointSignalAndCatchSyscall() throws {
        let program = try TestPrograms.signals
        let (ours, reference) = try both(program, [
            "break main", "continue", "watch total", "continue", "continue", "delete",
            "catch syscall write", "continue", "continue", "p caught", "delete", "continue",
        ])
        #expect(ours.contains("Hardware watchpoint 2: total"), "\(ours)")
        #expect(ours.contains("Old value = 0\nNew value = 1"), "\(ours)")
        #expect(ours.contains("Old value = 1\nNew value = 3"), "\(ours)")
        #expect(ours.contains("Program received signal SIGUSR1, User defined signal 1."), "\(ours)")
        #expect(ours.contains("Catchpoint 3 (call to syscall write)"), "\(ours)")
        #expect(ours.contains("$1 = 10"), "the handler ran (SIGUSR1 delivered):\n\(ours)")
        #expect(ours.contains("exited with code 024]"), "10 + SIGUSR1 (10) = 20 = 024:\n\(ours)")
        #expect(normalized(ours) == normalized(reference), "kdbg:\n\(ours)\n---- gdbserver:\n\(reference)")
    }

    @Test func threadsAreListedWithNamesAndAllStop() throws {
        let program = try TestPrograms.threads
        let server = try DebugServer(.kdbg, ["--", program])
        let out = try runGDB(program: program, port: server.port, [
            "break threads.c:9", "continue", "continue", "info threads", "thread apply all bt 1",
            "delete", "continue",
        ])
        #expect(server.waitForExit())
        // Both workers reach the breakpoint; each stop names its thread.
        #expect(out.matches(of: #/Thread \d+ "worker-[ab]" hit Breakpoint 1, worker/#).count == 2, "\(out)")
        #expect(out.contains(#/\* \d+ +Thread \d+\.\d+ "worker-[ab]" +worker \(arg=/#), "thread names from /proc:\n\(out)")
        #expect(out.matches(of: #/Thread \d+\.\d+ "/#).count >= 3, "\(out)")
        #expect(out.contains("exited normally]"), "\(out)")
        #expect(server.log.text.contains("counter=2"), "\(server.log.text)")
    }

    @Test func attachToRunningProcessThenDetachLeavesItRunning() throws {
        let program = try TestPrograms.sleeper
        let sleeper = Process()
        configureWithDefaultSignals(sleeper, program, [])
        try sleeper.run()
        defer { kill(sleeper.processIdentifier, SIGKILL); sleeper.waitUntilExit() }
        Thread.sleep(forTimeInterval: 0.1)
        let pid = sleeper.processIdentifier
        var outputs: [String] = []
        for kind in DebugServer.Kind.allCases {
            let server = try DebugServer(kind, ["--attach", String(pid)])
            outputs.append(try runGDB(program: program, port: server.port, [
                "bt", "p ticks > 0", "set var ticks = 1000000", "p ticks", "detach",
            ]))
            #expect(server.waitForExit(), "\(server.log.text)")
            Thread.sleep(forTimeInterval: 0.1)
            let state = processState(pid)
            #expect(state == "S" || state == "R", "after detach the process should run, state \(String(describing: state))")
        }
        #expect(outputs[0].contains(#/in main \(\) at .*sleeper\.c/#), "\(outputs[0])")
        #expect(outputs[0].contains("$1 = 1") && outputs[0].contains("$2 = 1000000"), "\(outputs[0])")
        #expect(outputs[0].contains("[Inferior 1 (process \(pid)) detached]"), "\(outputs[0])")
        #expect(outputs[1].contains("[Inferior 1 (process \(pid)) detached]"), "\(outputs[1])")
    }

    @Test func extendedRemoteRunsKillsAndRunsAgain() throws {
        let program = try TestPrograms.hello
        let server = try DebugServer(.kdbg, ["--multi"], once: false)
        let out = try runGDB(program: program, port: server.port, extended: true, [
            "set remote exec-file \(program)", "break square", "run", "bt 1", "kill",
            "run", "delete", "continue",
        ])
        #expect(out.matches(of: #/Breakpoint 1, square \(x=7\)/#).count == 2, "\(out)")
        #expect(out.contains("exited with code 03]"), "\(out)")
        // --multi without --once stays up for the next gdb.
        #expect(server.process.isRunning)
        kill(server.process.processIdentifier, SIGTERM)
        server.waitForExit()
    }
}
