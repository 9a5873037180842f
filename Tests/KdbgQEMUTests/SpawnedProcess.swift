import Foundation

/// A child started with posix_spawn rather than Foundation's Process
/// (whose exit detection waits for EOF on a socket the child inherits, so
/// it hangs while any grandchild, such as a daemonized tmux server or an
/// orphaned QEMU, keeps that socket). The child gets `stdin` (default
/// /dev/null), a file as stdout and stderr, no other descriptor (closefrom
/// 3), an empty signal mask and default dispositions; it is reaped by
/// waitpid against a deadline.
struct SpawnedProcess {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let pid: pid_t
    let argv: [String]

    init(_ argv: [String], output: String, stdin: Int32? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin { posix_spawn_file_actions_adddup2(&actions, stdin, 0) } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        try Self.closeFrom3(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The test runner may block or ignore signals (SIGPIPE, SIGINT); the
        // child must see Ctrl-C and hangups as it would under a shell.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in [SIGINT, SIGPIPE, SIGHUP, SIGTERM, SIGQUIT, SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, environ)
        guard spawned == 0 else { throw Failure(description: "cannot start \(argv[0]): \(String(cString: strerror(spawned)))") }
        self.pid = pid
        self.argv = argv
    }

    /// Waits for the exit; the status, or 128+signal. After `timeout`
    /// seconds the child is killed and this throws.
    func wait(timeout: Double) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { throw Failure(description: "waitpid \(pid): \(String(cString: strerror(errno)))") }
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                throw Failure(description: "\(argv.joined(separator: " ")) did not finish within \(timeout) s")
            }
            usleep(5_000)
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Runs `argv` to completion (see wait).
    static func run(_ argv: [String], output: String, timeout: Double) throws -> Int32 {
        try SpawnedProcess(argv, output: output).wait(timeout: timeout)
    }

    /// Closes every descriptor from 3 up in the child, atomically at spawn
    /// (glibc 2.34's posix_spawn_file_actions_addclosefrom_np, which Swift's
    /// Glibc module does not import): a descriptor another test opens
    /// meanwhile must not end up held by a long-lived grandchild.
    static func closeFrom3(_ actions: inout posix_spawn_file_actions_t) throws {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            throw Failure(description: "glibc has no posix_spawn_file_actions_addclosefrom_np (2.34 or later needed)")
        }
        let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
        let status = closeFrom(&actions, 3)
        guard status == 0 else { throw Failure(description: "addclosefrom_np: \(String(cString: strerror(status)))") }
    }
}
