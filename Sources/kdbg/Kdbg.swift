// kdbg: the host debugger for the Keel kernel. It speaks the GDB remote
// protocol (the kernel's stub on COM2, QEMU's gdbstub, gdbserver) and knows
// kernels: page tables, memory maps and the kernel log. Each subcommand
// lives in its own file; docs/kdbg.md shows real sessions.

import ArgumentParser
import Foundation

@main
struct Kdbg: ParsableCommand {
    static let toolVersion = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "kdbg",
        abstract: "Debug the Keel kernel over its GDB stub: page tables, memory maps and the kernel log first-class.",
        discussion: """
            kdbg attach TARGET connects to a running stub; kdbg run boots the kernel \
            under QEMU and attaches; kdbg symbolize annotates backtraces in a log; kdbg server and kdbg trace \
            debug and trace Linux processes through ptrace. \
            Exit status: 0 ok, 1 a command or the target failed, 2 bad usage.
            """,
        version: toolVersion,
        subcommands: [AttachCommand.self, RunCommand.self, SymbolizeCommand.self,
                      ServerCommand.self, TraceCommand.self])

    /// Like ParsableCommand.main, but bad usage exits 2 (the project's
    /// convention) rather than argument-parser's EX_USAGE (64).
    static func main() {
        signal(SIGPIPE, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.isEmpty {
            FileHandle.standardError.write(Data((helpMessage() + "\n").utf8))
            Foundation.exit(2)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
