/// The escape convention of binary data (`X`, `qXfer` replies): `}` (0x7d)
/// followed by the original byte XOR 0x20 (GDB manual, E.1 "Overview": "The
/// binary data representation uses 7d (ASCII '}') as an escape character").
/// `#`, `$`, `}` and `*` must be escaped; nothing else needs to be.
public enum BinaryEscape {
    public static let escapeCharacter = UInt8(ascii: "}")

    /// Whether `byte` must be sent escaped inside a packet.
    @inline(__always)
    public static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "#") || byte == UInt8(ascii: "$") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "*")
    }

    /// Undoes escaping in place and returns the unescaped bytes, or `nil`
    /// when the data ends in a lone escape character.
    public static func unescapeInPlace(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> UnsafeMutableBufferPointer<UInt8>? {
        var read = 0
        var write = 0
        while read < bytes.count {
            var byte = bytes[read]
            read += 1
            if byte == escapeCharacter {
                guard read < bytes.count else { return nil }
                byte = bytes[read] ^ 0x20
                read += 1
            }
            bytes[write] = byte
            write += 1
        }
        return UnsafeMutableBufferPointer(rebasing: bytes[0..<write])
    }
}
