// `QCatchSyscalls:0` and `QCatchSyscalls:1[;sysno]...` (GDB manual, E.4
// "General Query Packets"); syscall numbers are hex.

extension Command {
    /// The part after `QCatchSyscalls:`.
    static func parseCatchSyscalls(_ s: inout PayloadScanner) throws(PacketError) -> Command {
        if s.restEquals("0") {
            return .catchSyscalls(CatchSyscallsRequest(enabled: false, list: s.rest()))
        }
        guard s.consume(UInt8(ascii: "1")) else { throw .malformed }
        if s.isAtEnd { return .catchSyscalls(CatchSyscallsRequest(enabled: true, list: s.rest())) }
        guard s.consume(UInt8(ascii: ";")) else { throw .malformed }
        let list = s.rest()
        var check = PayloadScanner(list)
        repeat {
            guard check.hexNumber() != nil else { throw .malformed }
        } while check.consume(UInt8(ascii: ";"))
        guard check.isAtEnd else { throw .malformed }
        return .catchSyscalls(CatchSyscallsRequest(enabled: true, list: list))
    }
}
