import Foundation
import Testing
import TestSupport

/// What happens when things go wrong: the inferior or gdb dies, the
/// program or process does not exist, the command line is bad.
@Suite(.serialized) struct ServerFaultTests {
    @Test func inferiorKilledFromOutsideIsReportedToGDB() throws {
        let program = try TestPrograms.sleeper
        let server = try DebugServer(.kdbg, ["--", program])
        let pid = try #require(Int32(server.log.text.firstMatch(of: #/pid = (\d+)/#)?.1 ?? ""))
        let out = try runGDB(program: program, port: server.port, ["continue"]) { _ in
            DispatchQueue.global().async {
                _ = waitFor(10) { server.log.text.contains("Remote debugging from") }
                Thread.sleep(forTimeInterval: 0.5)
                kill(pid, SIGKILL)
            }
        }
        #expect(out.contains("Program terminated with signal SIGKILL, Killed."), "\(out)")
        #expect(server.waitForExit())
        #expect(!processExists(pid), "the killed inferior must be reaped")
    }

    @Test func gdbKilledMidSessionKillsTheStartedInferior() throws {
        let program = try TestPrograms.sleeper
        let server = try DebugServer(.kdbg, ["--", program])
        let pid = try #require(Int32(server.log.text.firstMatch(of: #/pid = (\d+)/#)?.1 ?? ""))
        _ = try runGDB(program: program, port: server.port, ["continue"]) { gdb in
            killWhenConnected(gdb, server)
        }
        #expect(server.waitForExit(), "\(server.log.text)")
        #expect(server.process.terminationStatus == 0)
        #expect(server.log.text.contains("Connection closed: killing process \(pid)"), "\(server.log.text)")
        #expect(!processExists(pid), "no zombie, no stray process")
    }

    @Test func gdbKilledWhileAttachedDetachesAndTheProcessRunsOn() throws {
        let program = try TestPrograms.sleeper
        let sleeper = Process()
        configureWithDefaultSignals(sleeper, program, [])
        try sleeper.run()
        defer { kill(sleeper.processIdentifier, SIGKILL); sleeper.waitUntilExit() }
        let pid = sleeper.processIdentifier
        let server = try DebugServer(.kdbg, ["--attach", String(pid)])
        _ = try runGDB(program: program, port: server.port, ["break usleep", "continue", "continue"]) { gdb in
            killWhenConnected(gdb, server)
        }
        #expect(server.waitForExit(), "\(server.log.text)")
        Thread.sleep(forTimeInterval: 0.1)
        let state = processState(pid)
        #expect(state == "S" || state == "R", "detached process must run on (no int3 left), state \(String(describing: state))")
        #expect(sleeper.isRunning)
    }

    /// Two processes debugged (`detach-on-fork off`), both running, then
    /// gdb dies: the server kills both.
    @Test func gdbKilledWithTwoProcessesKillsBoth() throws {
        let program = try TestPrograms.forkSleeper
        let server = try DebugServer(.kdbg, ["--", program])
        _ = try runGDB(program: program, port: server.port, [
            "set detach-on-fork off", "set schedule-multiple on", "continue",
        ]) { gdb in
            DispatchQueue.global().async {
                _ = waitFor(20) { server.log.text.contains("running") }
                kill(gdb.processIdentifier, SIGKILL)
            }
        }
        #expect(server.waitForExit(), "\(server.log.text)")
        let child = try #require(Int32(server.log.text.firstMatch(of: #/forked child (\d+) running/#)?.1 ?? ""),
                                 "\(server.log.text)")
        #expect(server.log.text.contains("Connection closed: killing process"), "\(server.log.text)")
        #expect(processesRunning(program).isEmpty, "no stray process")
        #expect(processState(child) == nil || processState(child) == "Z")
    }

    @Test func nonexistentProgramIsAClearError() throws {
        let run = try runTool(try DebugServer.kdbg, ["server", ":0", "--", "/nonexistent/program"])
        #expect(run.status == 1)
        #expect(run.err.contains("cannot run '/nonexistent/program': No such file or directory"), "\(run.err)")
    }

    @Test func attachingToAMissingOrForbiddenProcessIsAClearError() throws {
        let missing = try runTool(try DebugServer.kdbg, ["server", ":0", "--attach", "999999999"])
        #expect(missing.status == 1)
        #expect(missing.err.contains("cannot attach to process 999999999: no such process"), "\(missing.err)")
        // A process already traced by someone else (here: by a kdbg server) cannot be attached.
        let program = try TestPrograms.sleeper
        let first = try DebugServer(.kdbg, ["--", program])
        let pid = try #require(Int32(first.log.text.firstMatch(of: #/pid = (\d+)/#)?.1 ?? ""))
        let second = try runTool(try DebugServer.kdbg, ["server", ":0", "--attach", String(pid)])
        #expect(second.status == 1)
        #expect(second.err.contains("cannot attach to process \(pid): Operation not permitted"), "\(second.err)")
        // SIGTERM: the server kills and reaps its inferior before it exits.
        kill(first.process.processIdentifier, SIGTERM)
        #expect(first.waitForExit())
        #expect(!processExists(pid), "the inferior must be gone, not a zombie")
    }

    @Test func badUsageExitsTwo() throws {
        let kdbg = try DebugServer.kdbg
        for arguments in [["server", "nonsense"], ["server", ":1234"], ["server", ":1234", "--attach", "1", "--", "x"]] {
            let run = try runTool(kdbg, arguments)
            #expect(run.status == 2, "\(arguments): \(run.err)")
            #expect(run.err.contains("Error:"), "\(arguments): \(run.err)")
        }
    }
}

/// Kills `gdb` half a second after `server` logged its connection.
func killWhenConnected(_ gdb: Process, _ server: DebugServer) {
    DispatchQueue.global().async {
        _ = waitFor(10) { server.log.text.contains("Remote debugging from") }
        Thread.sleep(forTimeInterval: 0.5)
        kill(gdb.processIdentifier, SIGKILL)
    }
}

/// Polls `condition` until it holds or `seconds` pass.
func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return condition()
}
