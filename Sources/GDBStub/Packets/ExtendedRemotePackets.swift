// Extended-remote packets (GDB manual, E.2 "Packets"): `vRun;program;arg...`
// (each hex-encoded; the program may be empty), `vAttach;pid`, `vKill;pid`
// (pids in hex).

extension Command {
    /// The part after `vRun;`: decodes every argument in place into
    /// NUL-terminated strings at the start of the payload (decoded text is
    /// half as long, so the writes never pass the reads).
    static func parseRun(_ s: inout PayloadScanner) throws(PacketError) -> Command {
        let payload = s.rest()
        var write = 0
        var read = 0
        while true {
            var end = read
            while end < payload.count, payload[end] != UInt8(ascii: ";") { end += 1 }
            guard (end - read) % 2 == 0 else { throw .malformed }
            var i = read
            while i < end {
                guard let high = HexDigits.value(of: payload[i]), let low = HexDigits.value(of: payload[i + 1])
                else { throw .malformed }
                let byte = high << 4 | low
                guard byte != 0 else { throw .malformed }
                payload[write] = byte
                write += 1
                i += 2
            }
            // The separator's own slot (or the last digit pair's) takes the
            // NUL; only a run of empty fields can reach the end (`vRun;`
            // alone: no arguments, which means "the program run last").
            guard write < payload.count else { break }
            payload[write] = 0
            write += 1
            guard end < payload.count else { break }
            read = end + 1
        }
        return .run(RunArguments(bytes: UnsafeMutableBufferPointer(rebasing: payload[0..<write])))
    }

    /// A hex pid and nothing else.
    static func parseProcessID(_ s: inout PayloadScanner) throws(PacketError) -> UInt64 {
        guard let pid = s.hexNumber(), pid > 0, s.isAtEnd else { throw .malformed }
        return pid
    }
}
