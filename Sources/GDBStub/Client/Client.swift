/// The debugger side of the GDB Remote Serial Protocol (GDB manual, Appendix
/// E), for host tools such as kdbg: sends a command, waits for its reply,
/// and handles acks, nacks and retransmission on the way. Requests are sent
/// without run-length encoding (as gdb does); replies may use it.
///
/// A class because it owns its packet buffers and one connection's state.
public final class GDBClient<Channel: ByteChannel> {
    public var channel: Channel
    /// After `QStartNoAckMode` was accepted: no `+`/`-` either way.
    public internal(set) var noAckMode = false
    /// What the stub announced in qSupported (after `connect`).
    public internal(set) var remoteFeatures: RemoteFeatures?
    /// Receives `O` console output packets that arrive while the target runs.
    public var consoleOutput: (([UInt8]) -> Void)?
    /// How often a nacked packet is sent again before giving up.
    public var maximumRetransmissions = 8

    let outbound: UnsafeMutableBufferPointer<UInt8>
    var outboundLength = 0
    var decoder: PacketDecoder
    var pendingReply: [UInt8]?

    /// `packetCapacity` bounds both the requests and the replies handled.
    public init(channel: Channel, packetCapacity: Int = 0x10000) {
        self.channel = channel
        outbound = .allocate(capacity: packetCapacity + 4)
        decoder = PacketDecoder(buffer: .allocate(capacity: packetCapacity))
    }

    deinit {
        outbound.deallocate()
        decoder.buffer.deallocate()
    }

    /// The largest packet payload both sides accept.
    public var packetSize: Int {
        min(decoder.capacity, remoteFeatures?.packetSize ?? 400)
    }

    /// Builds a packet with `build`, sends it and waits for its ack.
    public func send(_ build: (inout PacketWriter) -> Void) throws(ClientError) {
        var writer = PacketWriter(buffer: outbound)
        build(&writer)
        guard let packet = writer.finish(runLength: false) else { throw .requestTooLarge }
        outboundLength = packet.count
        channel.write(packet)
        try awaitAck()
    }

    /// Sends a packet whose payload is `text`.
    public func send(_ text: String) throws(ClientError) {
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { (bytes) throws(ClientError) in try send { $0.append(bytes) } }
    }

    /// Sends a raw byte outside any packet (0x03 to interrupt).
    public func sendOutOfBand(_ byte: UInt8) {
        channel.write(byte)
    }

    /// Waits for the next packet and acks it; returns its payload.
    public func receive() throws(ClientError) -> [UInt8] {
        if let reply = pendingReply {
            pendingReply = nil
            return reply
        }
        while true {
            guard let byte = channel.readByte() else { throw .disconnected }
            guard let event = decoder.feed(byte) else { continue }
            switch event {
            case .packet(let payload):
                if !noAckMode { channel.write(UInt8(ascii: "+")) }
                return Array(payload)
            case .checksumError(let payload, _, _):
                if noAckMode { return Array(payload) }
                channel.write(UInt8(ascii: "-"))
            case .invalidRunLength:
                if !noAckMode { channel.write(UInt8(ascii: "-")) }
            case .overflow:
                if !noAckMode { channel.write(UInt8(ascii: "+")) }
                throw .replyTooLarge
            case .nack:
                if !noAckMode { retransmit() }
            case .ack, .interrupt:
                continue
            }
        }
    }

    /// Sends a request and returns its reply.
    public func request(_ build: (inout PacketWriter) -> Void) throws(ClientError) -> [UInt8] {
        try send(build)
        return try receive()
    }

    public func request(_ text: String) throws(ClientError) -> [UInt8] {
        try send(text)
        return try receive()
    }

    /// Sends a request whose reply is `OK`; throws for `E NN` or the empty reply.
    public func command(_ build: (inout PacketWriter) -> Void) throws(ClientError) {
        try expectOK(try request(build))
    }

    public func command(_ text: String) throws(ClientError) {
        try expectOK(try request(text))
    }

    func expectOK(_ reply: [UInt8]) throws(ClientError) {
        let status = reply.withUnsafeBufferPointer { StatusReply.parse($0) }
        switch status {
        case .ok: return
        case .error(let code): throw .remote(code)
        case .unsupported: throw .unsupported
        case nil: throw .unexpectedReply(reply)
        }
    }

    /// Throws for `E NN` and the empty reply; returns other replies.
    func checked(_ reply: [UInt8]) throws(ClientError) -> [UInt8] {
        if reply.isEmpty { throw .unsupported }
        if let status = reply.withUnsafeBufferPointer({ StatusReply.parse($0) }), case .error(let code) = status {
            throw .remote(code)
        }
        return reply
    }

    private func retransmit() {
        guard outboundLength > 0 else { return }
        channel.write(UnsafeBufferPointer(rebasing: outbound[0..<outboundLength]))
    }

    /// In ack mode, waits for `+`, resending the packet on each `-`. A reply
    /// that arrives first counts as an ack (the `+` was lost) and is kept.
    private func awaitAck() throws(ClientError) {
        guard !noAckMode else { return }
        var retransmissions = 0
        while true {
            guard let byte = channel.readByte() else { throw .disconnected }
            guard let event = decoder.feed(byte) else { continue }
            switch event {
            case .ack:
                return
            case .nack:
                retransmissions += 1
                guard retransmissions <= maximumRetransmissions else { throw .notAcknowledged }
                retransmit()
            case .packet(let payload):
                channel.write(UInt8(ascii: "+"))
                pendingReply = Array(payload)
                return
            case .checksumError, .invalidRunLength:
                channel.write(UInt8(ascii: "-"))
            case .overflow:
                throw .replyTooLarge
            case .interrupt:
                continue
            }
        }
    }
}
