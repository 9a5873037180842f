import Testing
@testable import GDBStub

@Suite("GDBServerSession: acks, nacks, retransmission, bad packets")
struct SessionLinkTests {
    @Test func nackRetransmitsTheLastReply() {
        let h = SessionHarness(FakeTarget())
        #expect(h.exchange("$qC#b4") == "+" + frame("QC1"))
        #expect(h.exchange("-") == frame("QC1"))
        #expect(h.exchange("-") == frame("QC1"))
        #expect(h.exchange("+") == "")
    }

    @Test func checksumErrorIsNackedAndNotProcessed() {
        let h = SessionHarness(FakeTarget())
        #expect(h.exchange("$c#00") == "-")
        #expect(h.target.resumed.isEmpty)
        // gdb sends it again, intact.
        #expect(h.exchange("$c#63") == "+")
        #expect(h.target.resumed == [.continue])
    }

    @Test func corruptedByteOnTheWireIsNackedThenResent() {
        let h = SessionHarness(FakeTarget())
        h.corruptIncoming = [2]
        #expect(h.exchange("$qC#b4") == "-")
        #expect(h.exchange("$qC#b4") == "+" + frame("QC1"))
    }

    @Test func noAckModeProcessesBadChecksumsAndIgnoresNacks() {
        let h = SessionHarness(FakeTarget())
        h.exchange("$QStartNoAckMode#b0")
        #expect(h.exchange("$qC#00") == frame("QC1"))
        #expect(h.exchange("-") == "")
    }

    @Test func invalidRunLengthIsNacked() {
        let h = SessionHarness(FakeTarget())
        #expect(h.exchange(frame("*  ")) == "-")
    }

    @Test func oversizedPacketGetsAnErrorAndTheSessionGoesOn() {
        let h = SessionHarness(FakeTarget(), packetSize: 256, replySize: 260)
        #expect(h.exchange(frame("M1000,100:" + String(repeating: "00", count: 256))) == "+" + frame("E22"))
        #expect(h.exchange("$qC#b4") == "+" + frame("QC1"))
    }

    @Test func garbageAndStrayBytesAreIgnored() {
        let h = SessionHarness(FakeTarget())
        #expect(h.exchange("\r\nhello###$qC#b4") == "+" + frame("QC1"))
        // 0x03 while stopped changes nothing.
        #expect(h.exchange("\u{03}") == "")
        #expect(h.events.isEmpty)
    }

    @Test func malformedKnownPacketsGetE22UnknownOnesEmpty() {
        let h = SessionHarness(FakeTarget())
        for packet in ["m1000", "Z9,0,0", "Hx", "vCont;x", "P1", "qRcmd,z"] {
            #expect(h.exchange(frame(packet)) == "+" + frame("E22"), "\(packet)")
        }
        #expect(h.exchange(frame("qNothing")) == "+$#00")
        #expect(h.exchange(frame("!")) == "+$OK#9a")
    }

    @Test func manyConversationsReuseTheBuffers() {
        let h = SessionHarness(FakeTarget(), packetSize: 256, replySize: 260)
        h.exchange("$QStartNoAckMode#b0")
        for i in 0..<500 {
            let address = 0x1000 + UInt64(i)
            let payload = "m" + String(address, radix: 16) + ",4"
            let expected = (0..<4).map { hex([UInt8(truncatingIfNeeded: i + $0)]) }.joined()
            #expect(replies(h.exchange(frame(payload))) == [.packet(expected)])
        }
    }
}
