import KeelABI

/// Other tasks: spawn a program, wait for it, kill it.
public struct Task {
    public let handle: Handle
    public init(_ handle: Handle) { self.handle = handle }

    /// Starts program `name` with `arguments`; the child's handle table starts
    /// with copies of `handles` (each needs the grant right).
    public static func spawn(_ name: String, arguments: String = "", handles: [Handle] = [.console]) throws(SyscallError) -> Task {
        var n = name, a = arguments
        var raw = handles.map { $0.raw }
        let h = try Syscall.check(n.withUTF8 { nb in
            a.withUTF8 { ab in
                raw.withUnsafeMutableBytes { hb in
                    Syscall.raw(.spawn, address(nb.baseAddress), UInt64(nb.count), address(ab.baseAddress),
                                UInt64(ab.count), address(hb.baseAddress), UInt64(handles.count))
                }
            }
        })
        return Task(Handle(raw: UInt32(h)))
    }

    /// Blocks until the task ends; its exit status (see TaskStatus for kills).
    public func wait() throws(SyscallError) -> Int64 {
        Int64(try Syscall.call(.taskWait, UInt64(handle.raw)))
    }

    /// The id `ps` shows.
    public func id() throws(SyscallError) -> UInt64 {
        try Syscall.call(.taskID, UInt64(handle.raw))
    }

    public func setPriority(_ priority: Int) throws(SyscallError) {
        _ = try Syscall.call(.taskSetPriority, UInt64(handle.raw), UInt64(priority))
    }

    public func kill() throws(SyscallError) {
        _ = try Syscall.call(.taskKill, UInt64(handle.raw))
    }

    /// This task's argument string.
    public static func arguments() -> String {
        var buffer = [UInt8](repeating: 0, count: SyscallLimits.argumentBytes)
        let n = buffer.withUnsafeMutableBytes { raw in
            Syscall.raw(SyscallNumber.taskArguments.rawValue, address(raw.baseAddress), UInt64(raw.count))
        }
        guard n > 0 else { return "" }
        return String(decoding: buffer[0..<Int(n)], as: UTF8.self)
    }

    public static func exit(_ status: Int) -> Never {
        flushOutput()
        _ = Syscall.raw(SyscallNumber.exit.rawValue, UInt64(UInt(bitPattern: status)))
        while true {}
    }

    public static func yield() { _ = Syscall.raw(SyscallNumber.yield.rawValue) }

    public static func sleep(milliseconds: UInt64) { _ = Syscall.raw(SyscallNumber.sleep.rawValue, milliseconds) }
}

/// The system object (given to init): task list, memory, uptime, programs.
public struct System {
    public let handle: Handle
    public init(_ handle: Handle) { self.handle = handle }

    /// The kernel's text report of `kind`.
    public func info(_ kind: SystemInfoKind) throws(SyscallError) -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = try Syscall.check(buffer.withUnsafeMutableBytes { raw in
            Syscall.raw(.systemInfo, UInt64(handle.raw), kind.rawValue, address(raw.baseAddress), UInt64(raw.count))
        })
        return String(decoding: buffer[0..<Int(n)], as: UTF8.self)
    }

    /// A handle to the task with `id` (the system handle needs the manage right).
    public func task(id: UInt64) throws(SyscallError) -> Task {
        Task(Handle(raw: UInt32(try Syscall.call(.systemTask, UInt64(handle.raw), id))))
    }
}
