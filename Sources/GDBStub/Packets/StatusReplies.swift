// The replies shared by many packets (GDB manual, E.2 "Packets"): `OK`,
// `E NN`, and the empty reply for an unsupported packet.

extension PacketWriter {
    public mutating func appendOK() {
        append("OK")
    }

    /// `E NN`
    public mutating func appendError(_ code: RemoteErrorCode) {
        append(UInt8(ascii: "E"))
        appendHex(code.rawValue)
    }
}

/// A reply that is only a status, as a client sees it.
public enum StatusReply: Equatable, Sendable {
    case ok
    case error(RemoteErrorCode)
    /// The empty reply: the packet is not supported.
    case unsupported

    /// Recognizes `OK`, `E NN` (also `E.text` from newer stubs) and the empty reply.
    public static func parse(_ payload: UnsafeBufferPointer<UInt8>) -> StatusReply? {
        if payload.isEmpty { return .unsupported }
        if payload.count == 2, payload[0] == UInt8(ascii: "O"), payload[1] == UInt8(ascii: "K") { return .ok }
        guard payload[0] == UInt8(ascii: "E") else { return nil }
        if payload.count == 3, let high = HexDigits.value(of: payload[1]), let low = HexDigits.value(of: payload[2]) {
            return .error(RemoteErrorCode(rawValue: high << 4 | low))
        }
        if payload.count >= 2, payload[1] == UInt8(ascii: ".") { return .error(.failed) }
        return nil
    }
}
