import Testing
@testable import GDBStub

/// A channel that plays back fixed bytes and records what is written.
final class ScriptedChannel: ByteChannel {
    var incoming: [UInt8]
    var written: [UInt8] = []
    init(_ incoming: String) { self.incoming = bytes(incoming) }
    func write(_ bytes: UnsafeBufferPointer<UInt8>) { written += bytes }
    func readByte() -> UInt8? { incoming.isEmpty ? nil : incoming.removeFirst() }
}

@Suite("GDBClient against scripted stub bytes")
struct ClientReplyTests {
    @Test func consoleOutputWhileRunningThenStop() throws {
        let channel = ScriptedChannel("+" + frame("O" + hex("booting\n")) + frame("T05thread:1;swbreak:;"))
        let client = GDBClient(channel: channel)
        var console: [String] = []
        client.consoleOutput = { console.append(text($0)) }
        try client.resume(.continue)
        let stop = try client.waitForStop()
        #expect(stop.reason == .softwareBreakpoint)
        #expect(console == ["booting\n"])
        #expect(text(channel.written) == frame("c") + "++")
    }

    @Test func runLengthEncodedRepliesAreExpanded() throws {
        let channel = ScriptedChannel("+" + frame("0*\"0"))
        let client = GDBClient(channel: channel)
        #expect(text(try client.request("g")) == "0000000")
    }

    @Test func badChecksumIsNackedAndTheResentReplyAccepted() throws {
        let channel = ScriptedChannel("+$OK#00" + frame("OK"))
        let client = GDBClient(channel: channel)
        try client.command("Hg0")
        #expect(text(channel.written) == "$Hg0#df-+")
    }

    @Test func nackMakesTheClientResend() throws {
        let channel = ScriptedChannel("-+" + frame("QC2"))
        let client = GDBClient(channel: channel)
        #expect(try client.currentThread() == ThreadID(2))
        #expect(text(channel.written) == "$qC#b4$qC#b4+")
    }

    @Test func endlessNacksGiveUp() {
        let channel = ScriptedChannel(String(repeating: "-", count: 20))
        let client = GDBClient(channel: channel)
        client.maximumRetransmissions = 3
        #expect(throws: ClientError.notAcknowledged) { try client.send("g") }
    }

    @Test func replyBeforeAckCountsAsAck() throws {
        let channel = ScriptedChannel(frame("OK"))
        let client = GDBClient(channel: channel)
        try client.command("Hg0")
    }

    @Test func disconnectAndOversizedReplies() {
        #expect(throws: ClientError.disconnected) { try GDBClient(channel: ScriptedChannel("+")).request("g") }
        let big = ScriptedChannel("+" + frame(String(repeating: "ab", count: 200)))
        #expect(throws: ClientError.replyTooLarge) { try GDBClient(channel: big, packetCapacity: 64).request("g") }
    }

    @Test func errorAndUnsupportedReplies() {
        #expect(throws: ClientError.remote(.fault)) { try GDBClient(channel: ScriptedChannel("+$E14#aa")).readMemory(at: 0, count: 4) }
        #expect(throws: ClientError.unsupported) { try GDBClient(channel: ScriptedChannel("+$#00")).threads() }
        #expect(throws: ClientError.unexpectedReply(bytes("zz"))) {
            try GDBClient(channel: ScriptedChannel("+" + frame("zz"))).readRegisters()
        }
    }

    @Test func stopRepliesForExitAndSignals() throws {
        let client = GDBClient(channel: ScriptedChannel("+" + frame("W00") + "+" + frame("X0b")))
        #expect(try client.continueExecution().reason == .exited(0))
        #expect(try client.continueExecution().reason == .terminated(.segmentationFault))
    }
}
