// Breakpoint and watchpoint packets (GDB manual, E.2 "Packets"):
// `Z type,addr,kind` inserts, `z type,addr,kind` removes; type 0 software
// breakpoint, 1 hardware breakpoint, 2 write, 3 read, 4 access watchpoint.
// Replies: `OK`, `E NN`, or empty when the type is not supported.

extension Command {
    static func parseBreakpoint(_ s: inout PayloadScanner) throws(PacketError) -> BreakpointRequest {
        guard let typeDigit = s.next(), let typeValue = HexDigits.value(of: typeDigit),
              let type = BreakpointType(rawValue: typeValue),
              s.consume(UInt8(ascii: ",")), let address = s.hexNumber(),
              s.consume(UInt8(ascii: ",")), let kind = s.hexNumber()
        else { throw .malformed }
        // `;cond_list...;cmds:...` may follow; it is not advertised, so ignored.
        guard s.isAtEnd || s.peek() == UInt8(ascii: ";") else { throw .malformed }
        return BreakpointRequest(type: type, address: address, kind: kind)
    }
}

extension PacketWriter {
    /// `Z`/`z` as the client sends it.
    public mutating func appendBreakpoint(_ request: BreakpointRequest, insert: Bool) {
        append(UInt8(ascii: insert ? "Z" : "z"))
        append(HexDigits.digit(request.type.rawValue))
        append(UInt8(ascii: ","))
        appendHex(number: request.address)
        append(UInt8(ascii: ","))
        appendHex(number: request.kind)
    }
}
