import CPtrace
import GDBStub
import Glibc
import LinuxDebugTarget

/// Runs GDB sessions over TCP for one `LinuxDebugTarget`: reads gdb's bytes
/// into the session, waits for the process's events through a signalfd
/// for SIGCHLD, and ends the process the way gdbserver does when gdb goes.
struct ServerLoop {
    var target: LinuxDebugTarget
    let listener: ListeningSocket
    let once: Bool
    let multi: Bool
    let childSignals: Int32
    let log: (String) -> Void

    /// Buffers live as long as the server (the session borrows them).
    let packetBuffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 0x20000)
    let replyBuffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 0x20000 + 64)

    /// Blocks SIGCHLD for the whole server (before any thread or child
    /// exists) and opens the signalfd that reports it.
    static func childSignalDescriptor() -> Int32 {
        // An inherited SIG_IGN would discard SIGCHLD before the signalfd sees it.
        signal(SIGCHLD, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        // SIGCHLD reports the process; the ending signals let the server
        // kill (or detach from) it before exiting, so none is left behind.
        for signal in [SIGCHLD, SIGTERM, SIGINT, SIGHUP] { sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
        return signalfd(-1, &set, Int32(SFD_CLOEXEC | SFD_NONBLOCK))
    }

    /// Serves connections until the process is gone (or, with `--multi`,
    /// forever unless `--once`). Returns the exit status.
    mutating func run() -> Int32 {
        while true {
            // Wait for gdb, but stay responsive to SIGTERM and friends.
            var fds = [pollfd(fd: listener.fd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: childSignals, events: Int16(POLLIN), revents: 0)]
            while fds[0].revents == 0 {
                fds[0].revents = 0
                fds[1].revents = 0
                guard poll(&fds, 2, -1) >= 0 || errno == EINTR else { break }
                if fds[1].revents != 0, let signal = drainChildSignals() { terminate(signal, &target) }
                if fds[1].revents != 0 { _ = target.poll() }
            }
            guard let (client, peer) = listener.accept() else {
                log("accept failed: \(String(cString: strerror(errno)))")
                return 1
            }
            log("Remote debugging from \(peer)")
            serve(client)
            close(client)
            if once { break }
            if !multi && !target.hasProcess { break }
            if !multi { log("Listening on port \(listener.port)") }
        }
        target.release()
        return 0
    }

    /// One gdb connection, until it closes, detaches or kills.
    mutating func serve(_ client: Int32) {
        var session = GDBServerSession(target: target, output: SocketSink(fd: client),
                                       packetBuffer: packetBuffer, replyBuffer: replyBuffer)
        session.attachedToExisting = !(target.process?.startedByUs ?? true)
        defer { target = session.target }
        var input = [UInt8](repeating: 0, count: 0x10000)
        var fds = [pollfd(fd: client, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: childSignals, events: Int16(POLLIN), revents: 0)]
        while true {
            guard session.output.flush() else { break }
            fds[0].revents = 0
            fds[1].revents = 0
            let ready = poll(&fds, 2, -1)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { break }
            if fds[1].revents != 0 {
                if let signal = drainChildSignals() { terminate(signal, &session.target) }
                let stop = session.target.poll()
                if session.state == .running, let stop {
                    handle(session.reportStop(stop), &session)
                }
            }
            if fds[0].revents != 0 {
                let n = input.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    gdbLeft(&session)
                    return
                }
                var finished = false
                for byte in input[0..<n] {
                    if let event = session.receive(byte) {
                        if !handle(event, &session) { finished = true }
                    }
                }
                if finished {
                    _ = session.output.flush()
                    return
                }
            }
        }
        gdbLeft(&session)
    }

    /// Carries out a session event; false when the connection should end.
    @discardableResult
    func handle(_ event: SessionEvent?, _ session: inout GDBServerSession<LinuxDebugTarget, SocketSink>) -> Bool {
        guard let event else { return true }
        switch event {
        case .resumed:
            // A kept event (or a process that already ended) answers at once.
            if let stop = session.target.poll() {
                return handle(session.reportStop(stop), &session)
            }
            return true
        case .stopRequested:
            session.target.interrupt()
            return true
        case .detached:
            log("Detached from process")
            return false
        case .killed:
            return session.extendedMode
        case .failed:
            return false
        }
    }

    /// gdb closed the connection without `D` or `k`: processes started
    /// here are killed, attached ones detached.
    func gdbLeft(_ session: inout GDBServerSession<LinuxDebugTarget, SocketSink>) {
        if let process = session.target.process, session.target.hasProcess {
            log(process.startedByUs ? "Connection closed: killing process \(process.pid)"
                                    : "Connection closed: detaching from process \(process.pid)")
        }
        session.target.release()
    }

    /// Reads the pending signals; returns an ending one (SIGTERM...), if any.
    /// Standard signals are pending at most once each, so one read of room
    /// for all four gets them all (a read per entry cost a syscall per step).
    func drainChildSignals() -> Int32? {
        var infos = [signalfd_siginfo](repeating: signalfd_siginfo(), count: 8)
        let size = MemoryLayout<signalfd_siginfo>.stride
        let n = infos.withUnsafeMutableBytes { read(childSignals, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        return infos[0..<(n / size)].last { Int32($0.ssi_signo) != SIGCHLD }.map { Int32($0.ssi_signo) }
    }

    /// Ends the process the way a disconnecting gdb would, then the server.
    func terminate(_ signal: Int32, _ target: inout LinuxDebugTarget) -> Never {
        log("Terminated by signal \(signal)")
        target.release()
        exit(128 + signal)
    }
}
