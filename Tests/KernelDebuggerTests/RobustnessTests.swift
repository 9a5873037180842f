import Foundation
import KernelDebugger
import Testing

/// A target that dies, a stub that goes silent: clear errors, no hang.
extension InProcess {
@Suite struct RobustnessTests {
    @Test func targetThatDiesWhileRunning() throws {
        let machine = try FakeMachine()
        let session = try machine.attach()
        let interpreter = CommandInterpreter(context: CommandContext(session: session))
        machine.dieOnResume = true
        guard case .failure(let error) = interpreter.execute("continue") else {
            Issue.record("continue should fail when the connection closes")
            return
        }
        #expect(error.description.contains("the connection to the target closed"), "\(error)")
        #expect(error.exitStatus == 1)
        guard case .failure(let next) = interpreter.execute("regs") else {
            Issue.record("regs after the target died should fail")
            return
        }
        #expect(next.description.hasPrefix("not connected"))
        machine.shutDown()
    }

    @Test func silentStubTimesOut() throws {
        let machine = try FakeMachine()
        let session = try machine.attach(timeout: 0.5)
        machine.silent = true
        let start = Date()
        let interpreter = CommandInterpreter(context: CommandContext(session: session))
        guard case .failure(let error) = interpreter.execute("x/4xg $rsp") else {
            Issue.record("a silent stub must give an error")
            return
        }
        #expect(Date().timeIntervalSince(start) < 3)
        #expect(error.description.contains("did not answer within"), "\(error)")
        machine.shutDown()
    }

    @Test func ctrlCInterruptsARunningTarget() throws {
        let machine = try FakeMachine()
        let session = try machine.attach()
        let interpreter = CommandInterpreter(context: CommandContext(session: session))
        // No scripted stop: the target runs until the 0x03 byte arrives.
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { InterruptFlag.raise() }
        guard case .result(let r) = interpreter.execute("continue") else {
            Issue.record("continue should end with the interrupt")
            return
        }
        #expect(r.text.hasPrefix("Program received signal SIGINT, Interrupt."), "\(r.text)")
        machine.shutDown()
    }

    @Test func stopAnnouncedBeforeTheHandshakeIsSkipped() throws {
        let machine = try FakeMachine(announceStop: true)
        let session = try machine.attach()
        // Had the T02 been taken for the qSupported reply, every answer after
        // it would be one behind and the registers would not decode.
        #expect(try session.register("cr0") == 0x8001_0013)
        #expect(try session.monitor("help") == "fake monitor: log, memmap\n")
        machine.shutDown()
    }

    @Test func badTargetAddresses() {
        #expect(throws: DebuggerError.usage("/no/such/socket: no such socket or device, and not HOST:PORT")) {
            try TargetAddress(parsing: "/no/such/socket")
        }
        #expect(throws: DebuggerError.usage("localhost:0: the port must be a number from 1 to 65535")) {
            try TargetAddress(parsing: "localhost:0")
        }
        #expect((try? TargetAddress(parsing: "127.0.0.1:1234")) == .tcp(host: "127.0.0.1", port: 1234))
    }
}
}
