// `qXfer:features:read:annex:offset,length` (GDB manual, E.4 "General Query
// Packets", and E.1 for the escaping of binary data). The reply is `m` and
// data when more follows, `l` and data (possibly none) at the end; the
// data is binary, escaped. `annex` is `target.xml` or a file it includes.

extension Command {
    /// The part after `qXfer:features:read:`.
    static func parseReadFeatures(_ s: inout PayloadScanner) throws(PacketError) -> Command {
        let annex = s.field(until: UInt8(ascii: ":"))
        guard !annex.isEmpty, let offset = s.hexInt(), s.consume(UInt8(ascii: ",")),
              let length = s.hexInt(), s.isAtEnd
        else { throw .malformed }
        return .readFeatures(annex: UnsafeBufferPointer(annex), offset: offset, length: length)
    }
}

extension PacketWriter {
    /// `qXfer:features:read:annex:offset,length`, as the client sends it.
    public mutating func appendReadFeatures(annex: UnsafeBufferPointer<UInt8>, offset: Int, length: Int) {
        append("qXfer:features:read:")
        append(annex)
        append(UInt8(ascii: ":"))
        appendHex(number: UInt64(offset))
        append(UInt8(ascii: ","))
        appendHex(number: UInt64(length))
    }
}
