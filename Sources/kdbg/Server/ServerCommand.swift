import ArgumentParser
import Glibc
import LinuxDebugTarget

/// `kdbg server`: a gdbserver for Linux processes over ptrace, on the same
/// GDBStub session the kernel's stub uses.
struct ServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Debug a Linux process with gdb over TCP (like gdbserver).",
        discussion: """
            kdbg server :1234 -- ./prog args     start prog stopped, wait for gdb
            kdbg server :1234 --attach PID       attach to a running process
            kdbg server --multi :1234            extended-remote: gdb runs and attaches

            Then in gdb: target remote :1234 (extended-remote with --multi).
            Forks and execs are reported to gdb (catch fork/exec, follow-fork-mode).
            When gdb leaves, a process started here is killed, an attached one detached.
            """)

    @Argument(help: "[HOST]:PORT to listen on (port 0 picks a free one).")
    var address: String

    @Option(name: .long, help: "Attach to the running process PID.")
    var attach: Int32?

    @Flag(name: .long, help: "Exit after the first connection closes.")
    var once = false

    @Flag(name: .long, help: "Extended-remote server: stays up without a process (gdb's run/attach/kill).")
    var multi = false

    @Flag(name: .long, help: "Start programs with address-space randomization (off by default, as in gdbserver).")
    var randomize = false

    @Argument(parsing: .postTerminator, help: "The program to start and its arguments (after --).")
    var program: [String] = []

    func validate() throws {
        guard ListeningSocket.parse(address) != nil else {
            throw ValidationError("'\(address)' is not [HOST]:PORT")
        }
        if attach != nil && !program.isEmpty { throw ValidationError("give either --attach PID or a program, not both") }
        if attach == nil && program.isEmpty && !multi {
            throw ValidationError("no program to debug: give -- PROG [ARGS...], --attach PID or --multi")
        }
        if let attach, attach <= 0 { throw ValidationError("'\(attach)' is not a process id") }
    }

    func run() throws {
        let log: (String) -> Void = { message in
            var line = message + "\n"
            line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
        }
        let childSignals = ServerLoop.childSignalDescriptor()
        var process: TracedProcess?
        do {
            if let attach {
                process = try TracedProcess.attach(attach)
                log("Attached; pid = \(attach)")
            } else if !program.isEmpty {
                process = try TracedProcess.launch(program, randomize: randomize)
                log("Process \(program[0]) created; pid = \(process!.pid)")
            }
        } catch {
            log("kdbg server: \(error)")
            throw ExitCode(1)
        }
        let (host, port) = ListeningSocket.parse(address)!
        let listener: ListeningSocket
        do {
            listener = try ListeningSocket(host: host, port: port)
        } catch {
            log("kdbg server: \(error)")
            if let process { process.startedByUs ? process.killProcess() : process.detach() }
            throw ExitCode(1)
        }
        log("Listening on port \(listener.port)")
        var target = LinuxDebugTarget(process: process)
        target.randomizeAddresses = randomize
        var loop = ServerLoop(target: target, listener: listener, once: once, multi: multi,
                              childSignals: childSignals, log: log)
        let status = loop.run()
        if status != 0 { throw ExitCode(status) }
    }
}
