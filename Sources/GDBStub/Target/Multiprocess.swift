/// Multiprocess thread ids (`multiprocess+` in qSupported, GDB manual, E.1
/// thread-id syntax `pPID.TID`): a target that is an OS process names its
/// process, so gdb shows real pids ("process 1234", "Thread 1234.1235")
/// and stop replies of an ended process carry `;process:PID`. Used only
/// when gdb offers it too.
public protocol Multiprocess: ThreadList {
    /// The process id; 0 when there is no process.
    var processID: UInt64 { get }
}

extension Multiprocess {
    public static var _hasMultiprocess: Bool { true }
    public func _processID() -> UInt64 { processID }
}
