import ArgumentParser
import Foundation
import KernelDebugger

/// Runs a connected session: the -ex/-x commands in batch mode, or the
/// readline REPL. Returns the exit status.
struct DebuggerFrontend {
    let session: DebugSession
    let options: SessionOptions

    var color: Bool {
        !options.noColor && ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(1) != 0
    }

    func makeContext() -> CommandContext {
        var width: Int32 = 80
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { width = Int32(size.ws_col) }
        let context = CommandContext(session: session, color: color, interactive: isatty(2) != 0 && !options.json,
                                     terminalWidth: Int(width))
        context.progress = { FileHandle.standardError.write(Data($0.utf8)) }
        if !options.json { context.notice = { FileHandle.standardOutput.write(Data($0.utf8)) } }
        return context
    }

    /// Batch commands: every -ex in order, then the script (which stops at its
    /// first failing command, as gdb's -x does). The status is the last command's.
    func runBatch() throws -> Int32 {
        var lines = options.commands.map { (text: $0, fromScript: false) }
        if let script = options.script {
            guard let text = try? String(contentsOfFile: script, encoding: .utf8) else {
                throw ValidationError("-x \(script): cannot read the script")
            }
            lines += text.split(separator: "\n", omittingEmptySubsequences: true).map { (String($0), true) }
        }
        let interpreter = CommandInterpreter(context: makeContext())
        let printer = OutputPrinter(json: options.json, color: color)
        var status: Int32 = 0
        for (line, fromScript) in lines {
            let started = Date()
            let outcome = interpreter.execute(line)
            if case .quit = outcome { break }
            if case .empty = outcome { continue }
            status = printer.print(outcome, line: line, seconds: Date().timeIntervalSince(started))
            if status != 0 && fromScript { break }
        }
        return status
    }

    /// The interactive loop; Ctrl-D or `quit` ends it.
    func runREPL() -> Int32 {
        let context = makeContext()
        let interpreter = CommandInterpreter(context: context)
        let printer = OutputPrinter(json: options.json, color: color)
        let editor = LineEditor(prompt: "(kdbg) ", historyPath: LineEditor.defaultHistoryPath,
                                candidates: CompletionCandidates(image: session.image, registers: session.layout.names))
        var last = ""
        var status: Int32 = 0
        while let (line, interrupted) = editor.readLine() {
            var text = line
            if text.trimmingCharacters(in: .whitespaces).isEmpty {
                // Like gdb, Enter repeats a stepping command; not after Ctrl-C.
                guard !interrupted, ["stepi", "si", "step", "s", "next", "n"].contains(CommandInterpreter.split(last).name) else { continue }
                text = last
            }
            last = text
            let outcome = interpreter.execute(text)
            if case .quit = outcome { break }
            status = printer.print(outcome, line: text)
            if case .disconnected(let why) = session.state, why != "detached", why != "killed" {
                FileHandle.standardError.write(Data("kdbg: \(why); `quit` to leave\n".utf8))
            }
        }
        FileHandle.standardOutput.write(Data("\n".utf8))
        return status
    }

    /// Leaves the target running when kdbg quits while still attached.
    func detachIfAttached() {
        if case .stopped = session.state { try? session.detach() }
    }

    func run() throws -> Int32 {
        let status = options.isBatch ? try runBatch() : runREPL()
        detachIfAttached()
        return status
    }
}

/// Loads the kernel image named by --kernel (missing is fine only with --no-symbols).
func loadImage(_ options: SessionOptions) throws -> KernelImage? {
    if options.noSymbols && !FileManager.default.fileExists(atPath: options.kernel) { return nil }
    do {
        return try KernelImage(path: options.kernel)
    } catch {
        throw Failure(error)
    }
}

/// A kdbg failure with its exit status: printed as `kdbg: message`.
struct Failure: Error, CustomStringConvertible {
    let message: String
    let status: Int32

    init(_ error: DebuggerError) {
        message = error.description
        status = error.exitStatus
    }

    var description: String { message }

    /// Prints the error and exits with its status.
    func exit() -> Never {
        FileHandle.standardError.write(Data("kdbg: \(message)\n".utf8))
        Foundation.exit(status)
    }
}
