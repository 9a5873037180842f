/// A notification word: `signal` ORs bits in and wakes the waiters; `wait`
/// takes all pending bits, blocking while there are none.
final class NotificationObject {
    var pending: UInt64 = 0
    var waiters: [Task] = []

    func signal(_ bits: UInt64) {
        pending |= bits
        let woken = waiters
        waiters.removeAll()
        for task in woken { Scheduler.wake(task) }
    }
}
