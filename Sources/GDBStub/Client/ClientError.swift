/// Why a `GDBClient` request failed.
public enum ClientError: Error, Equatable, Sendable {
    /// The channel closed or timed out.
    case disconnected
    /// The stub kept nacking a packet.
    case notAcknowledged
    /// A reply did not fit the client's packet buffer.
    case replyTooLarge
    /// A request did not fit the client's packet buffer.
    case requestTooLarge
    /// The stub answered `E NN`.
    case remote(RemoteErrorCode)
    /// The stub answered with the empty reply: it does not support the packet.
    case unsupported
    /// A reply that makes no sense for the request.
    case unexpectedReply([UInt8])
}
