/// Extended-remote mode (`target extended-remote`, GDB manual, E.2
/// "Packets": `!`, `vRun`, `vAttach`, `vKill`): gdb starts, attaches to and
/// kills processes over one connection, and the server stays up when a
/// process ends. Without this capability `!` is refused (empty reply).
public protocol ExtendedRemote: DebugTarget {
    /// `vRun;program;arg...`: starts the program stopped at its first
    /// instruction (an empty program name means the last one run).
    mutating func run(_ arguments: RunArguments) throws(TargetError) -> StopReason
    /// `vAttach;pid`: attaches to a running process and stops it.
    mutating func attach(to pid: UInt64) throws(TargetError) -> StopReason
    /// `vKill;pid`: kills the process.
    mutating func killProcess(_ pid: UInt64) throws(TargetError)
}

extension ExtendedRemote {
    public static var _hasExtendedRemote: Bool { true }
    public mutating func _run(_ arguments: RunArguments) throws(TargetError) -> StopReason { try run(arguments) }
    public mutating func _attach(to pid: UInt64) throws(TargetError) -> StopReason { try attach(to: pid) }
    public mutating func _killProcess(_ pid: UInt64) throws(TargetError) { try killProcess(pid) }
}

/// The arguments of a `vRun` packet, hex-decoded in place: the program name
/// first, then its arguments. Each is a byte string without NUL.
public struct RunArguments: Sequence {
    /// The decoded arguments, each followed by a 0 byte.
    let bytes: UnsafeMutableBufferPointer<UInt8>

    public struct Iterator: IteratorProtocol {
        let bytes: UnsafeMutableBufferPointer<UInt8>
        var index = 0

        public mutating func next() -> UnsafeBufferPointer<UInt8>? {
            guard index < bytes.count else { return nil }
            var end = index
            while bytes[end] != 0 { end += 1 }
            let argument = UnsafeBufferPointer(rebasing: bytes[index..<end])
            index = end + 1
            return argument
        }
    }

    public func makeIterator() -> Iterator { Iterator(bytes: bytes) }
}
