/// Reassembles RSP packets one byte at a time, for a UART interrupt handler as
/// much as for a socket (GDB manual, E.1 "Overview").
///
/// - `$` starts a packet (also in the middle of one, as gdb does: the partial
///   packet is dropped); `#` and two hex digits end it. The checksum is the
///   sum modulo 256 of the characters between them, as sent.
/// - Run-length encoding (`c*n`: `c` repeated `n - 29` more times) is expanded
///   here, below binary escaping, as gdb's `read_frame` does.
/// - Between packets, `+`, `-` and 0x03 are events; every other byte is
///   garbage and ignored.
/// - The payload goes into a caller-owned buffer; a payload that does not fit
///   is reported as `.overflow` once its frame ends, never written past the end.
public struct PacketDecoder {
    /// Where payloads are assembled; its size is the largest packet accepted.
    public let buffer: UnsafeMutableBufferPointer<UInt8>

    private enum State {
        case idle
        case payload
        case runLength
        case checksumHigh
        case checksumLow(UInt8)
    }

    private enum Flaw {
        case none
        case overflow
        case invalidRunLength
    }

    private var state = State.idle
    private var count = 0
    private var sum: UInt8 = 0
    private var flaw = Flaw.none

    public init(buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    /// The largest payload this decoder accepts.
    public var capacity: Int { buffer.count }

    /// Whether the decoder is between packets.
    public var isIdle: Bool {
        if case .idle = state { return true }
        return false
    }

    /// Forgets any partial packet.
    public mutating func reset() {
        state = .idle
    }

    /// Consumes one received byte; returns the event it completes, if any.
    public mutating func feed(_ byte: UInt8) -> PacketEvent? {
        switch state {
        case .idle:
            switch byte {
            case UInt8(ascii: "$"): start()
            case UInt8(ascii: "+"): return .ack
            case UInt8(ascii: "-"): return .nack
            case 0x03: return .interrupt
            default: break  // garbage between packets
            }
        case .payload:
            switch byte {
            case UInt8(ascii: "$"): start()
            case UInt8(ascii: "#"): state = .checksumHigh
            case UInt8(ascii: "*"):
                sum &+= byte
                if count == 0 { flaw = .invalidRunLength }
                state = .runLength
            default:
                sum &+= byte
                append(byte, times: 1)
            }
        case .runLength:
            switch byte {
            case UInt8(ascii: "$"):
                start()
            case UInt8(ascii: "#"):
                flaw = .invalidRunLength
                state = .checksumHigh
            default:
                sum &+= byte
                state = .payload
                // Counts run from ' ' (3 repeats) to '~' (97 repeats).
                guard byte >= 32, byte <= 126 else {
                    flaw = .invalidRunLength
                    break
                }
                if case .none = flaw, count > 0 {
                    append(buffer[count - 1], times: Int(byte) - 29)
                }
            }
        case .checksumHigh:
            if byte == UInt8(ascii: "$") { start(); break }
            state = .checksumLow(byte)
        case .checksumLow(let high):
            if byte == UInt8(ascii: "$") { start(); break }
            state = .idle
            return finish(high: high, low: byte)
        }
        return nil
    }

    private mutating func start() {
        state = .payload
        count = 0
        sum = 0
        flaw = .none
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8, times: Int) {
        guard case .none = flaw else { return }
        guard times <= buffer.count - count else {
            flaw = .overflow
            return
        }
        for _ in 0..<times {
            buffer[count] = byte
            count += 1
        }
    }

    /// A packet that cannot be used is reported as such whatever its
    /// checksum says: resending it would not help.
    private func finish(high: UInt8, low: UInt8) -> PacketEvent {
        switch flaw {
        case .overflow: return .overflow
        case .invalidRunLength: return .invalidRunLength
        case .none: break
        }
        let payload = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
        guard let h = HexDigits.value(of: high), let l = HexDigits.value(of: low), h << 4 | l == sum else {
            // An unreadable checksum counts as a wrong one.
            let received = (HexDigits.value(of: high) ?? 0) << 4 | (HexDigits.value(of: low) ?? 0)
            return .checksumError(payload, expected: sum, received: received)
        }
        return .packet(payload)
    }
}
