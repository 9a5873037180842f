import Foundation
import KernelDebugger

/// QEMU started for `kdbg run`: the contract's flags, the console on a log
/// file, COM2 (the stub) on a private unix socket. Stopped when kdbg exits.
final class QEMULauncher {
    private(set) var pid: pid_t = 0
    let directory: String
    let socketPath: String
    let consolePath: String

    init(kernel: String, initrd: String?, append: String, console: String?, extraArguments: [String]) throws {
        guard FileManager.default.fileExists(atPath: kernel) else {
            throw Failure(.usage("\(kernel): no kernel image; build it with `make kernel` or pass --kernel"))
        }
        if let initrd, !FileManager.default.fileExists(atPath: initrd) {
            throw Failure(.usage("--initrd \(initrd): no such file"))
        }
        guard let qemu = QEMULauncher.find("qemu-system-x86_64") else {
            throw Failure(.connection("qemu-system-x86_64 not found (make deps installs it)"))
        }
        var template = Array((NSTemporaryDirectory() + "kdbg-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw Failure(.failed("cannot create a temporary directory")) }
        directory = String(cString: made)
        socketPath = directory + "/gdb.sock"
        consolePath = console ?? directory + "/console.log"
        guard FileManager.default.createFile(atPath: consolePath, contents: nil) else {
            rmdir(directory)
            throw Failure(.usage("--console \(consolePath): cannot create the file (\(String(cString: strerror(errno))))"))
        }
        var arguments = ["-kernel", kernel]
        if let initrd { arguments += ["-initrd", initrd] }
        arguments += ["-append", append, "-m", "256M", "-display", "none", "-no-reboot",
                      "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                      "-serial", "file:" + consolePath, "-serial", "unix:\(socketPath),server=on,wait=off",
                      "-monitor", "none"] + extraArguments
        pid = try Self.spawn(qemu, arguments, log: directory + "/qemu.log")
        QEMULauncher.stopOnTermination(pid)
    }

    /// QEMU's pid for the termination handler (a signal handler can only
    /// read a global).
    nonisolated(unsafe) static var childForSignals: pid_t = 0

    /// QEMU runs in its own process group, so a hangup or kill of kdbg
    /// (closing the terminal, tmux kill-session) does not reach it: kdbg's
    /// handler stops it, then kdbg ends as the signal would have ended it.
    static func stopOnTermination(_ pid: pid_t) {
        childForSignals = pid
        for sig in [SIGHUP, SIGTERM, SIGQUIT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                if QEMULauncher.childForSignals > 0 { kill(QEMULauncher.childForSignals, SIGKILL) }
                signal(sig, SIG_DFL)
                raise(sig)
            }
            sigemptyset(&action.sa_mask)
            sigaction(sig, &action, nil)
        }
    }

    /// util-linux's setpriv, which sets the parent-death signal
    /// (prctl PR_SET_PDEATHSIG) and then execs QEMU: a kdbg killed with
    /// SIGKILL, which no handler sees, still takes QEMU down with it.
    static let deathSignalWrapper = "/usr/bin/setpriv"

    /// Starts QEMU in its own process group, so the Ctrl-C typed at kdbg's
    /// prompt (sent to the terminal's foreground group) interrupts the
    /// kernel through kdbg instead of killing QEMU. stdin is /dev/null,
    /// stdout and stderr go to `log`. QEMU gets SIGKILL when kdbg dies
    /// (through setpriv --pdeathsig, when util-linux has it); the
    /// spawning thread must be one that lives as long as kdbg (the main
    /// thread), since the signal follows the thread that forked.
    static func spawn(_ qemu: String, _ qemuArguments: [String], log: String) throws -> pid_t {
        var path = qemu
        var arguments = qemuArguments
        if FileManager.default.isExecutableFile(atPath: deathSignalWrapper) {
            path = deathSignalWrapper
            arguments = ["--pdeathsig", "KILL", "--", qemu] + qemuArguments
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard status == 0 else { throw Failure(.connection("cannot start \(path): \(String(cString: strerror(status)))")) }
        return pid
    }

    /// Whether QEMU still runs; reaps it when it has exited.
    var isRunning: Bool {
        guard pid > 0 else { return false }
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid {
            exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            pid = 0
            return false
        }
        return r == 0
    }

    /// QEMU's exit status once it has ended by itself.
    private(set) var exitStatus: Int32?

    static func find(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Connects to the stub's socket once QEMU has made it.
    func connect(timeout: Double) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !isRunning {
                let why = (try? String(contentsOfFile: directory + "/qemu.log", encoding: .utf8)) ?? ""
                throw Failure(.connection("QEMU exited with status \(exitStatus ?? -1) before the stub was ready\n\(why)"))
            }
            if FileManager.default.fileExists(atPath: socketPath), let fd = try? Connector.open(.unixSocket(path: socketPath)) {
                return fd
            }
            usleep(20_000)
        }
        throw Failure(.connection("QEMU's COM2 socket \(socketPath) did not appear within \(Int(timeout)) s"))
    }

    /// Stops QEMU (SIGTERM, then SIGKILL) and removes the socket.
    func stop() {
        QEMULauncher.childForSignals = 0
        if isRunning {
            let child = pid
            kill(child, SIGTERM)
            let deadline = Date().addingTimeInterval(2)
            while isRunning && Date() < deadline { usleep(10_000) }
            if isRunning {
                kill(child, SIGKILL)
                var status: Int32 = 0
                waitpid(child, &status, 0)
                pid = 0
            }
        }
        unlink(socketPath)
        unlink(directory + "/qemu.log")
        if consolePath.hasPrefix(directory) {
            // The console log stays only when asked for with --console.
            unlink(consolePath)
        }
        rmdir(directory)
    }
}
