/// Per-thread resuming: the target receives a whole `vCont` action list
/// (e.g. `vCont;s:TID;c` steps one thread while the others run, `vCont;c:TID`
/// runs only one) instead of the single action an all-stop target without
/// this capability gets. The session still reports one stop for all threads.
public protocol ThreadResume: DebugTarget {
    /// Resumes each thread as the first action naming it (or the first
    /// action without a thread) says; threads no action covers stay stopped.
    mutating func resume(_ actions: VContActionList) throws(TargetError)
}

extension ThreadResume {
    public static var _hasThreadResume: Bool { true }
    public mutating func _resume(_ actions: VContActionList) throws(TargetError) { try resume(actions) }
}
