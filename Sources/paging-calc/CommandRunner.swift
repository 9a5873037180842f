import ArgumentParser
import Glibc

/// Parses and runs one of paging-calc's commands with the project's exit
/// codes: 2 for bad usage (argument-parser's validation errors included, and
/// no arguments at all), 1 for a failure while running (an unreadable dump).
func runCommand<Command: ParsableCommand>(_ type: Command.Type, _ arguments: [String]) {
    if arguments.isEmpty {
        writeStderr(type.helpMessage() + "\n")
        Glibc.exit(2)
    }
    do {
        var command = try type.parseAsRoot(arguments)
        try command.run()
    } catch let failure as RunFailure {
        writeStderr("paging-calc: error: \(failure.message)\n")
        Glibc.exit(1)
    } catch let failure as UsageFailure {
        writeStderr("paging-calc: error: \(failure.message)\n")
        Glibc.exit(2)
    } catch {
        if type.exitCode(for: error) == .validationFailure {
            writeStderr(type.fullMessage(for: error) + "\n")
            Glibc.exit(2)
        }
        type.exit(withError: error)
    }
}
