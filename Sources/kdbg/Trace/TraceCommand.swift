import ArgumentParser
import Glibc
import LinuxDebugTarget
import SyscallTrace

/// Set by SIGINT/SIGTERM while attached: detach and stop.
nonisolated(unsafe) var traceInterrupted: sig_atomic_t = 0

/// `kdbg trace`: strace-like syscall tracing of a new or running process.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Trace the system calls of a program (like strace).",
        discussion: """
            kdbg trace -- ls /tmp               one line per syscall, on stderr
            kdbg trace -f -e openat,write -- make   follow children, only two syscalls
            kdbg trace -c -- ./prog             a summary table instead
            kdbg trace --attach PID             trace a running process (Ctrl-C detaches)
            """)

    @Flag(name: .customShort("f"), help: "Follow threads and child processes.")
    var follow = false

    @Option(name: .customShort("e"), help: "Syscalls to show: NAME[,NAME...] or trace=NAME[,...].")
    var expression: String?

    @Option(name: .customShort("o"), help: "Write the trace to FILE instead of stderr.")
    var outputFile: String?

    @Flag(name: .customShort("T"), help: "Show the time spent in each syscall.")
    var durations = false

    @Flag(name: .customShort("c"), help: "Count calls, errors and time per syscall; print a summary table.")
    var summary = false

    @Option(name: .customShort("s"), help: "Longest string shown (bytes).")
    var stringLimit = 32

    @Option(name: [.long, .customShort("p")], help: "Attach to the running process PID.")
    var attach: Int32?

    @Argument(parsing: .postTerminator, help: "The program to run and its arguments (after --).")
    var program: [String] = []

    func validate() throws {
        if attach == nil && program.isEmpty { throw ValidationError("no program to trace: give -- PROG [ARGS...] or --attach PID") }
        if attach != nil && !program.isEmpty { throw ValidationError("give either --attach PID or a program, not both") }
        if let attach, attach <= 0 { throw ValidationError("'\(attach)' is not a process id") }
        if stringLimit < 0 { throw ValidationError("-s must not be negative") }
        _ = try filter()
    }

    /// The syscall numbers of `-e`, nil for all.
    func filter() throws -> Set<UInt64>? {
        guard var text = expression else { return nil }
        if text.hasPrefix("trace=") { text.removeFirst("trace=".count) }
        if text == "all" { return nil }
        var numbers: Set<UInt64> = []
        for name in text.split(separator: ",") {
            guard let number = SyscallTable.number(String(name)) else {
                throw ValidationError("-e: '\(name)' is not an x86_64 syscall")
            }
            numbers.insert(number)
        }
        return numbers
    }

    func run() throws {
        var options = TraceOptions()
        options.followForks = follow
        options.filter = try filter()
        options.showDurations = durations
        options.summaryOnly = summary
        options.stringLimit = stringLimit

        // An inherited SIG_IGN for SIGCHLD would have exited tasks reaped unseen.
        signal(SIGCHLD, SIG_DFL)
        let output = try TraceOutput(path: outputFile)
        let tracer = SyscallTracer(options: options) { output.write($0 + "\n") }
        tracer.shouldStop = { traceInterrupted != 0 }
        if outputFile != nil { tracer.notice = { TraceOutput.stderr($0 + "\n") } }
        let status: Int32
        do {
            if let attach {
                var action = sigaction()
                action.__sigaction_handler.sa_handler = { _ in traceInterrupted = 1 }
                sigaction(SIGINT, &action, nil)  // no SA_RESTART: waitpid returns EINTR
                sigaction(SIGTERM, &action, nil)
                // A parent may have started us with them blocked.
                var set = sigset_t()
                sigemptyset(&set)
                sigaddset(&set, SIGINT)
                sigaddset(&set, SIGTERM)
                pthread_sigmask(SIG_UNBLOCK, &set, nil)
                status = try tracer.attach(attach)
            } else {
                status = try tracer.run(program)
            }
        } catch {
            output.discard()
            TraceOutput.stderr("kdbg trace: \(error)\n")
            throw ExitCode(1)
        }
        if summary { output.write(tracer.summary.text) }
        do {
            try output.finish()
        } catch {
            TraceOutput.stderr("kdbg trace: \(error)\n")
            throw ExitCode(1)
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// stderr, or a file written as FILE.tmp-PID and renamed at the end.
struct TraceOutput {
    let path: String?
    let temporary: String?
    let fd: Int32

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(path: String?) throws {
        self.path = path
        guard let path else {
            temporary = nil
            fd = 2
            return
        }
        let temporary = "\(path).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ValidationError("-o: cannot create '\(path)': \(String(cString: strerror(errno)))")
        }
        self.temporary = temporary
        self.fd = fd
    }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    func finish() throws {
        guard let path, let temporary else { return }
        guard close(fd) == 0, rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot write '\(path)': \(message)")
        }
    }

    func discard() {
        guard let temporary else { return }
        close(fd)
        unlink(temporary)
    }

    static func stderr(_ text: String) {
        TraceOutput(fdOnly: 2).write(text)
    }

    private init(fdOnly: Int32) {
        path = nil
        temporary = nil
        fd = fdOnly
    }
}
