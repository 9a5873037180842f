// Register packets (GDB manual, E.2 "Packets"): `g`, `G XX...`, `p n`,
// `P n=r...`. Register contents travel as hex in target byte order, in the
// order of the target description; `g` replies are the registers' bytes
// back to back.

extension Command {
    /// `G XX...`
    static func parseWriteRegisters(_ s: inout PayloadScanner) throws(PacketError) -> Command {
        guard let bytes = HexDigits.decodeInPlace(s.rest()) else { throw .malformed }
        return .writeRegisters(bytes)
    }

    /// `p n` (n in hex).
    static func parseReadRegister(_ s: inout PayloadScanner) throws(PacketError) -> Command {
        guard let number = s.hexInt(), s.isAtEnd else { throw .malformed }
        return .readRegister(number)
    }

    /// `P n=r...`
    static func parseWriteRegister(_ s: inout PayloadScanner) throws(PacketError) -> Command {
        guard let number = s.hexInt(), s.consume(UInt8(ascii: "=")),
              let value = HexDigits.decodeInPlace(s.rest())
        else { throw .malformed }
        return .writeRegister(number, value)
    }
}
