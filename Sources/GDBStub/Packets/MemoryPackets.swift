// Memory packets (GDB manual, E.2 "Packets"): `m addr,length` (reply: hex
// bytes, possibly fewer than asked, or `E NN`), `x addr,length` (reply: `b`
// and the bytes in binary, escaped; advertised as `binary-upload+`),
// `M addr,length:XX...`
// (hex data) and `X addr,length:XX...` (binary data, escaped). Replies to
// writes are `OK` or `E NN`.

extension Command {
    /// `m addr,length` or `x addr,length`
    static func parseReadMemory(_ s: inout PayloadScanner, binary: Bool) throws(PacketError) -> Command {
        guard let address = s.hexNumber(), s.consume(UInt8(ascii: ",")),
              let length = s.hexInt(), s.isAtEnd
        else { throw .malformed }
        return .readMemory(address: address, length: length, binary: binary)
    }

    /// `M addr,length:XX...`
    static func parseWriteMemoryHex(_ s: inout PayloadScanner) throws(PacketError) -> Command {
        guard let address = s.hexNumber(), s.consume(UInt8(ascii: ",")),
              let length = s.hexInt(), s.consume(UInt8(ascii: ":")),
              let data = HexDigits.decodeInPlace(s.rest()), data.count == length
        else { throw .malformed }
        return .writeMemory(address: address, data: data)
    }

    /// `X addr,length:XX...` The data is binary with `}` escapes; gdb sends
    /// `X addr,0:` to probe whether the packet is supported.
    static func parseWriteMemoryBinary(_ s: inout PayloadScanner) throws(PacketError) -> Command {
        guard let address = s.hexNumber(), s.consume(UInt8(ascii: ",")),
              let length = s.hexInt(), s.consume(UInt8(ascii: ":")),
              let data = BinaryEscape.unescapeInPlace(s.rest()), data.count == length
        else { throw .malformed }
        return .writeMemory(address: address, data: data)
    }
}
