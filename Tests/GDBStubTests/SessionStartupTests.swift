import Testing
@testable import GDBStub

/// The packets of the session's output, acks and nacks included.
func replies(_ output: String) -> [Event] { decode(bytes(output), capacity: 0x10000) }

let gdbQSupported = "$qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;vfork-events+;exec-events+;"
    + "vContSupported+;QThreadEvents+;no-resumed+;memory-tagging+;xmlRegisters=i386#77"

@Suite("GDBServerSession: gdb's connection sequence, byte by byte")
struct SessionStartupTests {
    @Test func gdbStartupSequence() {
        let h = SessionHarness(FakeTarget())
        #expect(h.exchange("+") == "")
        #expect(h.exchange(gdbQSupported)
            == "+" + frame("PacketSize=4000;QStartNoAckMode+;swbreak+;hwbreak+;qXfer:features:read+;vContSupported+;binary-upload+"))
        #expect(h.exchange("+$vMustReplyEmpty#3a") == "+$#00")
        #expect(h.exchange("+$QStartNoAckMode#b0") == "+$OK#9a")
        #expect(h.session.noAckMode)
        // From here on, no acks either way; gdb's last `+` is ignored.
        #expect(h.exchange("+$Hg0#df") == "$OK#9a")
        let xml = "\(FakeTarget.description)"
        #expect(replies(h.exchange("$qXfer:features:read:target.xml:0,ffb#79")) == [.packet("l" + xml)])
        #expect(replies(h.exchange("$qXfer:features:read:target.xml:10,20" + "#" + checksum("qXfer:features:read:target.xml:10,20")))
            == [.packet("m" + String(xml.dropFirst(16).prefix(32)))])
        #expect(replies(h.exchange("$?#3f")) == [.packet("T05thread:1;10:1000000000001111;7:0700000000001111;")])
        #expect(h.exchange("$qfThreadInfo#bb") == frame("m1,2,3"))
        #expect(h.exchange("$qsThreadInfo#c8") == "$l#6c")
        #expect(h.exchange("$qC#b4") == frame("QC1"))
        #expect(h.exchange(frame("qAttached")) == frame("1"))
        #expect(h.exchange(frame("qOffsets")) == frame("Text=1000;Data=2000"))
        let registers = (0..<24).map { hex(withUnsafeBytes(of: 0x1111_0000_0000_0000 | UInt64($0)) { Array($0) }) }.joined()
        #expect(replies(h.exchange("$g#67")) == [.packet(registers)])
        #expect(replies(h.exchange("$m1000,10#" + checksum("m1000,10"))) == [.packet("000102030405060708090a0b0c0d0e0f")])
        #expect(h.events.isEmpty)
    }

    @Test func startupWithoutCapabilities() {
        let h = SessionHarness(MinimalTarget())
        #expect(h.exchange("$qSupported:swbreak+;hwbreak+#" + checksum("qSupported:swbreak+;hwbreak+"))
            == "+" + frame("PacketSize=4000;QStartNoAckMode+;vContSupported+;binary-upload+"))
        // Unsupported capabilities answer empty; one-thread operations succeed.
        for packet in ["Z0,1000,1", "z1,1000,1", "Z2,1000,4", "qfThreadInfo", "qsThreadInfo", "qC", "p10", "P10=00",
                       "qXfer:features:read:target.xml:0,ffb", "qRcmd,68656c70", "qOffsets", "qThreadExtraInfo,1",
                       "qTStatus", "vFile:setfs:0", "qSymbol::"] {
            #expect(h.exchange(frame(packet)) == "+$#00", "\(packet)")
        }
        #expect(h.exchange(frame("Hg1")) == "+$OK#9a")
        #expect(h.exchange(frame("Hc-1")) == "+$OK#9a")
        #expect(h.exchange(frame("T1")) == "+$OK#9a")
        // S, not T: no thread to name, no expedited registers.
        #expect(h.exchange("$?#3f") == "+" + frame("S05"))
        #expect(h.exchange("$g#67") == "+" + frame("000102030405060708090a0b0c0d0e0f"))
        #expect(h.exchange(frame("m0,4")) == "+" + frame("90909090"))
        #expect(h.exchange(frame("m10,4")) == "+$E14#aa")
        #expect(h.exchange(frame("M0,1:00")) == "+$E14#aa")
    }

    @Test func fatalTargetErrorEndsTheSession() {
        let h = SessionHarness(MinimalTarget())
        #expect(h.exchange(frame("G" + String(repeating: "00", count: 16))) == "+" + frame("E01"))
        #expect(h.events == [.failed])
        #expect(h.session.state == .detached)
    }

    @Test func swbreakIsReportedOnlyWhenGDBAskedForIt() {
        let h = SessionHarness(FakeTarget())
        h.exchange(frame("qSupported:hwbreak+"))
        h.exchange("$c#63")
        h.session.reportStop(.softwareBreakpoint)
        #expect(replies(h.output.take()).first == .packet("T05thread:1;10:1000000000001111;7:0700000000001111;"))
        h.exchange(frame("qSupported:swbreak+"))
        h.exchange("$c#63")
        h.session.reportStop(.softwareBreakpoint)
        #expect(replies(h.output.take()).first == .packet("T05thread:1;swbreak:;10:1000000000001111;7:0700000000001111;"))
    }
}

/// The checksum of a payload, as two hex digits.
func checksum(_ payload: String) -> String { String(frame(payload).suffix(2)) }
