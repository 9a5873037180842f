import Foundation
import QEMUTestSupport
import TestSupport
import Testing

/// The generic commands against GNU gdbserver debugging a host process.
@Suite struct GDBServerTests {
    @Test func registersMemoryStepAndKill() throws {
        let port = try DebuggableMachine.freePortForTests()
        let server = Process()
        // gdbserver waits for its inferior with SIGCHLD, which the test runner blocks.
        configureWithDefaultSignals(server, "/usr/bin/gdbserver", ["127.0.0.1:\(port)", "/bin/sleep", "30"])
        let log = OutputBuffer()
        let pipe = Pipe()
        log.follow(pipe.fileHandleForReading)
        server.standardOutput = pipe
        server.standardError = pipe
        try server.run()
        defer {
            if server.isRunning { server.terminate() }
            pipe.fileHandleForReading.readabilityHandler = nil
        }
        // gdbserver takes one connection: wait for it to say it listens rather than probing the port.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, !log.text.contains("Listening on port") { Thread.sleep(forTimeInterval: 0.02) }
        let run = try Kdbg.run(["attach", "127.0.0.1:\(port)", "--no-symbols", "--kernel", "/nonexistent", "--json",
                                "-ex", "regs rip rsp", "-ex", "x/1xg $rsp", "-ex", "stepi", "-ex", "regs rip", "-ex", "kill"])
        #expect(run.status == 0, "\(run.err)")
        let results = try Kdbg.objects(run.out)
        try #require(results.count == 5, "\(run.out)\n\(run.err)")
        // At the dynamic loader's entry [rsp] is argc: "sleep 30" has two arguments.
        #expect((results[1]["values"] as? [String]) == ["0x2"], "\(results[1])")
        let before = ((results[0]["registers"] as? [String: Any])?["rip"] as? [String: Any])?["value"] as? String
        let after = ((results[3]["registers"] as? [String: Any])?["rip"] as? [String: Any])?["value"] as? String
        #expect(before != nil && after != nil && before != after, "stepi moved rip: \(String(describing: before)) -> \(String(describing: after))")
    }
}
