/// Fork, vfork and exec events (GDB manual, E.4 `qSupported`
/// `fork-events`, `vfork-events`, `exec-events`; E.3 stop replies): a
/// target that is an OS process reports a fork as a stop naming the child
/// (`fork:pPID.TID;`), which it then debugs as a second process until gdb
/// detaches one of them (`D;PID`); a vfork likewise, then `vforkdone` when
/// the parent gets its memory back; an exec with the new program's path.
/// Used only in multiprocess mode, for the events gdb offers.
public protocol ProcessEvents: Multiprocess {
    /// The events gdb wants reported (empty for a debugger that offered
    /// none): the target handles the others silently, e.g. it lets a forked
    /// child go.
    mutating func reportProcessEvents(_ events: ProcessEventSet)
    /// The path of the program the current process executed (`exec:`);
    /// returns the number of bytes written.
    func execPath(into buffer: UnsafeMutableRawBufferPointer) -> Int
    /// The process thread `id` belongs to.
    func processID(ofThread id: UInt64) -> UInt64
    /// `D;PID`: detaches that process; returns whether others remain, in
    /// which case the session goes on with them.
    mutating func detachProcess(_ pid: UInt64) throws(TargetError) -> Bool
}

/// Which process events are reported.
public struct ProcessEventSet: OptionSet, Equatable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let fork = ProcessEventSet(rawValue: 1)
    public static let vfork = ProcessEventSet(rawValue: 2)
    public static let exec = ProcessEventSet(rawValue: 4)
}

extension ProcessEvents {
    public static var _hasProcessEvents: Bool { true }
    public mutating func _reportProcessEvents(_ events: ProcessEventSet) { reportProcessEvents(events) }
    public func _execPath(into buffer: UnsafeMutableRawBufferPointer) -> Int { execPath(into: buffer) }
    public func _processID(ofThread id: UInt64) -> UInt64 { processID(ofThread: id) }
    public mutating func _detachProcess(_ pid: UInt64) throws(TargetError) -> Bool { try detachProcess(pid) }
}
