import ArgumentParser
import Foundation
import KernelDebugger

/// `kdbg run`: boot the kernel under QEMU and attach to its stub.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Boot the kernel under QEMU (stub on a private unix socket) and attach; QEMU stops when kdbg exits.",
        discussion: """
            Builds nothing: run `make kernel` first. The kernel command line gets gdb=wait \
            (unless --append already sets gdb=), so the kernel stops at its Swift entry \
            and breakpoints can be set before it runs. COM1 goes to --console FILE \
            (a temporary file by default, removed at exit).
            """)

    @Option(name: .long, help: "The kernel command line (e.g. \"selftest=boot\").")
    var append: String = ""

    @Option(name: .long, help: "The boot archive to pass as -initrd.")
    var initrd: String?

    @Option(name: .long, help: ArgumentHelp("Write the console (COM1) to FILE and keep it.", valueName: "FILE"))
    var console: String?

    @Option(name: .customLong("qemu-arg"), help: ArgumentHelp("An extra QEMU argument (repeatable).", valueName: "ARG"))
    var qemuArguments: [String] = []

    @OptionGroup var options: SessionOptions

    func run() throws {
        InterruptFlag.install()
        var commandLine = append
        if !commandLine.split(separator: " ").contains(where: { $0.hasPrefix("gdb=") }) {
            commandLine = (commandLine.isEmpty ? "" : commandLine + " ") + "gdb=wait"
        }
        let status: Int32
        var qemu: QEMULauncher?
        do {
            let image = try loadImage(options)
            let launcher = try QEMULauncher(kernel: options.kernel, initrd: initrd, append: commandLine, console: console,
                                            extraArguments: qemuArguments)
            qemu = launcher
            let fd = try launcher.connect(timeout: 10)
            let session = try DebugSession(fd: fd, image: image, timeout: options.timeout)
            if !options.isBatch {
                print("QEMU started (pid \(launcher.pid)), console in \(launcher.consolePath).")
                print(StopSummary.line(session))
            }
            status = try DebuggerFrontend(session: session, options: options).run()
            qemu?.stop()
        } catch let error as DebuggerError {
            qemu?.stop()
            Failure(error).exit()
        } catch let error as Failure {
            qemu?.stop()
            error.exit()
        } catch {
            qemu?.stop()
            throw error
        }
        if status != 0 { throw ExitCode(status) }
    }
}
