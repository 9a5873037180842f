import KeelABI

/// Tasks blocked reading the console; the COM1 receive interrupt wakes them.
enum ConsoleReaders {
    nonisolated(unsafe) static var waiting: [Task] = []

    static func wakeAll() {
        guard !waiting.isEmpty else { return }
        let woken = waiting
        waiting.removeAll()
        for task in woken { Scheduler.wake(task) }
    }
}

/// write(console, buffer, length) and read(console, buffer, capacity).
enum ConsoleCalls {
    static func write(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        let entry = try SystemCalls.lookup(a[0], .write)
        guard case .console = entry.object else { throw .error(.wrongObject) }
        try SystemCalls.check(a[2] <= UInt64(SyscallLimits.consoleTransferBytes), .invalidArgument)
        let bytes = try SystemCalls.copyIn(a[1], a[2])
        for byte in bytes { Console.write(byte) }
        return a[2]
    }

    /// Blocks until at least one byte has arrived, then returns what is there (up to `capacity`).
    static func read(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        let entry = try SystemCalls.lookup(a[0], .read)
        guard case .console = entry.object else { throw .error(.wrongObject) }
        let capacity = min(a[2], UInt64(SyscallLimits.consoleTransferBytes))
        guard capacity > 0 else { return 0 }
        try SystemCalls.requireWritable(a[1], capacity)
        while !ConsoleInput.hasInput {
            ConsoleReaders.waiting.append(SystemCalls.task)
            guard Scheduler.block(.console) else {
                ConsoleReaders.waiting.removeAll { $0 === SystemCalls.task }
                return 0
            }
        }
        var bytes: [UInt8] = []
        while UInt64(bytes.count) < capacity, let byte = ConsoleInput.takeByte() { bytes.append(byte) }
        try SystemCalls.copyOut(bytes, to: a[1])
        return UInt64(bytes.count)
    }
}
