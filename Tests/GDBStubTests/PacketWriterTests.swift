import Testing
@testable import GDBStub

@Suite("PacketWriter: framing, escaping, run-length encoding")
struct PacketWriterTests {
    @Test func framesWithChecksum() {
        #expect(encode { $0.appendOK() } == "$OK#9a")
        #expect(encode { _ in } == "$#00")
        #expect(encode { $0.appendError(.fault) } == "$E14#aa")
        #expect(encode { $0.append("T05thread:01;") } == "$T05thread:01;#07")
    }

    @Test func hexNumbersAndBytes() {
        #expect(encode { $0.appendHex(number: 0) } == frame("0"))
        #expect(encode(runLength: false) { $0.appendHex(number: 0xffff_ffff_8000_1000) } == frame("ffffffff80001000"))
        #expect(encode { $0.appendHex(number: 0xffff_ffff_8000_1000) } == frame("f*\"ff80001000"))
        #expect(encode { w in [UInt8]([0xde, 0xad, 0x01]).withUnsafeBytes { w.appendHex(bytes: $0) } } == frame("dead01"))
    }

    @Test func runLengthEncodingSavesBytes() {
        // 4 zeros: '0' and 3 more -> "0* ".
        #expect(encode { $0.append("0000") } == frame("0* "))
        // Three of a kind do not shrink.
        #expect(encode { $0.append("000") } == frame("000"))
        // 7 and 8 would need '#' and '$' as counts; 5 more ('"') is used instead.
        #expect(encode { $0.append("0000000") } == frame("0*\"0"))
        #expect(encode { $0.append("00000000") } == frame("0*\"00"))
        // 98 = 1 + 97 fits one count ('~'); 99 needs one more character.
        #expect(encode { $0.append(text: String(repeating: "f", count: 98)) } == frame("f*~"))
        #expect(encode { $0.append(text: String(repeating: "f", count: 99)) } == frame("f*~f"))
    }

    @Test func runLengthNeverEmitsFrameCharactersAsCounts() {
        for length in 1...300 {
            guard let packet = encode(capacity: 400, { $0.append(text: String(repeating: "7", count: length)) }) else {
                Issue.record("no packet for \(length)")
                continue
            }
            let body = Array(packet.utf8.dropFirst().dropLast(3))
            #expect(!body.contains(UInt8(ascii: "#")) && !body.contains(UInt8(ascii: "$")))
            #expect(decode(bytes(packet), capacity: 400) == [.packet(String(repeating: "7", count: length))])
        }
    }

    @Test func runLengthCanBeTurnedOff() {
        #expect(encode(runLength: false) { $0.append("0000") } == frame("0000"))
    }

    @Test func binaryEscaping() {
        let data: [UInt8] = [0x23, 0x24, 0x7d, 0x2a, 0x00, 0x41]
        let packet = encode { w in for b in data { w.appendEscaped(b) } }
        #expect(packet == frame("}\u{03}}\u{04}}]}\n\u{00}A"))
        var escaped = bytes("}\u{03}}\u{04}}]}\n\u{00}A")
        let unescaped = escaped.withUnsafeMutableBufferPointer { BinaryEscape.unescapeInPlace($0).map(Array.init) }
        #expect(unescaped == data)
        var dangling = bytes("ab}")
        #expect(dangling.withUnsafeMutableBufferPointer { BinaryEscape.unescapeInPlace($0) } == nil)
    }

    @Test func escapedRunsSurviveRunLengthRoundTrip() {
        // Many '}' bytes escape to "}]" pairs; a run of '#' bytes to "}\u{03}" pairs.
        let data = [UInt8](repeating: 0x7d, count: 20) + [UInt8](repeating: 0x23, count: 9) + [UInt8](repeating: 0, count: 40)
        let packet = encode(capacity: 512) { w in for b in data { w.appendEscaped(b) } }!
        let events = decode(bytes(packet), capacity: 512)
        guard case .packet(let payload) = events.first else {
            Issue.record("not decoded: \(events)")
            return
        }
        var raw = bytes(payload)
        let back = raw.withUnsafeMutableBufferPointer { BinaryEscape.unescapeInPlace($0).map(Array.init) }
        #expect(back == data)
    }

    @Test func overflowIsReportedNotWritten() {
        #expect(encode(capacity: 8) { $0.append("12345") } == nil)
        #expect(encode(capacity: 8) { $0.append("1234") } == frame("1234"))
        #expect(encode(capacity: 3) { $0.appendOK() } == nil)
    }

    @Test func rawTailHexEncodesInPlace() {
        let buffer = Buffer(64)
        var w = PacketWriter(buffer: buffer.pointer)
        w.append(UInt8(ascii: "x"))
        let raw = w.rawTail(maximum: 100)
        #expect(raw.count == (64 - 2 - 3) / 2)
        for i in 0..<raw.count { raw[i] = UInt8(i * 17 & 0xff) }
        w.appendHexOfRawTail(maximum: 100, used: 5)
        #expect(w.finish(runLength: false).map { String(decoding: $0, as: UTF8.self) } == frame("x0011223344"))
    }

    @Test func rawTailEscapesInPlace() {
        let buffer = Buffer(32)
        var w = PacketWriter(buffer: buffer.pointer)
        let raw = w.rawTail(maximum: 4)
        raw.copyBytes(from: [0x23, 0x41, 0x7d, 0x42])
        w.appendEscapedRawTail(maximum: 4, used: 4)
        #expect(w.finish(runLength: false).map { String(decoding: $0, as: UTF8.self) } == frame("}\u{03}A}]B"))
    }

    @Test func finishSendsToASink() {
        let buffer = Buffer(16)
        var sink = ByteQueue()
        var w = PacketWriter(buffer: buffer.pointer)
        w.append("qC")
        let sent = w.finish(sendingTo: &sink)
        #expect(sent)
        #expect(sink.take() == "$qC#b4")
        var tooBig = PacketWriter(buffer: buffer.pointer)
        tooBig.append("0123456789abcdef")
        let sentTooBig = tooBig.finish(sendingTo: &sink)
        #expect(!sentTooBig)
        #expect(sink.bytes.count == 6)
    }

    @Test func consoleOutputPacket() {
        #expect(encode { w in bytes("hi\n").withUnsafeBytes { _ = w.appendConsoleOutput($0) } } == frame("O68690a"))
    }
}
