import Testing
@testable import GDBStub

/// A process-like target with the capabilities a ptrace server uses:
/// qXfer objects, QCatchSyscalls, per-thread vCont, extended-remote and
/// multiprocess thread ids.
struct ProcessFakeTarget: DebugTarget, ThreadList, ObjectTransfer, SyscallCatching, ThreadResume, ExtendedRemote,
    Multiprocess
{
    var stopReason = StopReason.signal(.trap)
    var threadIDs: [UInt64] = [0x100, 0x101]
    var currentThread: UInt64 = 0x100
    var processID: UInt64 = 0x100
    var caught: (enabled: Bool, all: Bool, numbers: [UInt64])?
    var vContActions: [VContAction] = []
    var runs: [[String]] = []
    var attached: [UInt64] = []
    var killedProcesses: [UInt64] = []
    static let auxv: [UInt8] = (0..<40).map { UInt8($0) }

    mutating func readRegisters(into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int { 0 }
    mutating func writeRegisters(_ bytes: UnsafeRawBufferPointer) throws(TargetError) {}
    mutating func readMemory(at address: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int { 0 }
    mutating func writeMemory(at address: UInt64, from bytes: UnsafeRawBufferPointer) -> Int { 0 }
    mutating func resume(_ action: ResumeAction) throws(TargetError) { Issue.record("single-action resume used") }

    func thread(at index: Int) -> UInt64? { index < threadIDs.count ? threadIDs[index] : nil }
    mutating func selectThread(_ id: UInt64, for operation: ThreadOperation) throws(TargetError) {}

    static var transferObjects: TransferObjects { [TransferObjects(.auxv), TransferObjects(.execFile)] }
    mutating func readObject(_ object: TransferObject, annex: UnsafeBufferPointer<UInt8>, offset: Int,
                             into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        let document: [UInt8] = object == .auxv ? Self.auxv : Array("/bin/prog".utf8)
        guard offset < document.count else { return 0 }
        let n = min(buffer.count, document.count - offset)
        document.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + n)])) }
        return n
    }

    mutating func catchSyscalls(_ request: CatchSyscallsRequest) throws(TargetError) {
        caught = (request.enabled, request.catchesAll, Array(request.numbers))
    }

    mutating func resume(_ actions: VContActionList) throws(TargetError) { vContActions = Array(actions) }

    mutating func run(_ arguments: RunArguments) throws(TargetError) -> StopReason {
        runs.append(arguments.map { String(decoding: $0, as: UTF8.self) })
        return .signal(.trap)
    }

    mutating func attach(to pid: UInt64) throws(TargetError) -> StopReason {
        guard pid != 0x999 else { throw .failed(.failed) }
        attached.append(pid)
        return .signal(GDBSignal(17))
    }

    mutating func killProcess(_ pid: UInt64) throws(TargetError) { killedProcesses.append(pid) }
}

@Suite("GDBServerSession: process capabilities (qXfer objects, syscalls, vCont, extended-remote, multiprocess)")
struct ProcessCapabilityTests {
    func session(multiprocess: Bool = true) -> SessionHarness<ProcessFakeTarget> {
        let h = SessionHarness(ProcessFakeTarget())
        h.exchange("$QStartNoAckMode#b0")
        h.exchange(frame("qSupported:" + (multiprocess ? "multiprocess+;" : "") + "swbreak+"))
        return h
    }

    @Test func supportedAdvertisesTheCapabilities() {
        let h = SessionHarness(ProcessFakeTarget())
        let reply = replies(h.exchange(frame("qSupported:multiprocess+;swbreak+")))
        guard case .packet(let features) = reply.last else {
            Issue.record("no reply: \(reply)")
            return
        }
        #expect(features.contains(";qXfer:auxv:read+;qXfer:exec-file:read+"))
        #expect(!features.contains("libraries-svr4"))
        #expect(features.contains(";QCatchSyscalls+"))
        #expect(features.contains(";multiprocess+"))
        // The kernel-like FakeTarget has none of them.
        let plain = SessionHarness(FakeTarget())
        guard case .packet(let kernel) = replies(plain.exchange(frame("qSupported:multiprocess+"))).last else { return }
        #expect(!kernel.contains("multiprocess") && !kernel.contains("QCatchSyscalls") && !kernel.contains("auxv"))
    }

    @Test func transferObjectsAreServedInPieces() {
        let h = session()
        // 16 of the 40 bytes (none of them needs escaping), more to come: `m`.
        #expect(h.exchange(frame("qXfer:auxv:read::0,10")) == frame("m" + String(decoding: (0..<16).map { UInt8($0) }, as: UTF8.self)))
        #expect(h.exchange(frame("qXfer:auxv:read::28,10")) == frame("l"))
        #expect(h.exchange(frame("qXfer:exec-file:read:100:0,1000")) == frame("l/bin/prog"))
        #expect(h.exchange(frame("qXfer:exec-file:read:100:9,1000")) == frame("l"))
        // Not served: empty reply, so gdb falls back.
        #expect(h.exchange(frame("qXfer:libraries-svr4:read::0,1000")) == frame(""))
        #expect(h.exchange(frame("qXfer:auxv:read::0")) == "$E22#a9")
    }

    @Test func catchSyscallsAndTheirStopReplies() throws {
        let h = session()
        #expect(h.exchange(frame("QCatchSyscalls:1;1;e7")) == "$OK#9a")
        #expect(h.target.caught?.enabled == true && h.target.caught?.all == false)
        #expect(h.target.caught?.numbers == [1, 0xe7])
        #expect(h.exchange(frame("QCatchSyscalls:1")) == "$OK#9a")
        #expect(h.target.caught?.all == true)
        #expect(h.exchange(frame("QCatchSyscalls:0")) == "$OK#9a")
        #expect(h.target.caught?.enabled == false)
        #expect(h.exchange(frame("QCatchSyscalls:1;zz")) == "$E22#a9")
        h.scriptedStops = [.syscallEntry(1), .syscallReturn(1)]
        h.exchange(frame("vCont;c"))
        #expect(h.runUntilStop())
        #expect(h.output.take() == frame("T05thread:p100.100;syscall_entry:1;"))
        h.exchange(frame("vCont;c"))
        #expect(h.runUntilStop())
        #expect(h.output.take() == frame("T05thread:p100.100;syscall_return:1;"))
    }

    @Test func stopRepliesParseSyscallReasons() {
        var payload = bytes("T05thread:p100.100;syscall_return:e7;")
        payload.withUnsafeMutableBufferPointer { buffer in
            #expect(StopReply.parse(buffer)?.reason == .syscallReturn(0xe7))
        }
    }

    @Test func vContActionsReachTheTargetWhole() {
        let h = session()
        h.exchange(frame("vCont;s:p100.101;c:p100.-1"))
        #expect(h.session.state == .running)
        let actions = h.target.vContActions
        #expect(actions.count == 2)
        #expect(actions.first?.kind == .step && actions.first?.thread?.specificID == 0x101)
        #expect(actions.last?.kind == .continue && actions.last?.thread?.specificID == nil)
    }

    @Test func multiprocessThreadIDsAndExitReplies() {
        let h = session()
        #expect(h.exchange(frame("qC")) == frame("QCp100.100"))
        #expect(h.exchange(frame("qfThreadInfo")) == frame("mp100.100,p100.101"))
        #expect(h.exchange(frame("qsThreadInfo")) == frame("l"))
        h.scriptedStops = [.exited(3)]
        h.exchange(frame("vCont;c"))
        #expect(h.runUntilStop())
        #expect(h.output.take() == frame("W03;process:100"))
        // Without multiprocess from gdb: plain ids.
        let plain = session(multiprocess: false)
        #expect(plain.exchange(frame("qfThreadInfo")) == frame("m100,101"))
    }

    @Test func extendedRemoteRunAttachKill() {
        let h = session()
        #expect(h.exchange(frame("!")) == "$OK#9a")
        #expect(h.session.extendedMode)
        #expect(h.exchange(frame("vRun;" + hex("/bin/prog") + ";" + hex("-x") + ";;" + hex("a b"))) == frame("T05thread:p100.100;"))
        #expect(h.target.runs.last == ["/bin/prog", "-x", "", "a b"])
        #expect(h.exchange(frame("qAttached")) == frame("0"))
        h.exchange(frame("vRun;"))
        #expect(h.target.runs.last == [])
        #expect(h.exchange(frame("vAttach;1234")) == frame("T11thread:p100.100;"))
        #expect(h.target.attached == [0x1234])
        #expect(h.exchange(frame("qAttached")) == frame("1"))
        #expect(h.exchange(frame("vAttach;999")) == "$E01#a6")
        #expect(h.exchange(frame("vKill;1234")) == "$OK#9a")
        #expect(h.target.killedProcesses == [0x1234])
        #expect(h.exchange(frame("vRun;6")) == "$E22#a9", "an odd number of hex digits is malformed")
        #expect(h.exchange(frame("vAttach;0")) == "$E22#a9")
    }

    @Test func extendedPacketsWithoutTheCapabilityGetTheEmptyReply() {
        let h = SessionHarness(FakeTarget())
        h.exchange("$QStartNoAckMode#b0")
        #expect(h.exchange(frame("vRun;" + hex("/bin/prog"))) == frame(""))
        #expect(h.exchange(frame("vAttach;1")) == frame(""))
        #expect(h.exchange(frame("QCatchSyscalls:1")) == frame(""))
        #expect(h.exchange(frame("qXfer:auxv:read::0,100")) == frame(""))
    }
}

/// A target whose host files are a dictionary.
struct FileFakeTarget: DebugTarget, HostFileIO {
    var stopReason = StopReason.signal(.trap)
    var files: [String: [UInt8]] = ["/etc/motd": Array("hello #$}* world".utf8)]
    var open: [Int64: [UInt8]] = [:]
    var fileSystem: UInt64 = 0

    mutating func readRegisters(into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int { 0 }
    mutating func writeRegisters(_ bytes: UnsafeRawBufferPointer) throws(TargetError) {}
    mutating func readMemory(at address: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int { 0 }
    mutating func writeMemory(at address: UInt64, from bytes: UnsafeRawBufferPointer) -> Int { 0 }
    mutating func resume(_ action: ResumeAction) throws(TargetError) {}

    mutating func openFile(_ path: UnsafeBufferPointer<UInt8>, flags: UInt64, mode: UInt64) -> HostIOResult {
        guard let bytes = files[String(decoding: path, as: UTF8.self)] else { return .error(2) }
        let fd = Int64(open.count + 3)
        open[fd] = bytes
        return .value(fd)
    }

    mutating func readFile(_ fd: Int64, at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> HostIOResult {
        guard let bytes = open[fd] else { return .error(9) }
        guard offset < UInt64(bytes.count) else { return .value(0) }
        let n = min(buffer.count, bytes.count - Int(offset))
        bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[Int(offset)..<(Int(offset) + n)])) }
        return .value(Int64(n))
    }

    mutating func closeFile(_ fd: Int64) -> HostIOResult { open.removeValue(forKey: fd) == nil ? .error(9) : .value(0) }

    mutating func readLink(_ path: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableRawBufferPointer) -> HostIOResult {
        let target = Array("/usr/bin/prog".utf8)
        buffer.copyBytes(from: target)
        return .value(Int64(target.count))
    }

    mutating func setFileSystem(_ pid: UInt64) -> HostIOResult {
        fileSystem = pid
        return .value(0)
    }
}

@Suite("GDBServerSession: host I/O (vFile)")
struct HostIOTests {
    @Test func openReadCloseReadlinkSetfs() {
        let h = SessionHarness(FileFakeTarget())
        h.exchange("$QStartNoAckMode#b0")
        #expect(h.exchange(frame("vFile:setfs:1f")) == frame("F0"))
        #expect(h.target.fileSystem == 0x1f)
        #expect(h.exchange(frame("vFile:open:" + hex("/etc/motd") + ",0,1c0")) == frame("F3"))
        // Binary data, escaped: `#`, `$`, `}`, `*` become `}` + byte ^ 0x20.
        #expect(h.exchange(frame("vFile:pread:3,8,4")) == frame("F8;o }\u{03}}\u{04}}]}\n w"))
        #expect(h.exchange(frame("vFile:pread:3,100,100")) == frame("F0;"))
        #expect(h.exchange(frame("vFile:close:3")) == frame("F0"))
        #expect(h.exchange(frame("vFile:close:3")) == frame("F-1,9"))
        #expect(h.exchange(frame("vFile:open:" + hex("/nope") + ",0,0")) == frame("F-1,2"))
        #expect(h.exchange(frame("vFile:readlink:" + hex("/proc/1/exe"))) == frame("Fd;/usr/bin/prog"))
        // Operations not offered, and unparsable arguments: the empty reply.
        #expect(h.exchange(frame("vFile:unlink:" + hex("/etc/motd"))) == frame(""))
        #expect(h.exchange(frame("vFile:pread:zz")) == frame(""))
    }

    @Test func withoutTheCapabilityEveryVFileGetsTheEmptyReply() {
        let h = SessionHarness(FakeTarget())
        h.exchange("$QStartNoAckMode#b0")
        #expect(h.exchange(frame("vFile:open:" + hex("/etc/motd") + ",0,0")) == frame(""))
        #expect(h.exchange(frame("vFile:setfs:0")) == frame(""))
    }
}
