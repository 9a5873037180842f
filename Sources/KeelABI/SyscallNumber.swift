/// The system call numbers (docs/syscalls.md): `rax` on `syscall`.
/// Shared by the kernel and the user runtime so the two cannot disagree.
/// Calls that do what a Linux x86-64 call does take its number (read 0,
/// write 1, sched_yield 24, exit 60): gdb's `catch syscall`
/// names syscalls from its amd64-linux table. Keel's own calls start at 1000,
/// above any Linux number, so gdb shows them by number rather than misnamed.
public enum SyscallNumber: UInt64, CaseIterable, Sendable {
    case exit = 60
    case yield = 24
    case sleep = 1000
    case write = 1
    case read = 0
    case handleClose = 1001
    case handleDuplicate = 1002
    case channelCreate = 1003
    case channelSend = 1004
    case channelReceive = 1005
    case notificationCreate = 1006
    case notificationSignal = 1007
    case notificationWait = 1008
    case memoryCreate = 1009
    case memoryMap = 1010
    case spawn = 1011
    case taskWait = 1012
    case taskKill = 1013
    case taskArguments = 1014
    case systemInfo = 1015
    case systemTask = 1016
    case handleInfo = 1017
    case taskSetPriority = 1018
    case taskID = 1019

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
