/// Hex text in client replies, as arrays.
enum ClientHex {
    /// Decodes two hex digits per byte; throws for anything else.
    static func decode(_ text: ArraySlice<UInt8>, reply: [UInt8]) throws(ClientError) -> [UInt8] {
        guard text.count % 2 == 0 else { throw .unexpectedReply(reply) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 2)
        var i = text.startIndex
        while i < text.endIndex {
            guard let high = HexDigits.value(of: text[i]), let low = HexDigits.value(of: text[i + 1]) else {
                throw .unexpectedReply(reply)
            }
            bytes.append(high << 4 | low)
            i += 2
        }
        return bytes
    }

    /// A hex number.
    static func number(_ text: ArraySlice<UInt8>, reply: [UInt8]) throws(ClientError) -> UInt64 {
        guard !text.isEmpty, text.count <= 16 else { throw .unexpectedReply(reply) }
        var value: UInt64 = 0
        for digit in text {
            guard let v = HexDigits.value(of: digit) else { throw .unexpectedReply(reply) }
            value = value << 4 | UInt64(v)
        }
        return value
    }
}
