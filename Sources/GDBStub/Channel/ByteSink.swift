/// Where a session or client writes the bytes it sends: a UART in the kernel,
/// a socket or pipe on the host, a queue in tests.
public protocol ByteSink {
    /// Sends `bytes` in order. A sink that can fail drops the bytes; the
    /// protocol recovers through retransmission or the peer's timeout.
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>)
    /// Sends one byte (an ack, a nack or the interrupt byte).
    mutating func write(_ byte: UInt8)
}

extension ByteSink {
    public mutating func write(_ byte: UInt8) {
        var copy = byte
        withUnsafeMutablePointer(to: &copy) { write(UnsafeBufferPointer(start: $0, count: 1)) }
    }
}

/// A two-way byte stream the client side reads replies from.
public protocol ByteChannel: ByteSink {
    /// The next byte from the peer, waiting for it as long as the channel's own
    /// timeout allows; `nil` when the peer is gone or the wait timed out.
    mutating func readByte() -> UInt8?
}
