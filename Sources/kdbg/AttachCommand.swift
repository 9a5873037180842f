import ArgumentParser
import Foundation
import KernelDebugger

/// `kdbg attach TARGET`.
struct AttachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Attach to a GDB stub: a unix socket path, HOST:PORT, or a serial device/pty.",
        discussion: """
            The Keel stub sits on the kernel's COM2 (QEMU: -serial unix:PATH,server=on,wait=off \
            or -serial tcp:127.0.0.1:PORT,server=on,wait=off); QEMU's own gdbstub (-gdb) and \
            gdbserver work too for the generic commands. Attaching stops a running kernel; \
            quitting detaches and lets it run on.
            """)

    @Argument(help: "Unix socket path, HOST:PORT, or a serial device/pty path.")
    var target: String

    @Option(name: .long, help: "Serial line speed for a device or pty.")
    var baud: Int = 115200

    @OptionGroup var options: SessionOptions

    func run() throws {
        InterruptFlag.install()
        let status: Int32
        do {
            let address = try TargetAddress(parsing: target)
            let image = try loadImage(options)
            let fd = try Connector.open(address, baud: baud)
            let session = try DebugSession(fd: fd, image: image, timeout: options.timeout)
            if !options.isBatch {
                print("Attached to \(address) (\(session.stubName)).")
                print(StopSummary.line(session))
            }
            status = try DebuggerFrontend(session: session, options: options).run()
        } catch let error as DebuggerError {
            Failure(error).exit()
        } catch let error as Failure {
            error.exit()
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// The first line a REPL prints: where the target stopped.
enum StopSummary {
    static func line(_ session: DebugSession) -> String {
        guard let pc = try? session.pc else { return "The target is not stopped." }
        var text = "Stopped at \(hex16(pc))"
        if let image = session.image, let s = image.describe(pc) { text += " in \(s)" }
        if let loc = session.image?.location(of: pc) { text += " at \(loc.shortFile):\(loc.line)" }
        return text + "."
    }
}
