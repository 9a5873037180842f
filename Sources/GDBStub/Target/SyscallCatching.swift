/// `catch syscall` (`QCatchSyscalls`, GDB manual, E.4 "General Query
/// Packets"): while enabled, the target stops at the entry and return of
/// the syscalls named (all when the list is empty) and reports them as
/// `StopReason.syscallEntry`/`.syscallReturn`. Advertised as `QCatchSyscalls+`.
public protocol SyscallCatching: DebugTarget {
    mutating func catchSyscalls(_ request: CatchSyscallsRequest) throws(TargetError)
}

extension SyscallCatching {
    public static var _hasSyscallCatching: Bool { true }
    public mutating func _catchSyscalls(_ request: CatchSyscallsRequest) throws(TargetError) {
        try catchSyscalls(request)
    }
}

/// A parsed `QCatchSyscalls:0` or `QCatchSyscalls:1[;sysno]...`.
public struct CatchSyscallsRequest {
    /// Whether to catch at all (`1`) or stop catching (`0`).
    public var enabled: Bool
    /// The `;sysno` list, hex numbers separated by `;`, unparsed; empty for
    /// "every syscall".
    let list: UnsafeMutableBufferPointer<UInt8>

    /// Whether every syscall is caught (no list given).
    public var catchesAll: Bool { list.isEmpty }

    /// The syscall numbers of the list, in order.
    public var numbers: CatchSyscallNumbers { CatchSyscallNumbers(scanner: PayloadScanner(list)) }
}

/// The numbers of a `QCatchSyscalls:1;...` list.
public struct CatchSyscallNumbers: Sequence, IteratorProtocol {
    var scanner: PayloadScanner

    public mutating func next() -> UInt64? {
        guard let number = scanner.hexNumber() else { return nil }
        _ = scanner.consume(UInt8(ascii: ";"))
        return number
    }
}
