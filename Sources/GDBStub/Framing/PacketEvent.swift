/// What one byte fed to a `PacketDecoder` completed.
///
/// Payload buffers are borrowed from the decoder's buffer: they stay valid
/// until the next byte is fed. Callers may rewrite them in place (hex
/// decoding, unescaping), which is why they are mutable.
public enum PacketEvent {
    /// `$payload#xx` with a correct checksum; run-length encoding expanded,
    /// binary escapes left for the packet's parser.
    case packet(UnsafeMutableBufferPointer<UInt8>)
    /// A complete packet whose checksum did not match. A receiver in ack mode
    /// nacks it; in no-ack mode gdbserver processes it anyway.
    case checksumError(UnsafeMutableBufferPointer<UInt8>, expected: UInt8, received: UInt8)
    /// A complete packet whose payload did not fit the buffer (whatever its
    /// checksum). Nothing of it is kept.
    case overflow
    /// A complete packet with a run-length count that is not allowed (no
    /// previous character, or a count character outside `space`...`~`).
    case invalidRunLength
    /// `+` between packets: the peer received our last packet.
    case ack
    /// `-` between packets: the peer wants our last packet again.
    case nack
    /// The byte 0x03 between packets: the peer asks a running target to stop
    /// (E.8 "Interrupts").
    case interrupt
}
