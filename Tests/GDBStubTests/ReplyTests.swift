import Testing
@testable import GDBStub

@Suite("Replies: stop replies, qSupported, status")
struct ReplyTests {
    func stop(_ reason: StopReason, thread: ThreadID? = nil, kind: Bool = false, detailed: Bool = false) -> String? {
        encode(runLength: false) { $0.appendStopReply(reason, thread: thread, reportBreakpointKind: kind, alwaysDetailed: detailed) }
    }

    @Test func stopReplyForms() {
        #expect(stop(.signal(.trap)) == frame("S05"))
        #expect(stop(.signal(.trap), thread: ThreadID(1)) == "$T05thread:1;#d7")
        #expect(stop(.signal(.interrupt), detailed: true) == frame("T02"))
        #expect(stop(.softwareBreakpoint, thread: ThreadID(2), kind: true) == frame("T05thread:2;swbreak:;"))
        #expect(stop(.softwareBreakpoint, thread: ThreadID(2), kind: false) == frame("T05thread:2;"))
        #expect(stop(.softwareBreakpoint) == frame("S05"))
        #expect(stop(.hardwareBreakpoint, kind: true) == frame("T05hwbreak:;"))
        #expect(stop(.watchpoint(.write, address: 0x1000)) == frame("T05watch:1000;"))
        #expect(stop(.watchpoint(.read, address: 0x2000), thread: ThreadID(3)) == frame("T05thread:3;rwatch:2000;"))
        #expect(stop(.watchpoint(.access, address: 0xabc)) == frame("T05awatch:abc;"))
        #expect(stop(.exited(0)) == frame("W00"))
        #expect(stop(.terminated(.kill), thread: ThreadID(1)) == frame("X09"))
    }

    @Test func stopRepliesParseBack() {
        let replies: [(String, StopReason, ThreadID?, [ExpeditedRegister])] = [
            ("S05", .signal(.trap), nil, []),
            ("T02", .signal(.interrupt), nil, []),
            ("T05thread:01;", .signal(.trap), ThreadID(1), []),
            ("T05thread:p1.2;swbreak:;", .softwareBreakpoint, ThreadID(process: .id(1), thread: .id(2)), []),
            ("T05hwbreak:;thread:3;", .hardwareBreakpoint, ThreadID(3), []),
            ("T05watch:1000;", .watchpoint(.write, address: 0x1000), nil, []),
            ("T05rwatch:2000;", .watchpoint(.read, address: 0x2000), nil, []),
            ("T05awatch:3000;", .watchpoint(.access, address: 0x3000), nil, []),
            ("T0506:0010000000000000;07:f0ff000000000000;10:3412000000000000;thread:1;core:0;",
             .signal(.trap), ThreadID(1),
             [ExpeditedRegister(number: 6, value: [0, 0x10, 0, 0, 0, 0, 0, 0]),
              ExpeditedRegister(number: 7, value: [0xf0, 0xff, 0, 0, 0, 0, 0, 0]),
              ExpeditedRegister(number: 16, value: [0x34, 0x12, 0, 0, 0, 0, 0, 0])]),
            ("W00", .exited(0), nil, []),
            ("W01;process:1f", .exited(1), nil, []),
            ("X0b", .terminated(.segmentationFault), nil, []),
        ]
        for (textReply, reason, thread, registers) in replies {
            let parsed = ClientStopReply(parsing: bytes(textReply))
            #expect(parsed?.reason == reason, "\(textReply)")
            #expect(parsed?.thread == thread, "\(textReply)")
            #expect(parsed?.registers == registers, "\(textReply)")
        }
        for bad in ["", "OK", "E14", "T", "S5", "Q05", "O6869"] {
            #expect(ClientStopReply(parsing: bytes(bad)) == nil, "\(bad)")
        }
    }

    @Test func expeditedRegisterPair() {
        let value: [UInt8] = [0x34, 0x12, 0, 0, 0, 0, 0, 0]
        #expect(encode(runLength: false) { w in
            w.append("T05")
            value.withUnsafeBytes { w.appendExpeditedRegister(16, value: $0) }
        } == frame("T0510:3412000000000000;"))
    }

    @Test func qSupportedReply() {
        var features = StubFeatures(packetSize: 0x4000)
        #expect(encode { $0.appendSupported(features) } == frame("PacketSize=4000;QStartNoAckMode+;vContSupported+"))
        features.softwareBreakpoints = true
        features.hardwareBreakpoints = true
        features.targetDescription = true
        let reply = "PacketSize=4000;QStartNoAckMode+;swbreak+;hwbreak+;qXfer:features:read+;vContSupported+"
        #expect(encode { $0.appendSupported(features) } == frame(reply))
        let parsed = RemoteFeatures(parsing: bytes(reply))
        #expect(parsed.packetSize == 0x4000)
        #expect(parsed.noAckMode && parsed.softwareBreakpoints && parsed.hardwareBreakpoints && parsed.targetDescription)
        #expect(parsed.entries.count == 6)
        // gdbserver's own reply starts like this; PacketSize is hex.
        #expect(RemoteFeatures(parsing: bytes("PacketSize=3fff;QPassSignals+;QProgramSignals+")).packetSize == 0x3fff)
        #expect(RemoteFeatures(parsing: []).packetSize == 400)
    }

    @Test func statusReplies() {
        #expect(bytes("OK").withUnsafeBufferPointer { StatusReply.parse($0) } == .ok)
        #expect(bytes("E14").withUnsafeBufferPointer { StatusReply.parse($0) } == .error(.fault))
        #expect(bytes("E.no such thing").withUnsafeBufferPointer { StatusReply.parse($0) } == .error(.failed))
        #expect([UInt8]().withUnsafeBufferPointer { StatusReply.parse($0) } == .unsupported)
        #expect(bytes("0011").withUnsafeBufferPointer { StatusReply.parse($0) } == nil)
        #expect(encode { $0.appendError(.invalid) } == frame("E22"))
        #expect(encode { $0.appendError(.invalidAnnex) } == frame("E00"))
    }

    @Test func sectionOffsetsAndCurrentThreadReplies() {
        #expect(encode { $0.appendSectionOffsets(SectionOffsets(text: 0x1000, data: 0x2000)) } == frame("Text=1000;Data=2000"))
        #expect(encode { $0.appendSectionOffsets(SectionOffsets(text: 0, data: 0, bss: 0x30)) } == frame("Text=0;Data=0;Bss=30"))
        #expect(encode { $0.appendCurrentThread(ThreadID(0x1f)) } == frame("QC1f"))
        #expect(encode { $0.appendVContSupport() } == frame("vCont;c;C;s;S"))
    }
}
