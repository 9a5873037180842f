import KeelABI

/// notification_create, notification_signal, notification_wait.
enum NotificationCalls {
    static func create(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        try SystemCalls.install(.notification(NotificationObject()), [.read, .write, .grant])
    }

    static func signal(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        let entry = try SystemCalls.lookup(a[0], .write)
        guard case .notification(let notification) = entry.object else { throw .error(.wrongObject) }
        try SystemCalls.check(a[1] != 0, .invalidArgument)
        notification.signal(a[1])
        return 0
    }

    /// Returns the pending bits and clears them; blocks while there are none.
    static func wait(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        let task = SystemCalls.task
        let entry = try SystemCalls.lookup(a[0], .read)
        guard case .notification(let notification) = entry.object else { throw .error(.wrongObject) }
        while notification.pending == 0 {
            notification.waiters.append(task)
            if !Scheduler.block(.notification) {
                notification.waiters.removeAll { $0 === task }
                return 0
            }
        }
        let bits = notification.pending
        notification.pending = 0
        return bits
    }
}
