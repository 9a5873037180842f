// `qRcmd,command` (GDB manual, E.4 "General Query Packets"): the text of a
// `monitor` command, hex-encoded. The stub may send any number of
// `O XX...` console output packets (hex-encoded text, E.3 "Stop Reply
// Packets") before the final `OK` (or `E NN`, or empty if unsupported).

extension Command {
    /// The part after `qRcmd,`.
    static func parseMonitor(_ s: inout PayloadScanner) throws(PacketError) -> Command {
        guard let command = HexDigits.decodeInPlace(s.rest()) else { throw .malformed }
        return .monitor(UnsafeBufferPointer(command))
    }
}

extension PacketWriter {
    /// `O XX...`: console output. Returns how many bytes of `text` fit.
    @discardableResult
    public mutating func appendConsoleOutput(_ text: UnsafeRawBufferPointer) -> Int {
        append(UInt8(ascii: "O"))
        let n = min(text.count, remainingCapacity / 2)
        appendHex(bytes: UnsafeRawBufferPointer(rebasing: text[0..<n]))
        return n
    }

    /// `qRcmd,XX...`, as the client sends it.
    public mutating func appendMonitor(_ command: UnsafeRawBufferPointer) {
        append("qRcmd,")
        appendHex(bytes: command)
    }
}
