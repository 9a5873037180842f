// elfkit: a readelf-like inspector built on the portable ElfKit reader.
// Each subcommand lives in its own file; docs/elfkit.md describes the
// output, the JSON schema and the exit codes.

import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct Elfkit: ParsableCommand {
    static let toolVersion = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "elfkit",
        abstract: "Inspect ELF files readelf-style (headers, sections, segments, symbols, notes, relocations, dynamic section) and symbolize addresses.",
        discussion: """
            Tables match GNU readelf -W so the two can be diffed; --json prints one \
            JSON document instead. Exit status: 0 ok, 1 the file could not be read \
            or is malformed, 2 bad usage.
            """,
        version: toolVersion,
        subcommands: [InfoCommand.self, SectionsCommand.self, SegmentsCommand.self, SymbolsCommand.self,
                      NotesCommand.self, RelocsCommand.self, DynamicCommand.self, SymbolizeCommand.self,
                      MemmapCommand.self, PackCommand.self, ListCommand.self, UnpackCommand.self])

    /// Like ParsableCommand.main, but bad usage exits 2 (the project's
    /// convention) rather than argument-parser's EX_USAGE (64).
    static func main() {
        signal(SIGPIPE, SIG_IGN)  // a closed pipe is handled where we write
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.isEmpty {
            // No subcommand is bad usage, not a request for help.
            writeStderr(helpMessage() + "\n")
            Glibc.exit(2)
        }
        if let first = arguments.first, !first.hasPrefix("-"),
           !configuration.subcommands.contains(where: { $0._commandName == first }) && first != "help" {
            writeStderr("Error: unknown subcommand '\(first)'\nUsage: " + usageString() + "\n  See 'elfkit --help' for more information.\n")
            Glibc.exit(2)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                writeStderr(fullMessage(for: error) + "\n")
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }

    static func writeStderr(_ s: String) {
        var s = s
        s.withUTF8 { p in _ = write(2, p.baseAddress, p.count) }
    }
}

/// Options every subcommand takes.
struct CommonOptions: ParsableArguments {
    @Flag(help: "Print one JSON document instead of the table (schema: docs/elfkit.md).")
    var json = false

    @Flag(help: "Never color the output (also: NO_COLOR=1 in the environment; colors are only used on a terminal).")
    var noColor = false

    /// Styling for standard output.
    var style: Style { Style(enabled: Style.allowed(fd: 1, noColorFlag: noColor)) }
}
