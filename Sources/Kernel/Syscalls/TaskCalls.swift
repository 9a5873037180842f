import KeelABI

/// exit, sleep, spawn, task_wait, task_kill, task_arguments, task_set_priority, system_task.
enum TaskCalls {
    static let taskRights: Rights = [.read, .grant, .manage]

    /// The task ends on the way back to user space.
    static func exit(_ a: SyscallArguments) -> UInt64 {
        SystemCalls.task.pendingKill = Int64(a[0] & 0xFF)
        return 0
    }

    static func sleep(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        try SystemCalls.check(a[0] <= 3_600_000, .invalidArgument)
        Scheduler.sleep(milliseconds: a[0])
        return 0
    }

    /// spawn(name, nameLength, arguments, argumentsLength, handles, handleCount) → task handle.
    static func spawn(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        let parent = SystemCalls.task
        try SystemCalls.check(a[1] > 0 && a[1] <= UInt64(SyscallLimits.programNameBytes), .invalidArgument)
        try SystemCalls.check(a[3] <= UInt64(SyscallLimits.argumentBytes), .invalidArgument)
        try SystemCalls.check(a[5] <= UInt64(SyscallLimits.spawnHandles), .invalidArgument)
        let name = try SystemCalls.copyIn(a[0], a[1])
        let arguments = try SystemCalls.copyIn(a[2], a[3])
        var handles: [HandleEntry] = []
        for value in try SystemCalls.copyInHandles(a[4], count: a[5]) {
            handles.append(try SystemCalls.lookup(value, .grant))
        }
        try SystemCalls.check(parent.handles.freeSlots >= 1, .tableFull)
        let image = name.withUnsafeBytes { ProgramImages.find($0) }
        guard let image else { throw .error(.notFound) }

        let child: Task
        do throws(Scheduler.SpawnError) {
            child = try Scheduler.spawn(image, arguments: arguments, handles: handles)
        } catch {
            let w = KernelLog.begin(.warning)
            w.write("spawn "); w.write(image.nameString); w.write(": ")
            switch error {
            case .load(let why): why.write(to: w)
            case .outOfMemory: w.write("out of memory")
            }
            w.newline()
            if case .outOfMemory = error { throw .error(.noMemory) }
            throw .error(.invalidArgument)
        }
        return try SystemCalls.install(.task(child), taskRights)
    }

    private static func taskHandle(_ raw: UInt64, _ rights: Rights) throws(SyscallFailure) -> Task {
        let entry = try SystemCalls.lookup(raw, rights)
        guard case .task(let task) = entry.object else { throw .error(.wrongObject) }
        return task
    }

    /// Blocks until the task has ended; its status (TaskStatus for kills).
    static func wait(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        let waited = try taskHandle(a[0], .read)
        let me = SystemCalls.task
        try SystemCalls.check(waited !== me, .invalidArgument)
        while waited.exitStatus == nil {
            waited.exitWaiters.append(me)
            if !Scheduler.block(.taskExit) {
                waited.exitWaiters.removeAll { $0 === me }
                return 0
            }
        }
        return UInt64(bitPattern: waited.exitStatus!)
    }

    static func kill(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        let target = try taskHandle(a[0], .manage)
        try SystemCalls.check(target.isUser || target.exitStatus != nil, .accessDenied)
        Scheduler.kill(target, status: TaskStatus.killed)
        return 0
    }

    /// The task's id (as `ps` shows it); any right suffices.
    static func id(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        try taskHandle(a[0], []).id
    }

    static func setPriority(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        let target = try taskHandle(a[0], .manage)
        try SystemCalls.check(a[1] < UInt64(SyscallLimits.priorities), .invalidArgument)
        try SystemCalls.check(target.isUser, .accessDenied)
        Scheduler.setPriority(target, Int(a[1]))
        return 0
    }

    /// Copies the caller's argument string to a[0] (at most a[1] bytes); its length.
    static func arguments(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        let arguments = SystemCalls.task.arguments
        let count = min(UInt64(arguments.count), a[1])
        try SystemCalls.copyOut(Array(arguments[0..<Int(count)]), to: a[0])
        return count
    }

    /// system_task(system, id): a handle to any user task (the system handle needs manage).
    static func openByID(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        let entry = try SystemCalls.lookup(a[0], .manage)
        guard case .system = entry.object else { throw .error(.wrongObject) }
        guard let target = Scheduler.find(id: a[1]) else { throw .error(.notFound) }
        try SystemCalls.check(target.isUser, .accessDenied)
        return try SystemCalls.install(.task(target), taskRights)
    }
}
