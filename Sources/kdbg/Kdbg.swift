import ArgumentParser
import Glibc

/// kdbg: Keel's debugger tools. (This worktree holds the Linux process
/// subcommands; the lead merges the subcommand lists.)
@main
struct Kdbg: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kdbg",
        abstract: "Debug and trace: a gdbserver for Linux processes, a syscall tracer.",
        version: "0.1.0",
        subcommands: [ServerCommand.self, TraceCommand.self])

    /// Like ParsableCommand.main, but bad usage exits 2 (the project's
    /// convention) rather than argument-parser's EX_USAGE (64).
    static func main() {
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                var message = fullMessage(for: error) + "\n"
                message.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }
}
