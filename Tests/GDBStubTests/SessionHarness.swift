import GDBStub

/// A server session over a fake target, owning its buffers, that plays the
/// part of the machine: when the session says the target resumed it runs
/// until the next scripted stop; when the debugger asks it to stop, it stops.
final class SessionHarness<Target: DebugTarget> {
    let packetBuffer: Buffer
    let replyBuffer: Buffer
    let output = ByteQueue()
    var session: GDBServerSession<Target, ByteQueue>
    var events: [SessionEvent] = []
    /// Stops the target reaches on its own after a resume, in order.
    var scriptedStops: [StopReason] = []
    /// Bytes from the debugger to corrupt (index into the stream of bytes received).
    var corruptIncoming: Set<Int> = []
    var receivedCount = 0
    /// Whether an interrupt must be answered by stopping at once.
    var stopOnRequest = true

    init(_ target: Target, packetSize: Int = 0x4000, replySize: Int = 0x4000 + 4, state: SessionState = .stopped) {
        packetBuffer = Buffer(packetSize)
        replyBuffer = Buffer(replySize)
        session = GDBServerSession(target: target, output: output, packetBuffer: packetBuffer.pointer,
                                   replyBuffer: replyBuffer.pointer, state: state)
    }

    var target: Target { session.target }

    /// Feeds bytes, handles events, returns what the session wrote since
    /// the last call.
    @discardableResult
    func exchange(_ input: [UInt8]) -> String {
        deliver(input)
        return output.take()
    }

    @discardableResult
    func exchange(_ input: String) -> String { exchange(bytes(input)) }

    /// Feeds bytes and handles events; the output stays queued.
    func deliver(_ input: [UInt8]) {
        for var byte in input {
            if corruptIncoming.contains(receivedCount) { byte ^= 0x01 }
            receivedCount += 1
            guard let event = session.receive(byte) else { continue }
            events.append(event)
            if event == .stopRequested && stopOnRequest {
                session.reportStop(.signal(.interrupt))
            }
        }
    }

    /// Lets a running target reach its next scripted stop.
    func runUntilStop() -> Bool {
        guard session.state == .running, !scriptedStops.isEmpty else { return false }
        session.reportStop(scriptedStops.removeFirst())
        return true
    }
}

/// The client's end of an in-memory connection to a `SessionHarness`.
struct LoopbackChannel<Target: DebugTarget>: ByteChannel {
    let harness: SessionHarness<Target>
    /// Bytes from the stub to corrupt (index into the stream the client reads).
    var corruptOutgoing: Set<Int> = []
    var readCount = 0

    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        harness.deliver(Array(bytes))
    }

    mutating func readByte() -> UInt8? {
        if harness.output.readIndex >= harness.output.bytes.count {
            _ = harness.runUntilStop()
        }
        guard var byte = harness.output.readByte() else { return nil }
        if corruptOutgoing.contains(readCount) { byte ^= 0x01 }
        readCount += 1
        return byte
    }
}
