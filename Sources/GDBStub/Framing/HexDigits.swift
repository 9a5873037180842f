/// Hexadecimal text as RSP uses it: numbers in big-endian digit order with no
/// prefix, byte strings as two lowercase digits per byte (GDB manual,
/// Appendix E.1 "Overview": "hex-encoded").
public enum HexDigits {
    /// The value of one hex digit (either case), or `nil`.
    @inline(__always)
    public static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit &- UInt8(ascii: "A") &+ 10
        default: return nil
        }
    }

    /// The lowercase digit for the low four bits of `nibble`.
    @inline(__always)
    public static func digit(_ nibble: UInt8) -> UInt8 {
        let n = nibble & 0xf
        return n < 10 ? UInt8(ascii: "0") &+ n : UInt8(ascii: "a") &+ (n &- 10)
    }

    /// Decodes `bytes` (an even number of hex digits) into its own first half
    /// and returns the decoded bytes, or `nil` when a digit is invalid or the
    /// count is odd. Used for `G`, `M`, `P` and `qRcmd`, which carry hex data
    /// that is only needed decoded.
    public static func decodeInPlace(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> UnsafeMutableBufferPointer<UInt8>? {
        guard bytes.count % 2 == 0 else { return nil }
        let n = bytes.count / 2
        for i in 0..<n {
            guard let high = value(of: bytes[2 * i]), let low = value(of: bytes[2 * i + 1]) else { return nil }
            bytes[i] = high << 4 | low
        }
        return UnsafeMutableBufferPointer(rebasing: bytes[0..<n])
    }
}
