// Thread packets (GDB manual, E.2 "Packets" and E.4 "General Query
// Packets"): `H op thread-id`, `T thread-id` (reply `OK` if alive, `E NN`
// if not), `qC` (reply `QC thread-id`), `qfThreadInfo`/`qsThreadInfo`
// (replies `m id,id...` while there are more, then `l`), and
// `qThreadExtraInfo,thread-id` (reply: the text, hex-encoded).

extension Command {
    /// `Hg thread-id` or `Hc thread-id`.
    static func parseSetThread(_ s: inout PayloadScanner) throws(PacketError) -> Command {
        let operation: ThreadOperation
        if s.consume(UInt8(ascii: "g")) {
            operation = .general
        } else if s.consume(UInt8(ascii: "c")) {
            operation = .continue
        } else {
            throw .malformed
        }
        guard let thread = ThreadID.parse(&s), s.isAtEnd else { throw .malformed }
        return .setThread(operation, thread)
    }

    /// `T thread-id`
    static func parseThreadAlive(_ s: inout PayloadScanner) throws(PacketError) -> Command {
        guard let thread = ThreadID.parse(&s), s.isAtEnd else { throw .malformed }
        return .threadAlive(thread)
    }

    /// The part after `qThreadExtraInfo,`.
    static func parseThreadExtraInfo(_ s: inout PayloadScanner) throws(PacketError) -> Command {
        guard let thread = ThreadID.parse(&s), s.isAtEnd else { throw .malformed }
        return .threadExtraInfo(thread)
    }
}

extension PacketWriter {
    /// `QC thread-id`, the reply to `qC`.
    public mutating func appendCurrentThread(_ thread: ThreadID, multiprocess: Bool = false) {
        append("QC")
        thread.write(to: &self, multiprocess: multiprocess)
    }
}
