import KeelABI

/// What a handle refers to. An enum rather than a class hierarchy: no
/// dynamic casts needed, and the kind is checked by pattern matching.
enum KernelObject {
    case console
    case system
    case task(Task)
    case channel(ChannelObject, side: Int)
    case memory(MemoryRegionObject)
    case notification(NotificationObject)

    var kind: ObjectKind {
        switch self {
        case .console: return .console
        case .system: return .system
        case .task: return .task
        case .channel: return .channel
        case .memory: return .memory
        case .notification: return .notification
        }
    }

    /// A new handle to the object exists (create, duplicate, copy to a child).
    func handleOpened() {
        if case .channel(let channel, let side) = self { channel.endOpened(side) }
    }

    /// A handle to the object is gone (closed, dropped with an undelivered message, task exit).
    func handleClosed() {
        if case .channel(let channel, let side) = self { channel.endClosed(side) }
    }
}

/// One slot of a handle table.
struct HandleEntry {
    var object: KernelObject
    var rights: Rights
}
