import KeelABI

/// A message in flight: bytes copied out of the sender and handles moved out
/// of its table, held by the kernel until a receiver takes them.
struct ChannelMessage {
    var bytes: [UInt8]
    var handles: [HandleEntry]
}

/// A synchronous channel with two ends (side 0 and 1). `send` on one side
/// queues the sender (blocked, its message attached) for the other side and
/// returns when a receiver there has taken the message; `receive` takes the
/// oldest queued sender's message or blocks until one comes. When the last
/// handle to a side is closed, the other side's pending and future calls
/// fail with peerClosed.
final class ChannelObject {
    /// Senders waiting for side i to receive.
    private(set) var waitingSenders: ([Task], [Task]) = ([], [])
    /// Receivers blocked on side i.
    private var waitingReceivers: ([Task], [Task]) = ([], [])
    private var openHandles: (Int, Int) = (0, 0)

    func isOpen(_ side: Int) -> Bool { side == 0 ? openHandles.0 > 0 : openHandles.1 > 0 }

    func endOpened(_ side: Int) {
        if side == 0 { openHandles.0 += 1 } else { openHandles.1 += 1 }
    }

    func endClosed(_ side: Int) {
        if side == 0 { openHandles.0 -= 1 } else { openHandles.1 -= 1 }
        guard !isOpen(side) else { return }
        // Nobody can receive on `side` any more; nobody will send to the other side.
        for sender in senders(to: side) { Scheduler.wake(sender) }
        wakeReceivers(on: 1 - side)
    }

    func senders(to side: Int) -> [Task] { side == 0 ? waitingSenders.0 : waitingSenders.1 }

    func enqueue(_ sender: Task, to side: Int) {
        if side == 0 { waitingSenders.0.append(sender) } else { waitingSenders.1.append(sender) }
    }

    func remove(_ sender: Task, from side: Int) {
        if side == 0 { waitingSenders.0.removeAll { $0 === sender } } else { waitingSenders.1.removeAll { $0 === sender } }
    }

    func addReceiver(_ task: Task, on side: Int) {
        if side == 0 { waitingReceivers.0.append(task) } else { waitingReceivers.1.append(task) }
    }

    func removeReceiver(_ task: Task, on side: Int) {
        if side == 0 { waitingReceivers.0.removeAll { $0 === task } } else { waitingReceivers.1.removeAll { $0 === task } }
    }

    /// Wakes every receiver blocked on `side` (a message came, or the sender side closed).
    func wakeReceivers(on side: Int) {
        let woken = side == 0 ? waitingReceivers.0 : waitingReceivers.1
        if side == 0 { waitingReceivers.0.removeAll() } else { waitingReceivers.1.removeAll() }
        for task in woken { Scheduler.wake(task) }
    }
}
