import Paging
import Allocators
import CPU
import KeelABI

/// The scheduler: strict priorities (0-3, higher first), round robin with a
/// 10 ms quantum within a priority, preemption by the 1 kHz timer and when a
/// higher-priority task wakes. Tasks block on a reason and are woken by the
/// object they wait for; with nothing ready the idle task halts the CPU.
///
/// Everything here runs with interrupts off (system calls, interrupt
/// handlers; kernel-task callers disable them). A task ends only on its own
/// kernel stack, at the boundary back to user space (`exitCurrent`), so a
/// kill only marks the task and wakes it.
enum Scheduler {
    static let quantumTicks = 10

    nonisolated(unsafe) private(set) static var current: Task?
    /// Every task that has not exited, in creation order.
    nonisolated(unsafe) private(set) static var tasks: [Task] = []
    nonisolated(unsafe) private static var ready: [[Task]] = Array(repeating: [], count: SyscallLimits.priorities)
    nonisolated(unsafe) private static var idleTask: Task?
    nonisolated(unsafe) private static var sleepers: [Task] = []
    /// Exited tasks whose kernel stacks are freed once the CPU is off them.
    nonisolated(unsafe) private static var exited: [Task] = []
    nonisolated(unsafe) private static var nextID: UInt64 = 1
    nonisolated(unsafe) private static var quantumLeft = quantumTicks
    nonisolated(unsafe) private static var needsReschedule = false
    nonisolated(unsafe) private(set) static var contextSwitches: UInt64 = 0

    static var isRunning: Bool { current != nil }

    /// The boot context becomes task 0 ("kernel"); the idle task is made; syscalls are enabled.
    static func start() {
        // Swift globals start lazily: make the queues now, not in the first tick (heap baselines).
        ready = Array(repeating: [], count: SyscallLimits.priorities)
        let kernel = Task(id: 0, name: "kernel", priority: 2, stack: nil)
        kernel.state = .running
        current = kernel
        tasks.append(kernel)
        guard let idle = makeKernelTask(name: "idle", entry: entry_idle_task()) else { panic("no memory for the idle task") }
        idleTask = idle
        tasks.append(idle)
        SystemCallMSRs.enable()
    }

    private static func allocateID() -> UInt64 {
        defer { nextID += 1 }
        return nextID
    }

    /// A kernel task: its stack returns from switch_context into task_start_kernel,
    /// which calls `entry` (held in rbx).
    private static func makeKernelTask(name: String, entry: UInt64) -> Task? {
        guard let stack = TaskKernelStack.allocate() else { return nil }
        let task = Task(id: allocateID(), name: name, priority: 0, stack: stack)
        let saved = stack.top - 64                 // r15 r14 r13 r12 rbx rbp, return address, padding
        let slots = UnsafeMutablePointer<UInt64>(bitPattern: UInt(saved))!
        slots.initialize(repeating: 0, count: 8)
        slots[4] = entry
        slots[6] = entry_task_start_kernel()
        task.savedStackPointer.pointee = saved
        return task
    }

    // MARK: Creating user tasks

    enum SpawnError: Error { case load(ProgramLoadError), outOfMemory }

    /// Loads `image` into a new address space with its stack, gives it copies
    /// of `handles` (as handles 0, 1, …) and makes it ready. Its kernel stack
    /// starts with the initial user frame, entered through task_start_user.
    static func spawn(_ image: ProgramImage, arguments: [UInt8], handles: [HandleEntry],
                      priority: Int = SyscallLimits.defaultPriority) throws(SpawnError) -> Task {
        guard PhysicalMemory.statistics.freeFrames > PhysicalMemory.reserveFrames,
              var space = UserAddressSpace.create() else { throw .outOfMemory }
        let entry: UInt64
        do throws(ProgramLoadError) {
            entry = try ProgramLoader.load(image, into: &space)
        } catch {
            space.destroy()
            throw .load(error)
        }
        let stackFlags = UserAddressSpace.flags(writable: true, executable: false)
        for i in 0..<UserLayout.stackPages {
            guard space.mapFreshPage(at: UserLayout.stackBottom + UInt64(i) * 4096, flags: stackFlags) != nil else {
                space.destroy()
                throw .outOfMemory
            }
        }
        guard let stack = TaskKernelStack.allocate() else { space.destroy(); throw .outOfMemory }

        let task = Task(id: allocateID(), name: image.nameString, priority: priority, stack: stack)
        task.addressSpace = space
        task.image = image
        Debugger.taskLoaded(task)
        task.arguments = arguments
        for handle in handles {
            handle.object.handleOpened()
            _ = task.handles.install(handle)
        }
        let frameAddress = stack.top - UInt64(MemoryLayout<InterruptFrame>.size)
        UnsafeMutablePointer<InterruptFrame>(bitPattern: UInt(frameAddress))!.initialize(to: InterruptFrame(
            r15: 0, r14: 0, r13: 0, r12: 0, r11: 0, r10: 0, r9: 0, r8: 0,
            rbp: 0, rdi: 0, rsi: 0, rdx: 0, rcx: 0, rbx: 0, rax: 0, vector: 0, errorCode: 0,
            rip: entry, cs: UInt64(GlobalDescriptorTable.userCode), rflags: 0x202,
            rsp: UserLayout.stackTop, ss: UInt64(GlobalDescriptorTable.userData)))
        let saved = frameAddress - 56                // six callee-saved registers and the return address
        let slots = UnsafeMutablePointer<UInt64>(bitPattern: UInt(saved))!
        slots.initialize(repeating: 0, count: 7)
        slots[6] = entry_task_start_user()
        task.savedStackPointer.pointee = saved

        tasks.append(task)
        makeReady(task)
        return task
    }

    // MARK: Ready, block, wake

    private static func makeReady(_ task: Task) {
        task.state = .ready
        task.waitReason = .none
        ready[task.priority].append(task)
        if let current, task.priority > current.priority || current === idleTask { needsReschedule = true }
    }

    /// Wakes a blocked task (whatever it waits for re-checks its condition).
    static func wake(_ task: Task) {
        guard task.state == .blocked else { return }
        if task.waitReason == .sleep { sleepers.removeAll { $0 === task } }
        makeReady(task)
    }

    /// Blocks the current task until something wakes it. Returns false when
    /// the task is being killed: the caller gives up and returns.
    @discardableResult
    static func block(_ reason: WaitReason) -> Bool {
        let task = current!
        if task.pendingKill != nil { return false }
        task.state = .blocked
        task.waitReason = reason
        switchToNext()
        return current!.pendingKill == nil
    }

    static func sleep(milliseconds: UInt64) {
        let task = current!
        task.wakeAtTick = Timer.ticks + max(1, milliseconds * Timer.frequency / 1000)
        sleepers.append(task)
        block(.sleep)
    }

    /// Gives the CPU to the next ready task of the same or higher priority.
    static func yield() {
        let task = current!
        if task !== idleTask {
            task.state = .ready
            ready[task.priority].append(task)
        }
        switchToNext()
    }

    /// Blocks the current (kernel) task until `task` has exited; its status.
    static func waitForExit(_ task: Task) -> Int64 {
        let interrupts = InterruptState.disable()
        defer { interrupts.restore() }
        while task.exitStatus == nil {
            task.exitWaiters.append(current!)
            if !block(.taskExit) { break }
        }
        return task.exitStatus ?? TaskStatus.killed
    }

    /// Kills `task` with `status`: it exits the next time it would return to
    /// user space; a blocked task is woken for that, and it runs at the top
    /// priority so a busy higher-priority task cannot keep it alive.
    static func kill(_ task: Task, status: Int64) {
        guard task.isUser, task.exitStatus == nil, task.pendingKill == nil else { return }
        task.pendingKill = status
        if task === current { return }
        switch task.state {
        case .blocked:
            task.priority = SyscallLimits.priorities - 1
            wake(task)
        case .ready:
            ready[task.priority].removeAll { $0 === task }
            task.priority = SyscallLimits.priorities - 1
            makeReady(task)
        default: break
        }
    }

    static func setPriority(_ task: Task, _ priority: Int) {
        if task.state == .ready {
            ready[task.priority].removeAll { $0 === task }
            task.priority = priority
            makeReady(task)
        } else {
            task.priority = priority
            if task === current { needsReschedule = true }
        }
    }

    // MARK: Timer and preemption points

    /// Every timer tick (interrupts off): CPU time, sleepers, the quantum.
    static func tick() {
        guard let task = current else { return }
        task.cpuTicks += 1
        if !sleepers.isEmpty {
            let now = Timer.ticks
            for sleeper in sleepers where sleeper.wakeAtTick <= now { wake(sleeper) }
        }
        quantumLeft -= 1
        if quantumLeft <= 0 {
            quantumLeft = quantumTicks
            if task === idleTask || !ready[task.priority...].allSatisfy({ $0.isEmpty }) { needsReschedule = true }
        }
    }

    /// Called before returning from an interrupt or system call: switch if a
    /// better task is ready; a task marked for death that would go back to
    /// user space exits instead.
    static func preemptionPoint(returningToUser: Bool) {
        guard current != nil else { return }
        if needsReschedule {
            needsReschedule = false
            yield()
        }
        if returningToUser, let status = current!.pendingKill { exitCurrent(status: status) }
    }

    // MARK: Switching

    private static func pickNext() -> Task {
        var level = SyscallLimits.priorities - 1
        while level >= 0 {
            if !ready[level].isEmpty { return ready[level].removeFirst() }
            level -= 1
        }
        return idleTask!
    }

    private static func switchToNext() {
        let next = pickNext()
        let previous = current!
        if next === previous { previous.state = .running; return }
        if previous === idleTask { previous.state = .ready }
        let (rsp, fpu) = activate(next)
        switch_context(previous.savedStackPointer, rsp, previous.fpuState, fpu)
        reapExited()
    }

    /// Makes `next` current: its kernel stack for ring-3 entries, its page tables.
    private static func activate(_ next: Task) -> (UInt64, UnsafeMutableRawPointer) {
        next.state = .running
        current = next
        quantumLeft = quantumTicks
        contextSwitches &+= 1
        if let stack = next.stack {
            GlobalDescriptorTable.setKernelStack(top: stack.top)
            cpu_set_syscall_stack(stack.top)
        }
        let root = next.addressSpace?.root ?? KernelAddressSpace.mapper!.rootAddress
        if cpu_read_cr3() & ~0xFFF != root { cpu_write_cr3(root) }
        return (next.savedStackPointer.pointee, next.fpuState)
    }

    /// Frees the kernel stacks of exited tasks the CPU has left.
    static func reapExited() {
        guard !exited.isEmpty else { return }
        for task in exited where task !== current { task.stack?.free() }
        exited.removeAll { $0 !== current }
    }

    // MARK: Exit

    /// Ends the current task: closes its handles, frees its address space,
    /// wakes its waiters and switches away for good. The bookkeeping is in
    /// `retireCurrent` so no Swift reference stays on this stack forever.
    static func exitCurrent(status: Int64) -> Never {
        let (saved, fpu) = retireCurrent(status)
        let (rsp, nextFPU) = activate(pickNext())
        switch_context(saved, rsp, fpu, nextFPU)
        fatalError("an exited task was resumed")
    }

    private static func retireCurrent(_ status: Int64) -> (UnsafeMutablePointer<UInt64>, UnsafeMutableRawPointer) {
        let task = current!
        task.exitStatus = status
        task.state = .exited
        for entry in task.handles.removeAll() { entry.object.handleClosed() }
        if let space = task.addressSpace {
            cpu_write_cr3(KernelAddressSpace.mapper!.rootAddress)
            space.destroy()
            task.addressSpace = nil
        }
        task.mappedRegions.removeAll()
        for waiter in task.exitWaiters { wake(waiter) }
        task.exitWaiters.removeAll()
        sleepers.removeAll { $0 === task }
        tasks.removeAll { $0 === task }
        exited.append(task)
        return (task.savedStackPointer, task.fpuState)
    }

    static func find(id: UInt64) -> Task? { tasks.first { $0.id == id } }
}

/// The idle task: halts until an interrupt, forever.
@_cdecl("idle_task_main")
func idleTaskMain() -> Never {
    while true { cpu_sti_hlt() }
}

/// Every new task's first code, right after the switch into it.
@_cdecl("task_first_run")
func taskFirstRun() {
    Scheduler.reapExited()
    Scheduler.preemptionPoint(returningToUser: Scheduler.current?.isUser ?? false)
}
