import CPU
import KeelABI

enum TaskState {
    case ready, running, blocked, exited

    var name: StaticString {
        switch self {
        case .ready: return "ready"
        case .running: return "running"
        case .blocked: return "blocked"
        case .exited: return "exited"
        }
    }
}

/// Why a blocked task waits (shown by `ps`).
enum WaitReason {
    case none, sleep, console, channelSend, channelReceive, notification, taskExit

    var name: StaticString {
        switch self {
        case .none: return "-"
        case .sleep: return "sleep"
        case .console: return "console"
        case .channelSend: return "send"
        case .channelReceive: return "receive"
        case .notification: return "notify"
        case .taskExit: return "wait"
        }
    }
}

/// A task: a kernel stack and saved context, and for user tasks an address
/// space, a handle table and the program it runs. The boot context ("kernel")
/// and the idle loop are tasks without an address space.
final class Task {
    let id: UInt64
    let name: String
    var priority: Int
    var state = TaskState.ready
    var waitReason = WaitReason.none
    let stack: TaskKernelStack?
    /// rsp saved by switch_context.
    let savedStackPointer: UnsafeMutablePointer<UInt64>
    /// fxsave area (512 bytes, 16-byte aligned) saved by switch_context.
    let fpuState: UnsafeMutableRawPointer
    var addressSpace: UserAddressSpace?
    var handles = HandleTable()
    var image: ProgramImage?
    var arguments: [UInt8] = []
    /// Shared memory regions mapped into this task: they must outlive the mappings.
    var mappedRegions: [MemoryRegionObject] = []

    var exitStatus: Int64?
    /// Set by task_kill or a bad syscall argument; the task exits with it
    /// the next time it would return to user space.
    var pendingKill: Int64?
    var exitWaiters: [Task] = []
    var wakeAtTick: UInt64 = 0
    var cpuTicks: UInt64 = 0
    var systemCalls: UInt64 = 0
    /// A message this task is sending, until a receiver takes it.
    var outgoing: ChannelMessage?

    init(id: UInt64, name: String, priority: Int, stack: TaskKernelStack?) {
        self.id = id
        self.name = name
        self.priority = priority
        self.stack = stack
        savedStackPointer = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        savedStackPointer.initialize(to: 0)
        fpuState = UnsafeMutableRawPointer.allocate(byteCount: 512, alignment: 16)
        cpu_fxsave(fpuState)          // a sane initial FPU/SSE state (MXCSR, control word)
    }

    deinit {
        savedStackPointer.deallocate()
        fpuState.deallocate()
    }

    var isUser: Bool { addressSpace != nil }
}
