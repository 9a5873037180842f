/// Builds one framed packet, `$payload#xx`, in a caller-owned buffer (GDB
/// manual, E.1 "Overview"). The payload is written with the append methods;
/// `finish` run-length encodes it in place and adds the checksum. Writing
/// past the buffer sets `overflowed` instead of writing; `finish` then
/// returns `nil`.
public struct PacketWriter {
    public let buffer: UnsafeMutableBufferPointer<UInt8>
    /// Bytes written so far, `$` included.
    public private(set) var count = 0
    public private(set) var overflowed = false

    /// Starts a packet: the buffer needs room for `$`, the payload and `#xx`.
    public init(buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
        if buffer.count >= 4 {
            buffer[0] = UInt8(ascii: "$")
            count = 1
        } else {
            overflowed = true
        }
    }

    /// Payload bytes that still fit, keeping room for `#xx`.
    public var remainingCapacity: Int { overflowed ? 0 : max(0, buffer.count - count - 3) }

    /// Payload written so far (before run-length encoding).
    public var payload: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: buffer[min(1, count)..<count])
    }

    /// Appends one payload character as is. It must not be `$`, `#`, or `*`;
    /// `}` only as an escape.
    @inline(__always)
    public mutating func append(_ byte: UInt8) {
        guard remainingCapacity > 0 else { overflowed = true; return }
        buffer[count] = byte
        count += 1
    }

    public mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { for byte in $0 { append(byte) } }
    }

    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes { append(byte) }
    }

    /// Appends a byte as two hex digits.
    @inline(__always)
    public mutating func appendHex(_ byte: UInt8) {
        append(HexDigits.digit(byte >> 4))
        append(HexDigits.digit(byte))
    }

    /// Appends a number in hex with no leading zeros (`0` for zero).
    public mutating func appendHex(number value: UInt64) {
        var shift = 60
        while shift > 0 && (value >> UInt64(shift)) == 0 { shift -= 4 }
        while shift >= 0 {
            append(HexDigits.digit(UInt8(truncatingIfNeeded: value >> UInt64(shift))))
            shift -= 4
        }
    }

    /// Appends every byte of `bytes` as two hex digits.
    public mutating func appendHex(bytes: UnsafeRawBufferPointer) {
        for byte in bytes { appendHex(byte) }
    }

    /// Appends a byte of binary data, escaped if needed.
    @inline(__always)
    public mutating func appendEscaped(_ byte: UInt8) {
        if BinaryEscape.needsEscape(byte) {
            append(BinaryEscape.escapeCharacter)
            append(byte ^ 0x20)
        } else {
            append(byte)
        }
    }

    /// Room for raw bytes that `appendHexOfRawTail` or `appendEscapedRawTail`
    /// will then encode in place: `maximum` bytes at most, and no more than
    /// half the remaining capacity (encoding at most doubles them). Lets a
    /// target write memory straight into the reply buffer.
    public func rawTail(maximum: Int) -> UnsafeMutableRawBufferPointer {
        let n = max(0, min(maximum, remainingCapacity / 2))
        return UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[(count + n)..<(count + 2 * n)])
    }

    /// Hex-encodes the first `used` bytes of the region `rawTail(maximum:)`
    /// returned (called with the same `maximum`, nothing appended between).
    public mutating func appendHexOfRawTail(maximum: Int, used: Int) {
        let n = max(0, min(maximum, remainingCapacity / 2))
        let base = count + n
        // Byte i sits at base + i and is read before 2i and 2i+1 are written;
        // later bytes sit past 2i+1 (base >= count + i + 1 while i < n).
        for i in 0..<min(used, n) {
            let byte = buffer[base + i]
            buffer[count] = HexDigits.digit(byte >> 4)
            buffer[count + 1] = HexDigits.digit(byte)
            count += 2
        }
    }

    /// Escapes the first `used` bytes of the region `rawTail(maximum:)` returned,
    /// like `appendHexOfRawTail`. An escaped byte takes two bytes, never more.
    public mutating func appendEscapedRawTail(maximum: Int, used: Int) {
        let n = max(0, min(maximum, remainingCapacity / 2))
        let base = count + n
        for i in 0..<min(used, n) {
            let byte = buffer[base + i]
            if BinaryEscape.needsEscape(byte) {
                buffer[count] = BinaryEscape.escapeCharacter
                buffer[count + 1] = byte ^ 0x20
                count += 2
            } else {
                buffer[count] = byte
                count += 1
            }
        }
    }

    /// Ends the packet: run-length encodes the payload in place (unless
    /// `runLength` is false), appends `#` and the checksum, and returns the
    /// framed bytes, or `nil` if the payload did not fit.
    public mutating func finish(runLength: Bool = true) -> UnsafeBufferPointer<UInt8>? {
        guard !overflowed, buffer.count - count >= 3 else { return nil }
        if runLength {
            let payload = UnsafeMutableBufferPointer(rebasing: buffer[1..<count])
            count = 1 + RunLengthEncoding.compressInPlace(payload)
        }
        var sum: UInt8 = 0
        for i in 1..<count { sum &+= buffer[i] }
        buffer[count] = UInt8(ascii: "#")
        buffer[count + 1] = HexDigits.digit(sum >> 4)
        buffer[count + 2] = HexDigits.digit(sum)
        count += 3
        return UnsafeBufferPointer(rebasing: buffer[0..<count])
    }

    /// Ends the packet like `finish` and writes it to `sink`; returns false
    /// (writing nothing) if the payload did not fit.
    @discardableResult
    public mutating func finish<Sink: ByteSink>(sendingTo sink: inout Sink, runLength: Bool = true) -> Bool {
        guard let packet = finish(runLength: runLength) else { return false }
        sink.write(packet)
        return true
    }
}
