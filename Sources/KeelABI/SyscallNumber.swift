/// The system call numbers (docs/syscalls.md): `rax` on `syscall`.
/// Shared by the kernel and the user runtime so the two cannot disagree.
public enum SyscallNumber: UInt64, CaseIterable, Sendable {
    case exit = 0
    case yield = 1
    case sleep = 2
    case write = 3
    case read = 4
    case handleClose = 5
    case handleDuplicate = 6
    case channelCreate = 7
    case channelSend = 8
    case channelReceive = 9
    case notificationCreate = 10
    case notificationSignal = 11
    case notificationWait = 12
    case memoryCreate = 13
    case memoryMap = 14
    case spawn = 15
    case taskWait = 16
    case taskKill = 17
    case taskArguments = 18
    case systemInfo = 19
    case systemTask = 20
    case handleInfo = 21
    case taskSetPriority = 22
    case taskID = 23

    /// The name used in reports and docs (`channel_send`).
    public var name: StaticString {
        switch self {
        case .exit: return "exit"
        case .yield: return "yield"
        case .sleep: return "sleep"
        case .write: return "write"
        case .read: return "read"
        case .handleClose: return "handle_close"
        case .handleDuplicate: return "handle_duplicate"
        case .channelCreate: return "channel_create"
        case .channelSend: return "channel_send"
        case .channelReceive: return "channel_receive"
        case .notificationCreate: return "notification_create"
        case .notificationSignal: return "notification_signal"
        case .notificationWait: return "notification_wait"
        case .memoryCreate: return "memory_create"
        case .memoryMap: return "memory_map"
        case .spawn: return "spawn"
        case .taskWait: return "task_wait"
        case .taskKill: return "task_kill"
        case .taskArguments: return "task_arguments"
        case .systemInfo: return "system_info"
        case .systemTask: return "system_task"
        case .handleInfo: return "handle_info"
        case .taskSetPriority: return "task_set_priority"
        case .taskID: return "task_id"
        }
    }
}
