import Testing
@testable import GDBStub

@Suite("GDBServerSession: memory, registers, breakpoints, threads, monitor")
struct SessionCommandTests {
    func noAck(_ target: FakeTarget = FakeTarget(), packetSize: Int = 0x4000, replySize: Int = 0x4004) -> SessionHarness<FakeTarget> {
        let h = SessionHarness(target, packetSize: packetSize, replySize: replySize)
        h.exchange("$QStartNoAckMode#b0")
        return h
    }

    @Test func memoryReadsWithHolesAndLimits() {
        let h = noAck()
        // Stops at the hole after 0x3000: a short reply.
        #expect(replies(h.exchange(frame("m2ffc,10"))) == [.packet("fcfdfeff")])
        #expect(h.exchange(frame("m3000,4")) == "$E14#aa")
        #expect(h.exchange(frame("m4fff,2")) == "$E14#aa")
        // A whole 8 KiB fits one reply: 16 KiB of hex in a 16 KiB + 4 buffer.
        guard case .packet(let big) = replies(h.exchange(frame("m1000,2000"))).first else {
            Issue.record("no reply")
            return
        }
        #expect(big.count == 0x4000)
        #expect(big == (0..<0x2000).map { hex([UInt8(truncatingIfNeeded: $0)]) }.joined())
        // More than fits is clamped, never overflowed.
        let small = noAck(packetSize: 256, replySize: 260)
        guard case .packet(let part) = replies(small.exchange(frame("m1000,1000"))).first else {
            Issue.record("no reply")
            return
        }
        #expect(part.count == 256)
    }

    /// `x`: the same reads in binary, after a `b`; `#`, `$`, `}` and `*` escaped.
    @Test func binaryMemoryReads() {
        let h = noAck()
        #expect(h.exchange(frame("x1000,4")) == frame("b\u{00}\u{01}\u{02}\u{03}"))
        #expect(h.exchange(frame("x1023,2")) == frame("b}\u{03}}\u{04}"), "'#' and '$' escaped")
        #expect(h.exchange(frame("x107d,1")) == frame("b}]"))
        #expect(h.exchange(frame("x3000,4")) == "$E14#aa")
        // Every byte value, in 8 KiB replies, through the client: ClientTests.memoryInChunksAndAroundHoles.
    }

    @Test func memoryWrites() {
        let h = noAck()
        #expect(h.exchange(frame("M1000,4:deadbeef")) == "$OK#9a")
        #expect(h.exchange(frame("m1000,4")) == frame("deadbeef"))
        // A raw '*' is a run-length marker, here with an invalid count: dropped
        // (nacked in ack mode; in no-ack mode there is nothing to say).
        #expect(h.exchange("$X1004,4:}\u{03}}]*\u{00}#" + checksum("X1004,4:}\u{03}}]*\u{00}")) == "")
        #expect(h.exchange(frame("X1004,4:}\u{03}}]}\n\u{00}")) == "$OK#9a")
        #expect(h.exchange(frame("m1004,4")) == frame("237d2a00"))
        #expect(h.exchange(frame("X1000,0:")) == "$OK#9a")
        #expect(h.exchange(frame("M2fff,2:0102")) == "$E14#aa")
        #expect(h.target.regions[0].bytes[0x1fff] == 1)
    }

    @Test func registers() {
        let h = noAck()
        #expect(replies(h.exchange(frame("p10"))) == [.packet("1000000000001111")])
        #expect(h.exchange(frame("P10=efbeadde00000000")) == "$OK#9a")
        #expect(h.target.registers[16] == 0xdead_beef)
        #expect(h.exchange(frame("p30")) == frame("E22"))
        let all = String(repeating: "01", count: 24 * 8)
        #expect(h.exchange(frame("G" + all)) == "$OK#9a")
        #expect(h.target.registers.allSatisfy { $0 == 0x0101_0101_0101_0101 })
        #expect(h.exchange(frame("G00")) == frame("E22"))
    }

    @Test func breakpointsAndWatchpoints() {
        let h = noAck()
        #expect(h.exchange(frame("Z0,1234,1")) == "$OK#9a")
        #expect(h.target.softwareBreakpoints == [0x1234])
        #expect(h.exchange(frame("Z0,4000,1")) == "$E14#aa")
        #expect(h.exchange(frame("z0,1234,1")) == "$OK#9a")
        #expect(h.exchange(frame("z0,1234,1")) == frame("E22"))
        #expect(h.exchange(frame("Z1,ffffffff80000000,1")) == "$OK#9a")
        #expect(h.target.hardwareBreakpoints == [0xffff_ffff_8000_0000])
        #expect(h.exchange(frame("Z2,2000,8")) == "$OK#9a")
        #expect(h.exchange(frame("Z3,2000,8")) == "$#00")  // no read watchpoints: gdb falls back
        #expect(h.exchange(frame("Z4,2008,4")) == "$OK#9a")
        #expect(h.target.watchpoints.count == 2)
        #expect(h.exchange(frame("z2,2000,8")) == "$OK#9a")
        #expect(h.target.watchpoints.count == 1)
    }

    @Test func continueStopAndInterrupt() {
        let h = noAck()
        h.stopOnRequest = false
        #expect(h.exchange(frame("c")) == "")
        #expect(h.events == [.resumed])
        #expect(h.session.state == .running)
        // Running: packets would mean a new debugger; acks and nacks do nothing.
        #expect(h.exchange("+-") == "")
        #expect(h.exchange("\u{03}") == "")
        #expect(h.events == [.resumed, .stopRequested])
        h.session.reportStop(.signal(.interrupt))
        #expect(replies(h.output.take()) == [.packet("T02thread:1;10:1000000000001111;7:0700000000001111;")])
        #expect(h.session.state == .stopped)
        // A stop reply for a watchpoint.
        h.exchange(frame("s"))
        h.session.reportStop(.watchpoint(.write, address: 0x2000))
        #expect(replies(h.output.take()) == [.packet("T05thread:1;watch:2000;10:1000000000001111;7:0700000000001111;")])
        #expect(h.target.resumed == [.continue, .step])
        // Exits end with W.
        h.exchange(frame("c"))
        h.session.reportStop(.exited(3))
        #expect(h.output.take() == frame("W03"))
    }

    @Test func resumeVariants() {
        let h = noAck()
        h.exchange(frame("vCont?"))
        #expect(h.exchange(frame("vCont?")) == frame("vCont;c;C;s;S"))
        let cases: [(String, ResumeAction)] = [
            ("vCont;s:2;c", ResumeAction(.step, thread: ThreadID(2))),
            ("vCont;c", .continue),
            ("vCont;C0b", ResumeAction(.continue, signal: .segmentationFault)),
            ("c2000", ResumeAction(.continue, address: 0x2000)),
            ("S05", ResumeAction(.step, signal: .trap)),
        ]
        for (packet, action) in cases {
            h.exchange(frame(packet))
            #expect(h.target.resumed.last == action, "\(packet)")
            h.session.reportStop(.signal(.trap))
            _ = h.output.take()
        }
        // Hc selects the thread old-style resume packets apply to.
        #expect(h.exchange(frame("Hc3")) == "$OK#9a")
        h.exchange(frame("s"))
        #expect(h.target.resumed.last == ResumeAction(.step, thread: ThreadID(3)))
        h.session.reportStop(.signal(.trap))
        _ = h.output.take()
        #expect(h.exchange(frame("vCont;t")) == frame("E22"))
    }

    @Test func threads() {
        var target = FakeTarget()
        target.threadIDs = Array(1...200)
        let h = noAck(target, packetSize: 256, replySize: 260)
        var listed: [UInt64] = []
        var packet = "qfThreadInfo"
        var rounds = 0
        while rounds < 100 {
            rounds += 1
            guard case .packet(let reply) = replies(h.exchange(frame(packet))).first else { break }
            if reply == "l" { break }
            #expect(reply.first == "m")
            listed += reply.dropFirst().split(separator: ",").map { UInt64($0, radix: 16)! }
            packet = "qsThreadInfo"
        }
        #expect(listed == Array(1...200))
        #expect(rounds > 2)
        #expect(h.exchange(frame("Hg2")) == "$OK#9a")
        #expect(h.target.selected.last! == (2, .general))
        #expect(h.session.generalThread == ThreadID(2))
        #expect(h.exchange(frame("Hg999")) == frame("E22"))
        #expect(h.exchange(frame("T2")) == "$OK#9a")
        #expect(h.exchange(frame("T999")) == frame("E01"))
        #expect(h.exchange(frame("qThreadExtraInfo,2")) == frame(hex("task 2 ready")))
        #expect(h.exchange(frame("qThreadExtraInfo,-1")) == frame("E22"))
    }

    @Test func monitorCommands() {
        let h = noAck()
        #expect(replies(h.exchange(frame("qRcmd," + hex("hello"))))
            == [.packet("O" + hex("Hello from the ")), .packet("O" + hex("fake target\n")), .packet("OK")])
        #expect(replies(h.exchange(frame("qRcmd," + hex("numbers"))))
            == [.packet("O" + hex("0x0000dead")), .packet("O" + hex(" ")), .packet("O" + hex("1234567890")),
                .packet("O" + hex("\n")), .packet("OK")])
        #expect(h.exchange(frame("qRcmd," + hex("quiet"))) == "$OK#9a")
        #expect(replies(h.exchange(frame("qRcmd," + hex("nope")))) == [.packet("O" + hex("unknown command\n")), .packet("E22")])
        // Output larger than a packet is split.
        let small = noAck(packetSize: 256, replySize: 260)
        let events = replies(small.exchange(frame("qRcmd," + hex("big"))))
        var text = ""
        for case .packet(let p) in events where p.hasPrefix("O") && p != "OK" {
            #expect(p.count <= 257)
            var raw = bytes(String(p.dropFirst()))
            let decoded = raw.withUnsafeMutableBufferPointer { HexDigits.decodeInPlace($0).map(Array.init) }
            text += decoded.map(GDBStubTests.text) ?? "?"
        }
        #expect(text == String(repeating: "0123456789", count: 1000))
        #expect(events.last == .packet("OK"))
        // The last packet kept for retransmission is the OK.
        #expect(small.exchange("-") == "")  // no-ack mode: nacks are ignored
    }

    @Test func detachKillAndReconnect() {
        let h = SessionHarness(FakeTarget())
        h.exchange("$QStartNoAckMode#b0")
        #expect(h.exchange(frame("D")) == "$OK#9a")
        #expect(h.events == [.detached])
        #expect(h.target.detached)
        #expect(h.session.state == .detached)
        #expect(!h.session.noAckMode)
        // A new gdb connects while the target runs: the target is stopped
        // first, then the packet is answered (in ack mode again).
        #expect(h.exchange("+$qC#b4") == "+" + frame("QC1"))
        #expect(h.events == [.detached, .stopRequested])
        #expect(h.session.state == .stopped)
        #expect(h.exchange(frame("k")) == "+")
        #expect(h.events.last == .killed)
        #expect(h.target.killed)
        #expect(h.session.state == .detached)
    }

    @Test func stopWithoutDebuggerThenAttach() {
        // gdb=wait: the kernel stops before any debugger is there.
        let h = SessionHarness(FakeTarget(), state: .detached)
        h.session.reportStop(.signal(.trap))
        #expect(h.output.take() == "")
        #expect(h.session.state == .stopped)
        #expect(replies(h.exchange("+" + gdbQSupported)).first == .ack)
        #expect(h.events.isEmpty)
    }
}
