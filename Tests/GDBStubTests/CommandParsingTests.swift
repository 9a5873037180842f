import Testing
@testable import GDBStub

@Suite("Command.parse: every packet gdb sends")
struct CommandParsingTests {
    @Test func simplePackets() throws {
        try withCommand("?") { guard case .haltReason = $0 else { Issue.record("\($0)"); return } }
        try withCommand("g") { guard case .readRegisters = $0 else { Issue.record("\($0)"); return } }
        try withCommand("qC") { guard case .currentThread = $0 else { Issue.record("\($0)"); return } }
        try withCommand("qfThreadInfo") { guard case .threadInfoFirst = $0 else { Issue.record("\($0)"); return } }
        try withCommand("qsThreadInfo") { guard case .threadInfoNext = $0 else { Issue.record("\($0)"); return } }
        try withCommand("qAttached") { guard case .attached = $0 else { Issue.record("\($0)"); return } }
        try withCommand("qAttached:1") { guard case .attached = $0 else { Issue.record("\($0)"); return } }
        try withCommand("qOffsets") { guard case .sectionOffsets = $0 else { Issue.record("\($0)"); return } }
        try withCommand("QStartNoAckMode") { guard case .startNoAckMode = $0 else { Issue.record("\($0)"); return } }
        try withCommand("D") { guard case .detach = $0 else { Issue.record("\($0)"); return } }
        try withCommand("D;1") { guard case .detach = $0 else { Issue.record("\($0)"); return } }
        try withCommand("k") { guard case .kill = $0 else { Issue.record("\($0)"); return } }
        try withCommand("!") { guard case .extendedMode = $0 else { Issue.record("\($0)"); return } }
        try withCommand("vMustReplyEmpty") { guard case .mustReplyEmpty = $0 else { Issue.record("\($0)"); return } }
        try withCommand("vCont?") { guard case .vContQuery = $0 else { Issue.record("\($0)"); return } }
    }

    @Test func unknownPacketsAreUnknown() throws {
        for payload in ["", "qTStatus", "qCRC:0,4", "vFile:open:x", "QNonStop:1", "qSymbol::", "gg", "y0,4", "jThreadsInfo"] {
            try withCommand(payload) { guard case .unknown = $0 else { Issue.record("\(payload): \($0)"); return } }
        }
    }

    @Test func registerPackets() throws {
        try withCommand("G0102ff") { command in
            guard case .writeRegisters(let b) = command else { Issue.record("\(command)"); return }
            #expect(Array(b) == [1, 2, 0xff])
        }
        try withCommand("p1a") { command in
            guard case .readRegister(let n) = command else { Issue.record("\(command)"); return }
            #expect(n == 0x1a)
        }
        try withCommand("P10=efbeadde00000000") { command in
            guard case .writeRegister(let n, let b) = command else { Issue.record("\(command)"); return }
            #expect(n == 16)
            #expect(Array(b) == [0xef, 0xbe, 0xad, 0xde, 0, 0, 0, 0])
        }
        for bad in ["G012", "Gzz", "p", "px", "P10", "P10=1"] {
            #expect(throws: PacketError.malformed) { try withCommand(bad) { _ in } }
        }
    }

    @Test func memoryPackets() throws {
        try withCommand("mffffffff80001000,2000") { command in
            guard case .readMemory(let address, let length, let binary) = command else { Issue.record("\(command)"); return }
            #expect(address == 0xffff_ffff_8000_1000)
            #expect(length == 0x2000)
            #expect(!binary)
        }
        try withCommand("x1000,40") { command in
            guard case .readMemory(let address, let length, let binary) = command else { Issue.record("\(command)"); return }
            #expect(address == 0x1000 && length == 0x40 && binary)
        }
        try withCommand("M1000,3:0a0b0c") { command in
            guard case .writeMemory(let address, let data) = command else { Issue.record("\(command)"); return }
            #expect(address == 0x1000)
            #expect(Array(data) == [0x0a, 0x0b, 0x0c])
        }
        // X carries escaped binary: "}\u{03}" is '#', "}]" is '}'.
        try withCommand("X1000,4:A}\u{03}}]\u{00}") { command in
            guard case .writeMemory(_, let data) = command else { Issue.record("\(command)"); return }
            #expect(Array(data) == [0x41, 0x23, 0x7d, 0x00])
        }
        // gdb probes X support with a zero-length write.
        try withCommand("X1000,0:") { command in
            guard case .writeMemory(_, let data) = command else { Issue.record("\(command)"); return }
            #expect(data.isEmpty)
        }
        for bad in ["m", "m1000", "m1000,", "m,4", "x1000", "x1000,4:", "M1000,4:0a0b", "M1000,1", "X1000,2:a", "m10000000000000000,1"] {
            #expect(throws: PacketError.malformed) { try withCommand(bad) { _ in } }
        }
    }

    @Test func breakpointPackets() throws {
        let cases: [(String, BreakpointType, UInt64, UInt64, Bool)] = [
            ("Z0,ffffffff80001234,1", .software, 0xffff_ffff_8000_1234, 1, true),
            ("z0,1000,1", .software, 0x1000, 1, false),
            ("Z1,2000,1", .hardware, 0x2000, 1, true),
            ("Z2,3000,8", .writeWatchpoint, 0x3000, 8, true),
            ("z3,3000,4", .readWatchpoint, 0x3000, 4, false),
            ("Z4,3000,2;X2,0a0b", .accessWatchpoint, 0x3000, 2, true),
        ]
        for (payload, type, address, kind, insert) in cases {
            try withCommand(payload) { command in
                switch command {
                case .insertBreakpoint(let r) where insert, .removeBreakpoint(let r) where !insert:
                    #expect(r == BreakpointRequest(type: type, address: address, kind: kind))
                default: Issue.record("\(payload): \(command)")
                }
            }
            let encoded = encode(runLength: false) { $0.appendBreakpoint(BreakpointRequest(type: type, address: address, kind: kind), insert: insert) }
            #expect(encoded == frame(String(payload.prefix { $0 != ";" })))
        }
        for bad in ["Z5,1000,1", "Z0,1000", "Z0", "Z0,x,1", "Z0,1000,1x"] {
            #expect(throws: PacketError.malformed) { try withCommand(bad) { _ in } }
        }
    }

    @Test func resumePackets() throws {
        let cases: [(String, ResumeAction)] = [
            ("c", .continue),
            ("c1000", ResumeAction(.continue, address: 0x1000)),
            ("s", .step),
            ("sffff8000", ResumeAction(.step, address: 0xffff8000)),
            ("C0b", ResumeAction(.continue, signal: .segmentationFault)),
            ("C02;2000", ResumeAction(.continue, signal: .interrupt, address: 0x2000)),
            ("S05", ResumeAction(.step, signal: .trap)),
        ]
        for (payload, expected) in cases {
            try withCommand(payload) { command in
                guard case .resume(let action) = command else { Issue.record("\(payload): \(command)"); return }
                #expect(action == expected)
            }
            #expect(encode(runLength: false) { $0.appendResume(expected) } == frame(payload))
        }
        for bad in ["C", "C5", "cxyz", "C05;", "C05x"] {
            #expect(throws: PacketError.malformed) { try withCommand(bad) { _ in } }
        }
    }

    @Test func vContPackets() throws {
        try withCommand("vCont;s:p1.2;c") { command in
            guard case .vCont(let list) = command else { Issue.record("\(command)"); return }
            #expect(Array(list) == [
                VContAction(.step, thread: ThreadID(process: .id(1), thread: .id(2))),
                VContAction(.continue),
            ])
            #expect(list.primaryAction == ResumeAction(.step, thread: ThreadID(process: .id(1), thread: .id(2))))
        }
        try withCommand("vCont;C0b:3;t:-1;S05") { command in
            guard case .vCont(let list) = command else { Issue.record("\(command)"); return }
            #expect(Array(list) == [
                VContAction(.continue, signal: .segmentationFault, thread: ThreadID(3)),
                VContAction(.stop, thread: .all),
                VContAction(.step, signal: .trap),
            ])
        }
        try withCommand("vCont;c") { command in
            guard case .vCont(let list) = command else { Issue.record("\(command)"); return }
            #expect(list.primaryAction == .continue)
        }
        for bad in ["vCont;", "vCont;x", "vCont;C", "vCont;c:", "vCont;cc", "vCont;r1000,2000"] {
            #expect(throws: PacketError.malformed) { try withCommand(bad) { _ in } }
        }
        #expect(encode { w in
            w.append("vCont")
            w.appendVContAction(VContAction(.step, thread: ThreadID(2)))
            w.appendVContAction(VContAction(.continue, signal: .interrupt))
        } == frame("vCont;s:2;C02"))
    }

    @Test func threadIDSyntax() throws {
        let cases: [(String, ThreadID)] = [
            ("1f", ThreadID(0x1f)),
            ("0", .any),
            ("-1", .all),
            ("p1.2", ThreadID(process: .id(1), thread: .id(2))),
            ("p-1.-1", ThreadID(process: .all, thread: .all)),
            ("p5", ThreadID(process: .id(5), thread: .all)),
            ("p1.0", ThreadID(process: .id(1), thread: .any)),
        ]
        for (textID, expected) in cases {
            try withCommand("Hg" + textID) { command in
                guard case .setThread(.general, let thread) = command else { Issue.record("\(textID): \(command)"); return }
                #expect(thread == expected)
            }
            try withCommand("T" + textID) { command in
                guard case .threadAlive(let thread) = command else { Issue.record("\(textID): \(command)"); return }
                #expect(thread == expected)
            }
            #expect(encode(runLength: false) { expected.write(to: &$0, multiprocess: true) } == frame(textID == "p5" ? "p5.-1" : textID))
        }
        try withCommand("Hc-1") { command in
            guard case .setThread(.continue, .all) = command else { Issue.record("\(command)"); return }
        }
        try withCommand("qThreadExtraInfo,2a") { command in
            guard case .threadExtraInfo(let thread) = command else { Issue.record("\(command)"); return }
            #expect(thread == ThreadID(0x2a))
        }
        for bad in ["Hx1", "Hg", "Hgz", "T", "Tp", "Tp1.", "qThreadExtraInfo,"] {
            #expect(throws: PacketError.malformed) { try withCommand(bad) { _ in } }
        }
    }

    @Test func qSupportedFeatures() throws {
        let payload = "qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;vfork-events+;exec-events+;"
            + "vContSupported+;QThreadEvents+;no-resumed+;memory-tagging+;xmlRegisters=i386;foo-;bar?"
        try withCommand(payload) { command in
            guard case .supported(let features) = command else { Issue.record("\(command)"); return }
            for name: StaticString in ["multiprocess", "swbreak", "hwbreak", "qRelocInsn", "fork-events", "vfork-events",
                                       "exec-events", "vContSupported", "QThreadEvents", "no-resumed", "memory-tagging"] {
                #expect(features.supports(name), "\(name)")
            }
            #expect(!features.supports("foo"))
            #expect(!features.supports("bar"))
            #expect(!features.supports("xmlRegisters"))
            #expect(features.value(of: "xmlRegisters").map { String(decoding: $0, as: UTF8.self) } == "i386")
            #expect(features.underestimatedCount >= 0)
            #expect(Array(features).count == 14)
        }
        try withCommand("qSupported") { command in
            guard case .supported(let features) = command else { Issue.record("\(command)"); return }
            #expect(Array(features).isEmpty)
        }
    }

    @Test func qXferFeaturesRead() throws {
        try withCommand("qXfer:features:read:target.xml:0,ffb") { command in
            guard case .readFeatures(let annex, let offset, let length) = command else { Issue.record("\(command)"); return }
            #expect(String(decoding: annex, as: UTF8.self) == "target.xml")
            #expect(offset == 0)
            #expect(length == 0xffb)
        }
        try withCommand("qXfer:features:read:64bit-core.xml:7fe,800") { command in
            guard case .readFeatures(let annex, let offset, _) = command else { Issue.record("\(command)"); return }
            #expect(String(decoding: annex, as: UTF8.self) == "64bit-core.xml")
            #expect(offset == 0x7fe)
        }
        for bad in ["qXfer:features:read:", "qXfer:features:read:target.xml:0", "qXfer:features:read::0,10"] {
            #expect(throws: PacketError.malformed) { try withCommand(bad) { _ in } }
        }
        try withCommand("qXfer:libraries:read::0,fff") { guard case .unknown = $0 else { Issue.record("\($0)"); return } }
    }

    @Test func qRcmd() throws {
        try withCommand("qRcmd," + hex("page-tables 0x1000")) { command in
            guard case .monitor(let text) = command else { Issue.record("\(command)"); return }
            #expect(String(decoding: text, as: UTF8.self) == "page-tables 0x1000")
        }
        #expect(throws: PacketError.malformed) { try withCommand("qRcmd,6") { _ in } }
        #expect(encode { w in bytes("help").withUnsafeBytes { w.appendMonitor($0) } } == frame("qRcmd,68656c70"))
    }
}
