import KeelABI

/// The first user task: `init` (the shell) with the console and the system
/// object as handles 0 and 1. When it exits, the machine powers off with
/// success for status 0. `init=none` on the command line keeps the kernel
/// monitor instead.
enum InitTask {
    static let consoleRights: Rights = [.read, .write, .grant]
    static let systemRights: Rights = [.read, .grant, .manage]

    /// The handles every task started by the kernel gets.
    static var rootHandles: [HandleEntry] {
        [HandleEntry(object: .console, rights: consoleRights), HandleEntry(object: .system, rights: systemRights)]
    }

    /// Starts `name` from the kernel (init, selftests) with the root handles.
    static func spawn(_ name: StaticString, arguments: String = "", priority: Int = SyscallLimits.defaultPriority) -> Task? {
        guard let image = ProgramImages.find(name) else { return nil }
        let interrupts = InterruptState.disable()
        defer { interrupts.restore() }
        do throws(Scheduler.SpawnError) {
            return try Scheduler.spawn(image, arguments: Array(arguments.utf8), handles: rootHandles, priority: priority)
        } catch {
            let w = KernelLog.begin(.error)
            w.write("cannot start "); w.write(name); w.write(": ")
            if case .load(let why) = error { why.write(to: w) } else { w.write("out of memory") }
            w.newline()
            return nil
        }
    }

    static func run() -> Never {
        guard let task = spawn("init", priority: 2) else { PowerOff.exit(.failure) }
        let status = Scheduler.waitForExit(task)
        let w = KernelLog.begin(status == 0 ? .info : .error)
        w.write("init exited with status "); w.decimal(Int(status)); w.write("; powering off"); w.newline()
        PowerOff.exit(status == 0 ? .success : .failure)
    }
}
