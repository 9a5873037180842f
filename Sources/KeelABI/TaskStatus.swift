/// How `task_wait` reports the end of a task: an exit status 0-255, or a
/// kill marker with the exception vector that killed it.
public enum TaskStatus {
    /// Killed by a CPU exception: `killedByFault | vector`.
    public static let killedByFault: Int64 = 0x100
    /// Killed by `task_kill`.
    public static let killed: Int64 = 0x200
    /// Killed for passing a bad pointer to a system call.
    public static let killedBadArgument: Int64 = 0x300
}
