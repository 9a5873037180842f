// `qXfer:OBJECT:read:annex:offset,length` for the objects of
// `TransferObject` (GDB manual, E.4 "General Query Packets"). Replies are
// `m`/`l` and escaped binary data, like `qXfer:features:read`.

extension Command {
    /// The part after `qXfer:`, for objects other than `features`. Unknown
    /// objects and operations other than `read` are `.unknown`.
    static func parseReadObject(_ s: inout PayloadScanner) throws(PacketError) -> Command {
        let name = s.field(until: UInt8(ascii: ":"))
        var object: TransferObject?
        for candidate in TransferObject.allCases where candidate.name.withUTF8Buffer({ $0.elementsEqual(name) }) {
            object = candidate
        }
        guard let object, s.consume("read:") else { return .unknown }
        let annex = s.field(until: UInt8(ascii: ":"))
        guard let offset = s.hexInt(), s.consume(UInt8(ascii: ",")), let length = s.hexInt(), s.isAtEnd
        else { throw .malformed }
        return .readObject(object, annex: UnsafeBufferPointer(annex), offset: offset, length: length)
    }
}
