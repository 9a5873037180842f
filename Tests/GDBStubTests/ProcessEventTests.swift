import Testing
@testable import GDBStub

/// A process that forks: threads 0x100 (its own) and 0x200 (the child's,
/// process 0x200) once forked.
struct ForkingFakeTarget: DebugTarget, ThreadList, ThreadResume, ProcessEvents {
    var stopReason = StopReason.signal(.trap)
    var threadIDs: [UInt64] = [0x100, 0x200]
    var currentThread: UInt64 = 0x100
    var processID: UInt64 = 0x100
    var reported: ProcessEventSet?
    var detached: [UInt64] = []

    mutating func readRegisters(into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int { 0 }
    mutating func writeRegisters(_ bytes: UnsafeRawBufferPointer) throws(TargetError) {}
    mutating func readMemory(at address: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int { 0 }
    mutating func writeMemory(at address: UInt64, from bytes: UnsafeRawBufferPointer) -> Int { 0 }
    mutating func resume(_ action: ResumeAction) throws(TargetError) {}
    mutating func resume(_ actions: VContActionList) throws(TargetError) {}

    func thread(at index: Int) -> UInt64? { index < threadIDs.count ? threadIDs[index] : nil }
    mutating func selectThread(_ id: UInt64, for operation: ThreadOperation) throws(TargetError) {}

    mutating func reportProcessEvents(_ events: ProcessEventSet) { reported = events }
    func execPath(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let path = Array("/bin/sh".utf8)
        buffer.copyBytes(from: path)
        return path.count
    }
    func processID(ofThread id: UInt64) -> UInt64 { id == 0x200 ? 0x200 : 0x100 }
    mutating func detachProcess(_ pid: UInt64) throws(TargetError) -> Bool {
        detached.append(pid)
        return detached.count < 2
    }
}

@Suite("GDBServerSession: fork, vfork and exec events")
struct ProcessEventTests {
    func session(_ features: String) -> SessionHarness<ForkingFakeTarget> {
        let h = SessionHarness(ForkingFakeTarget())
        h.exchange("$QStartNoAckMode#b0")
        h.exchange(frame("qSupported:" + features))
        return h
    }

    @Test func eventsAreAdvertisedOnlyWhenGDBOffersThemWithMultiprocess() {
        let h = SessionHarness(ForkingFakeTarget())
        h.exchange("$QStartNoAckMode#b0")
        let reply = h.exchange(frame("qSupported:multiprocess+;fork-events+;exec-events+"))
        #expect(reply.contains(";multiprocess+;fork-events+;exec-events+#"), "\(reply)")
        #expect(!reply.contains("vfork-events"))
        #expect(h.target.reported == [.fork, .exec])
        let single = SessionHarness(ForkingFakeTarget())
        let plain = single.exchange(frame("qSupported:fork-events+;vfork-events+"))
        #expect(!plain.contains("fork-events"), "fork: replies need pPID.TID ids: \(plain)")
        #expect(single.target.reported == [])
    }

    @Test func stopRepliesNameTheChildAndTheNewProgram() {
        let h = session("multiprocess+;fork-events+;vfork-events+;exec-events+")
        h.scriptedStops = [.forked(pid: 0x200, thread: 0x200), .vforked(pid: 0x200, thread: 0x200), .vforkDone, .execed]
        h.exchange(frame("vCont;c"))
        #expect(h.runUntilStop())
        #expect(h.output.take() == frame("T05thread:p100.100;fork:p200.200;"))
        h.exchange(frame("vCont;c"))
        #expect(h.runUntilStop())
        #expect(h.output.take() == frame("T05thread:p100.100;vfork:p200.200;"))
        h.exchange(frame("vCont;c"))
        #expect(h.runUntilStop())
        #expect(h.output.take() == frame("T05thread:p100.100;vforkdone:;"))
        h.exchange(frame("vCont;c"))
        #expect(h.runUntilStop())
        #expect(h.output.take() == frame("T05thread:p100.100;exec:" + hex("/bin/sh") + ";"))
        // Each thread is named with its own process.
        #expect(h.exchange(frame("qfThreadInfo")) == frame("mp100.100,p200.200"))
    }

    @Test func detachingOneProcessKeepsTheSessionUntilTheLast() {
        let h = session("multiprocess+;fork-events+")
        #expect(h.exchange(frame("D;200")) == "$OK#9a")
        #expect(h.session.state == .stopped)
        #expect(h.exchange(frame("D;100")) == "$OK#9a")
        #expect(h.session.state == .detached)
        #expect(h.target.detached == [0x200, 0x100])
    }

    @Test func stopRepliesParseProcessEvents() {
        for (text, reason) in [("T05fork:p200.201;thread:p100.100;", StopReason.forked(pid: 0x200, thread: 0x201)),
                               ("T05vfork:p200.200;", .vforked(pid: 0x200, thread: 0x200)),
                               ("T05vforkdone:;", .vforkDone), ("T05exec:2f62696e;", .execed)] {
            var payload = bytes(text)
            payload.withUnsafeMutableBufferPointer { buffer in
                #expect(StopReply.parse(buffer)?.reason == reason, "\(text)")
            }
        }
    }
}
