import Testing
@testable import GDBStub

@Suite("GDBClient against a GDBServerSession over an in-memory channel")
struct ClientTests {
    func connected(_ target: FakeTarget = FakeTarget(), packetSize: Int = 0x4000, noAck: Bool = true)
        throws -> (GDBClient<LoopbackChannel<FakeTarget>>, SessionHarness<FakeTarget>)
    {
        let h = SessionHarness(target, packetSize: packetSize, replySize: packetSize + 4)
        let client = GDBClient(channel: LoopbackChannel(harness: h))
        try client.connect(noAck: noAck)
        return (client, h)
    }

    @Test func handshakeNegotiatesNoAckMode() throws {
        let (client, h) = try connected()
        #expect(client.noAckMode)
        #expect(h.session.noAckMode)
        let features = try #require(client.remoteFeatures)
        #expect(features.packetSize == 0x4000)
        #expect(features.softwareBreakpoints && features.hardwareBreakpoints && features.targetDescription)
        #expect(client.packetSize == 0x4000)
    }

    @Test func gdbLikeStartup() throws {
        let (client, _) = try connected()
        #expect(try client.request("vMustReplyEmpty") == [])
        try client.selectThread(.any, for: .general)
        #expect(text(try client.readFeatures()) == "\(FakeTarget.description)")
        let stop = try client.haltReason()
        #expect(stop.reason == .signal(.trap))
        #expect(stop.thread == ThreadID(1))
        #expect(stop.registers.map(\.number) == [16, 7])
        #expect(try client.threads() == [1, 2, 3])
        #expect(try client.currentThread() == ThreadID(1))
        let registers = try client.readRegisters()
        #expect(registers.count == 24 * 8)
        #expect(registers[16 * 8] == 16)
        #expect(try client.readMemory(at: 0x1000, count: 4) == [0, 1, 2, 3])
        #expect(try client.sectionOffsets() == SectionOffsets(text: 0x1000, data: 0x2000))
        #expect(try client.threadExtraInfo(3) == "task 3 ready")
    }

    @Test func featuresInSmallChunks() throws {
        let (client, _) = try connected(packetSize: 256)
        #expect(text(try client.readFeatures()) == "\(FakeTarget.description)")
        #expect(throws: ClientError.remote(.invalidAnnex)) { try client.readFeatures(annex: "other.xml") }
    }

    @Test func memoryInChunksAndAroundHoles() throws {
        let (client, _) = try connected(packetSize: 0x400)
        let all = try client.readMemory(at: 0x1000, count: 0x2000)
        #expect(all == (0..<0x2000).map { UInt8(truncatingIfNeeded: $0) })
        #expect(try client.readMemory(at: 0x2f00, count: 0x200).count == 0x100)
        #expect(client.remoteFeatures?.binaryUpload == true, "the session answers x: reads above went binary")
        #expect(throws: ClientError.remote(.fault)) { try client.readMemory(at: 0x4000, count: 16) }
        let data = (0..<0x900).map { UInt8(truncatingIfNeeded: $0 * 7) }
        try client.writeMemory(at: 0x1100, data)
        #expect(try client.readMemory(at: 0x1100, count: data.count) == data)
        #expect(throws: ClientError.remote(.fault)) { try client.writeMemory(at: 0x2ffe, [1, 2, 3, 4]) }
    }

    @Test func registersOneByOne() throws {
        let (client, h) = try connected()
        try client.writeRegister(16, [0xef, 0xbe, 0xad, 0xde, 0, 0, 0, 0])
        #expect(try client.readRegister(16) == [0xef, 0xbe, 0xad, 0xde, 0, 0, 0, 0])
        #expect(h.target.registers[16] == 0xdead_beef)
        var all = try client.readRegisters()
        all[0] = 0x42
        try client.writeRegisters(all)
        #expect(h.target.registers[0] & 0xff == 0x42)
        #expect(throws: ClientError.remote(.invalid)) { try client.readRegister(99) }
    }

    @Test func breakpointContinueAndStep() throws {
        let (client, h) = try connected()
        let breakpoint = BreakpointRequest(type: .software, address: 0x1234, kind: 1)
        try client.insertBreakpoint(breakpoint)
        #expect(h.target.softwareBreakpoints == [0x1234])
        h.scriptedStops = [.softwareBreakpoint, .signal(.trap)]
        let stop = try client.continueExecution()
        #expect(stop.reason == .softwareBreakpoint)
        #expect(stop.thread == ThreadID(1))
        #expect(stop.registers.first == ExpeditedRegister(number: 16, value: [16, 0, 0, 0, 0, 0, 0x11, 0x11]))
        #expect(try client.step().reason == .signal(.trap))
        #expect(h.target.resumed == [.continue, .step])
        try client.removeBreakpoint(breakpoint)
        #expect(h.target.softwareBreakpoints.isEmpty)
        #expect(throws: ClientError.unsupported) {
            try client.insertBreakpoint(BreakpointRequest(type: .readWatchpoint, address: 0x2000, kind: 4))
        }
    }

    @Test func interruptARunningTarget() throws {
        let (client, h) = try connected()
        try client.resume(.continue)
        #expect(h.session.state == .running)
        client.interrupt()
        let stop = try client.waitForStop()
        #expect(stop.reason == .signal(.interrupt))
        #expect(h.session.state == .stopped)
        // Still in step afterwards.
        #expect(try client.readMemory(at: 0x1000, count: 2) == [0, 1])
    }

    @Test func monitorCommands() throws {
        let (client, _) = try connected(packetSize: 256)
        #expect(try client.monitor("hello") == "Hello from the fake target\n")
        #expect(try client.monitor("big") == String(repeating: "0123456789", count: 1000))
        #expect(try client.monitor("quiet") == "")
        #expect(throws: ClientError.remote(.invalid)) { try client.monitor("nope") }
    }

    @Test func ackModeSurvivesCorruptionBothWays() throws {
        let h = SessionHarness(FakeTarget())
        var channel = LoopbackChannel(harness: h)
        // The stub's first reply byte after its ack ('$' is 1; corrupt a payload byte).
        channel.corruptOutgoing = [10]
        let client = GDBClient(channel: channel)
        try client.connect(noAck: false)
        #expect(!client.noAckMode)
        // A byte corrupted on the way to the stub: nacked, resent by the client.
        h.corruptIncoming = [h.receivedCount + 3]
        #expect(try client.readMemory(at: 0x1000, count: 8) == Array(0..<8))
        #expect(try client.currentThread() == ThreadID(1))
    }

    @Test func detachAndKill() throws {
        let (client, h) = try connected()
        try client.detach()
        #expect(h.target.detached)
        #expect(h.session.state == .detached)
        let again = GDBClient(channel: LoopbackChannel(harness: h))
        try again.connect()
        #expect(h.session.state == .stopped)
        try again.kill()
        #expect(h.target.killed)
    }
}
