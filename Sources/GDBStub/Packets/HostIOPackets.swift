// Host I/O packets (GDB manual, E.8 "Host I/O Packets"): `vFile:open:
// PATHHEX,flags,mode`, `vFile:pread:fd,count,offset`, `vFile:close:fd`,
// `vFile:readlink:PATHHEX`, `vFile:setfs:pid`, numbers in hex. Replies:
// `F result[,errno][;data]`, the result in hex (`F-1,2` for ENOENT), the
// data of pread/readlink binary and escaped.

extension Command {
    /// The part after `vFile:`. Other operations (pwrite, unlink, fstat...)
    /// and arguments that do not parse are `.unknown`: the empty reply, as
    /// from a stub without them.
    static func parseHostIO(_ s: inout PayloadScanner) -> Command {
        if s.consume("open:") {
            guard let path = HexDigits.decodeInPlace(s.field(until: UInt8(ascii: ","))),
                  let flags = s.hexNumber(), s.consume(UInt8(ascii: ",")), let mode = s.hexNumber(), s.isAtEnd
            else { return .unknown }
            return .hostIO(.open(UnsafeBufferPointer(path), flags: flags, mode: mode))
        }
        if s.consume("pread:") {
            guard let fd = s.hexNumber(), s.consume(UInt8(ascii: ",")), let count = s.hexInt(),
                  s.consume(UInt8(ascii: ",")), let offset = s.hexNumber(), s.isAtEnd
            else { return .unknown }
            return .hostIO(.pread(Int64(bitPattern: fd), count: count, offset: offset))
        }
        if s.consume("close:") {
            guard let fd = s.hexNumber(), s.isAtEnd else { return .unknown }
            return .hostIO(.close(Int64(bitPattern: fd)))
        }
        if s.consume("readlink:") {
            guard let path = HexDigits.decodeInPlace(s.rest()) else { return .unknown }
            return .hostIO(.readlink(UnsafeBufferPointer(path)))
        }
        if s.consume("setfs:") {
            guard let pid = s.hexNumber(), s.isAtEnd else { return .unknown }
            return .hostIO(.setfs(pid))
        }
        return .unknown
    }
}

extension PacketWriter {
    /// `F` and a result in hex (negative with a minus sign).
    mutating func appendHostIOValue(_ value: Int64) {
        append(UInt8(ascii: "F"))
        if value < 0 {
            append(UInt8(ascii: "-"))
            appendHex(number: value.magnitude)
        } else {
            appendHex(number: UInt64(value))
        }
    }
}
