#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C, as a flag a SIGINT handler sets and the waiting code polls: a
/// running target is interrupted (0x03), a long transfer is cancelled, a
/// prompt discards its line. A signal handler may only store to a
/// `sig_atomic_t`, so that is all it does.
public enum InterruptFlag {
    nonisolated(unsafe) private static let storage: UnsafeMutablePointer<sig_atomic_t> = {
        let p = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()

    /// The thread that reads the prompt: SIGINT may be delivered to any
    /// thread, and only an interrupted read on this one wakes readline.
    nonisolated(unsafe) private static var mainThread = pthread_self()

    /// Installs the SIGINT handler (instead of the default, which ends kdbg).
    /// Call it from the thread that reads input.
    public static func install() {
        _ = storage
        mainThread = pthread_self()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in InterruptFlag.raiseFromSignal() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // A parent may have started kdbg with SIGINT blocked (test runners,
        // some shells' background jobs); Ctrl-C must still arrive.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        // A peer that closes the socket must give an error, not kill kdbg.
        signal(SIGPIPE, SIG_IGN)
    }

    static func raiseFromSignal() {
        storage.pointee = 1
        if pthread_equal(pthread_self(), mainThread) == 0 { pthread_kill(mainThread, SIGINT) }
    }

    /// Sets the flag as Ctrl-C would (tests, timers).
    public static func raise() { storage.pointee = 1 }

    /// Whether Ctrl-C was pressed since the last `clear`; clears it.
    public static func consume() -> Bool {
        guard storage.pointee != 0 else { return false }
        storage.pointee = 0
        return true
    }

    public static var isRaised: Bool { storage.pointee != 0 }

    public static func clear() { storage.pointee = 0 }
}
