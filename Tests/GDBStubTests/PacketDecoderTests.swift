import Testing
@testable import GDBStub

@Suite("PacketDecoder: framing, checksums, run-length decoding")
struct PacketDecoderTests {
    @Test func realGDBPacketsDecode() {
        // Bytes as gdb 13 sends them; the checksums are the real ones.
        let qSupported = "qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;vfork-events+;"
            + "exec-events+;vContSupported+;QThreadEvents+;no-resumed+;memory-tagging+;xmlRegisters=i386"
        #expect(decode("$" + qSupported + "#77", capacity: 400) == [.packet(qSupported)])
        #expect(decode("$vMustReplyEmpty#3a") == [.packet("vMustReplyEmpty")])
        #expect(decode("$QStartNoAckMode#b0") == [.packet("QStartNoAckMode")])
        #expect(decode("$Hg0#df") == [.packet("Hg0")])
        #expect(decode("$?#3f") == [.packet("?")])
        #expect(decode("$qC#b4") == [.packet("qC")])
        #expect(decode("$g#67") == [.packet("g")])
        #expect(decode("$#00") == [.packet("")])
        #expect(frame(qSupported).hasSuffix("#77"))
    }

    @Test func checksumDigitsInEitherCase() {
        #expect(decode("$OK#9A") == [.packet("OK")])
        #expect(decode("$OK#9a") == [.packet("OK")])
    }

    @Test func checksumErrorsKeepThePayloadForNoAckMode() {
        #expect(decode("$OK#9b") == [.checksumError("OK")])
        #expect(decode("$OK#zz") == [.checksumError("OK")])
    }

    @Test func acksNacksAndInterruptBetweenPackets() {
        #expect(decode("+-\u{03}") == [.ack, .nack, .interrupt])
        #expect(decode("+$g#67-") == [.ack, .packet("g"), .nack])
    }

    @Test func interruptMidStreamBetweenPackets() {
        #expect(decode("$g#67\u{03}$?#3f") == [.packet("g"), .interrupt, .packet("?")])
    }

    @Test func controlBytesInsidePayloadAreData() {
        let payload = "X0,3:+\u{03}-"
        #expect(decode(frame(payload)) == [.packet(payload)])
    }

    @Test func garbageBetweenPacketsIsIgnored() {
        #expect(decode("hello#12 world\r\n$g#67junk#ff") == [.packet("g")])
    }

    @Test func dollarRestartsAPacket() {
        #expect(decode("$qSupp$g#67") == [.packet("g")])
        #expect(decode("$g#6$?#3f") == [.packet("?")])
    }

    @Test func runLengthDecoding() {
        // "0* " is 0 and 3 more: 0000. The checksum covers the encoded text.
        #expect(decode(frame("0* ")) == [.packet("0000")])
        #expect(decode(frame("a*\"b")) == [.packet("aaaaaab")])  // '"' = 34: 5 more
        #expect(decode(frame("x*~"), capacity: 128) == [.packet(String(repeating: "x", count: 98))])
        // The repeated character may itself come from a run.
        #expect(decode(frame("0* * ")) == [.packet("0000000")])
    }

    @Test func runLengthWithSpecialCountCharacters() {
        // '*' (42: 13 more) and '}' (125: 96 more) are ordinary count characters.
        #expect(decode(frame("z**"), capacity: 128) == [.packet(String(repeating: "z", count: 14))])
        #expect(decode(frame("z*}"), capacity: 128) == [.packet(String(repeating: "z", count: 97))])
    }

    @Test func invalidRunLengthsAreRejected() {
        #expect(decode(frame("*  ")) == [.invalidRunLength])  // nothing to repeat
        #expect(decode(frame("a*\u{1f}")) == [.invalidRunLength])  // count below ' '
        #expect(decode(frame("a*\u{7f}")) == [.invalidRunLength])  // count past '~'
        #expect(decode("$a*#" + checksum("a*")) == [.invalidRunLength])  // '#' cannot be a count
    }

    @Test func oversizedPacketIsAnErrorNotAnOverflow() {
        let big = String(repeating: "a", count: 65)
        #expect(decode(frame(big), capacity: 64) == [.overflow])
        #expect(decode(frame(String(repeating: "a", count: 64)), capacity: 64) == [.packet(String(repeating: "a", count: 64))])
        // Whatever the checksum says.
        #expect(decode("$" + big + "#00", capacity: 64) == [.overflow])
        // A run that would pass the end, and recovery afterwards.
        #expect(decode(frame("a*~") + "$g#67", capacity: 64) == [.overflow, .packet("g")])
    }

    @Test func decoderIsReusableAcrossManyPackets() {
        let buffer = Buffer(16)
        var decoder = PacketDecoder(buffer: buffer.pointer)
        var count = 0
        for _ in 0..<1000 {
            for byte in bytes("$m0,4#fd") {
                if case .packet(let p) = decoder.feed(byte) {
                    #expect(String(decoding: p, as: UTF8.self) == "m0,4")
                    count += 1
                }
            }
        }
        #expect(count == 1000)
        #expect(decoder.isIdle)
    }
}
