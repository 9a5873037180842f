import KeelABI

/// handle_close, handle_duplicate, handle_info.
enum HandleCalls {
    static func close(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        guard let entry = SystemCalls.task.handles.remove(a[0]) else { throw .error(.badHandle) }
        entry.object.handleClosed()
        return 0
    }

    /// A new handle to the same object with the rights in a[1] that the original has (needs grant).
    static func duplicate(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        let entry = try SystemCalls.lookup(a[0], .grant)
        try SystemCalls.check(a[1] <= UInt64(Rights.all.rawValue), .invalidArgument)
        let rights = entry.rights.intersection(Rights(rawValue: UInt32(a[1])))
        return try SystemCalls.install(entry.object, rights)
    }

    /// The object kind in bits 0-7 and the rights in bits 32-63.
    static func info(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        let entry = try SystemCalls.lookup(a[0], [])
        return entry.object.kind.rawValue | UInt64(entry.rights.rawValue) << 32
    }
}
