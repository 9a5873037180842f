/// A cursor over a received payload, for the packet parsers. Every method
/// that fails leaves the cursor where it was.
public struct PayloadScanner {
    public let bytes: UnsafeMutableBufferPointer<UInt8>
    public private(set) var index = 0

    public init(_ bytes: UnsafeMutableBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    public var isAtEnd: Bool { index >= bytes.count }

    public func peek() -> UInt8? { isAtEnd ? nil : bytes[index] }

    /// Consumes `byte` if it comes next.
    public mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    /// Consumes `prefix` if the payload continues with it.
    public mutating func consume(_ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard bytes.count - index >= n else { return false }
        let matches = prefix.withUTF8Buffer { p in
            var i = 0
            while i < n, p[i] == bytes[index + i] { i += 1 }
            return i == n
        }
        if matches { index += n }
        return matches
    }

    /// Whether the remaining bytes are exactly `text`.
    public func restEquals(_ text: StaticString) -> Bool {
        var copy = self
        return copy.consume(text) && copy.isAtEnd
    }

    /// Consumes one byte, whatever it is.
    public mutating func next() -> UInt8? {
        guard let byte = peek() else { return nil }
        index += 1
        return byte
    }

    /// A hex number of at least one digit that fits 64 bits.
    public mutating func hexNumber() -> UInt64? {
        var value: UInt64 = 0
        var i = index
        while i < bytes.count, let digit = HexDigits.value(of: bytes[i]) {
            guard value >> 60 == 0 else { return nil }
            value = value << 4 | UInt64(digit)
            i += 1
        }
        guard i > index else { return nil }
        index = i
        return value
    }

    /// A hex number that fits `Int` (lengths, register numbers, offsets).
    public mutating func hexInt() -> Int? {
        let saved = index
        guard let value = hexNumber(), value <= UInt64(Int.max) else { index = saved; return nil }
        return Int(value)
    }

    /// Two hex digits (signal numbers).
    public mutating func hexByte() -> UInt8? {
        guard bytes.count - index >= 2,
              let high = HexDigits.value(of: bytes[index]), let low = HexDigits.value(of: bytes[index + 1])
        else { return nil }
        index += 2
        return high << 4 | low
    }

    /// The bytes up to (not including) `separator` or the end; the separator
    /// is consumed too.
    public mutating func field(until separator: UInt8) -> UnsafeMutableBufferPointer<UInt8> {
        var end = index
        while end < bytes.count, bytes[end] != separator { end += 1 }
        let field = UnsafeMutableBufferPointer(rebasing: bytes[index..<end])
        index = end < bytes.count ? end + 1 : end
        return field
    }

    /// Everything not consumed yet; consumes it.
    public mutating func rest() -> UnsafeMutableBufferPointer<UInt8> {
        let rest = UnsafeMutableBufferPointer(rebasing: bytes[index..<bytes.count])
        index = bytes.count
        return rest
    }
}
