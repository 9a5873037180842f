/// What detaching (`D`) and killing (`k`) mean for this target. Without it,
/// detaching resumes the target and killing only ends the session.
public protocol ProcessControl: DebugTarget {
    /// gdb leaves: remove breakpoints and let the target run.
    mutating func detach() throws(TargetError)
    /// gdb kills the target (for a kernel: power off or reboot).
    mutating func kill() throws(TargetError)
}

extension ProcessControl {
    public mutating func _detach() throws(TargetError) { try detach() }
    public mutating func _kill() throws(TargetError) { try kill() }
}
