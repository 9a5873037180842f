/// The stub side of the GDB Remote Serial Protocol (GDB manual, Appendix E):
/// fed received bytes one at a time, it answers gdb's packets from a
/// `DebugTarget` and writes replies to a `ByteSink`.
///
/// Nothing is allocated per packet: received payloads are assembled in
/// `packetBuffer`, replies in `replyBuffer` (both owned by the caller and
/// outliving the session), and the last reply stays there for
/// retransmission after a `-`. It runs in an interrupt handler as well as
/// in a host loop. All-stop mode only.
public struct GDBServerSession<Target: DebugTarget, Output: ByteSink> {
    public var target: Target
    public var output: Output
    public internal(set) var state: SessionState
    /// After `QStartNoAckMode`: no `+`/`-` either way.
    public internal(set) var noAckMode = false
    /// The thread of `Hg` (registers, memory).
    public internal(set) var generalThread = ThreadID.any
    /// The thread of `Hc` (old-style resume packets).
    public internal(set) var continueThread = ThreadID.any
    /// What `qAttached` answers: 1 (attached to something that existed,
    /// so quitting gdb detaches) or 0 (gdb created it, so quitting kills).
    public var attachedToExisting = true
    /// After `!`: gdb uses extended-remote mode (`vRun`, `vAttach`, `vKill`),
    /// so the server should outlive the process it debugs.
    public internal(set) var extendedMode = false

    var decoder: PacketDecoder
    let replyBuffer: UnsafeMutableBufferPointer<UInt8>
    var lastReplyLength = 0
    var threadCursor = 0
    var peerReportsSoftwareBreaks = false
    var peerReportsHardwareBreaks = false
    /// Both sides agreed on `multiprocess+`: thread ids go out as `pPID.TID`.
    var multiprocess = false
    /// A packet received while running or detached, answered by `reportStop`.
    var pendingPacket: UnsafeMutableBufferPointer<UInt8>?

    /// `packetBuffer`'s size is the largest packet accepted (advertised as
    /// `PacketSize`; 16 KiB is a good size). `replyBuffer` should be a few
    /// bytes larger, so that `m` replies of half a packet fit.
    public init(target: Target, output: Output, packetBuffer: UnsafeMutableBufferPointer<UInt8>,
                replyBuffer: UnsafeMutableBufferPointer<UInt8>, state: SessionState = .stopped) {
        precondition(packetBuffer.count >= 256 && replyBuffer.count >= 256, "RSP buffers need at least 256 bytes")
        self.target = target
        self.output = output
        self.decoder = PacketDecoder(buffer: packetBuffer)
        self.replyBuffer = replyBuffer
        self.state = state
    }

    /// The largest packet payload accepted.
    public var packetSize: Int { decoder.capacity }

    /// Consumes one byte from gdb; returns what the caller must do, if anything.
    public mutating func receive(_ byte: UInt8) -> SessionEvent? {
        guard let event = decoder.feed(byte) else { return nil }
        switch event {
        case .ack:
            return nil
        case .nack:
            if !noAckMode && state != .detached { retransmit() }
            return nil
        case .interrupt:
            return state == .running ? .stopRequested : nil
        case .packet(let payload):
            return received(payload)
        case .checksumError(let payload, _, _):
            // gdbserver processes a bad packet in no-ack mode: nobody would resend it.
            if noAckMode && state == .stopped { return received(payload) }
            output.write(UInt8(ascii: "-"))
            return nil
        case .invalidRunLength:
            if !noAckMode { output.write(UInt8(ascii: "-")) }
            return nil
        case .overflow:
            guard state == .stopped else { return nil }
            acknowledge()
            sendError(.invalid)
            return nil
        }
    }

    /// Tells the session the target stopped (after `.resumed` or
    /// `.stopRequested`, or on its own, e.g. a breakpoint hit with no
    /// debugger attached). Sends the stop reply gdb waits for, or answers the
    /// packet that asked for the stop.
    @discardableResult
    public mutating func reportStop(_ reason: StopReason) -> SessionEvent? {
        let wasRunning = state == .running
        state = .stopped
        if let pending = pendingPacket {
            pendingPacket = nil
            acknowledge()
            return dispatch(pending)
        }
        if wasRunning { sendStopReply(reason) }
        return nil
    }

    private mutating func received(_ payload: UnsafeMutableBufferPointer<UInt8>) -> SessionEvent? {
        guard state == .stopped else {
            // In all-stop mode gdb sends nothing but 0x03 while the target
            // runs, so a packet now comes from a debugger that just connected.
            pendingPacket = payload
            resetConnection()
            return .stopRequested
        }
        acknowledge()
        return dispatch(payload)
    }

    /// Forgets what the last debugger negotiated.
    mutating func resetConnection() {
        noAckMode = false
        generalThread = .any
        continueThread = .any
        peerReportsSoftwareBreaks = false
        peerReportsHardwareBreaks = false
        extendedMode = false
        if multiprocess { target._reportProcessEvents([]) }
        multiprocess = false
        lastReplyLength = 0
    }

    mutating func acknowledge() {
        if !noAckMode { output.write(UInt8(ascii: "+")) }
    }

    private mutating func retransmit() {
        guard lastReplyLength > 0 else { return }
        output.write(UnsafeBufferPointer(rebasing: replyBuffer[0..<lastReplyLength]))
    }

    /// Thread `id` as this connection writes it (`pPID.TID` in multiprocess mode).
    func threadID(_ id: UInt64) -> ThreadID {
        multiprocess ? ThreadID(process: .id(target._processID(ofThread: id)), thread: .id(id)) : ThreadID(id)
    }

    /// A writer for the next reply, in the reply buffer.
    func makeReply() -> PacketWriter { PacketWriter(buffer: replyBuffer) }

    /// Frames and sends a reply; a reply that overflowed becomes `E01`.
    mutating func send(_ writer: inout PacketWriter) {
        guard let packet = writer.finish() else {
            sendError(.failed)
            return
        }
        lastReplyLength = packet.count
        output.write(packet)
    }

    mutating func sendEmpty() {
        var w = makeReply()
        send(&w)
    }

    mutating func sendOK() {
        var w = makeReply()
        w.appendOK()
        send(&w)
    }

    mutating func sendError(_ code: RemoteErrorCode) {
        var w = makeReply()
        w.appendError(code)
        send(&w)
    }

    /// Answers a failed target operation; a fatal error detaches the session.
    mutating func sendFailure(_ error: TargetError) -> SessionEvent? {
        switch error {
        case .unsupported:
            sendEmpty()
            return nil
        case .failed(let code):
            sendError(code)
            return nil
        case .fatal:
            sendError(.failed)
            state = .detached
            resetConnection()
            return .failed
        }
    }
}
