import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A kernel under QEMU with its GDB stub port (COM2) on a loopback TCP
/// chardev, for tests that drive the real gdb or talk RSP directly. COM1 is
/// collected like QEMUMachine does.
public final class DebuggableMachine {
    public let port: UInt16
    private let process = Process()
    private let console = OutputBuffer()
    private let stdout = Pipe()
    /// The console's input: kept open (gdbTypesOnConsole writes through /proc).
    private let stdin = Pipe()

    /// Boots with `append`; `extraArguments` go to QEMU (e.g. its own `-gdb`).
    public init(append: String, extraArguments: [String] = []) throws {
        guard FileManager.default.fileExists(atPath: QEMUMachine.kernelPath) else {
            throw QEMUMachine.Failure.missingKernel(QEMUMachine.kernelPath)
        }
        guard let qemu = QEMUMachine.qemuPath() else { throw QEMUMachine.Failure.missingQEMU }
        port = try Self.freePort()
        process.executableURL = URL(fileURLWithPath: qemu)
        process.arguments = ["-kernel", QEMUMachine.kernelPath, "-append", append, "-m", "256M", "-display", "none",
                             "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                             "-serial", "stdio", "-serial", "tcp:127.0.0.1:\(port),server=on,wait=off,nodelay=on",
                             "-monitor", "none"]
            + (QEMUMachine.defaultInitrd.map { ["-initrd", $0] } ?? []) + extraArguments
        process.standardOutput = stdout
        process.standardError = stdout
        process.standardInput = stdin
        console.follow(stdout.fileHandleForReading)
        try process.run()
        // Wait until QEMU listens on the port.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let probe = try? RawConnection(port: port) { probe.close(); break }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    deinit { if process.isRunning { process.terminate() } }

    /// A gdb command that types `line` and a newline on the console when gdb
    /// gets to it (through QEMU's stdin, the console's input): put it before
    /// `continue` to act on the kernel at a known point of a gdb script.
    public func gdbTypesOnConsole(_ line: String) -> String {
        precondition(!line.contains("'"), "the line is passed in single quotes")
        return "shell printf '%s\\n' '\(line)' > /proc/\(process.processIdentifier)/fd/0"
    }

    public var consoleText: String { console.text.replacingOccurrences(of: "\r\n", with: "\n") }
    public var isRunning: Bool { process.isRunning }

    /// Waits until the console shows `text` (e.g. the monitor's prompt);
    /// false if it does not within `timeout` seconds or QEMU exits.
    @discardableResult
    public func waitForConsole(_ text: String, timeout: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if consoleText.contains(text) { return true }
            if !process.isRunning { return false }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    /// Waits for the kernel to power off; kills QEMU after `timeout`.
    public func waitForExit(timeout: Double = 60) -> QEMUMachine.Result {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        stdout.fileHandleForReading.readabilityHandler = nil
        // The handler may not have seen the last bytes QEMU wrote before it
        // exited (a loaded host shows it): read what is left in the pipe.
        console.drain(stdout.fileHandleForReading)
        return QEMUMachine.Result(output: consoleText, status: process.terminationStatus)
    }

    /// Runs gdb in batch mode on kernel.elf: `target remote` to this machine,
    /// then `commands`.
    public func runGDB(_ commands: [String], timeout: Double = 60) throws -> String {
        try Self.runGDB(["set pagination off", "set confirm off", "target remote 127.0.0.1:\(port)"] + commands,
                        timeout: timeout)
    }

    /// A gdb command that makes gdb receive SIGINT `seconds` later, as a
    /// terminal's Ctrl-C would: put it right before `continue`.
    public static func ctrlC(after seconds: Double) -> String {
        "python import threading, os, signal; threading.Timer(\(seconds), lambda: os.kill(os.getpid(), signal.SIGINT)).start()"
    }

    public static func runGDB(_ commands: [String], timeout: Double = 60) throws -> String {
        let text = try runGDBProcess(["-q", "-batch", "-nx"] + commands.flatMap { ["-ex", $0] } + [QEMUMachine.kernelPath],
                                     timeout: timeout)
        // gdb's complaints about Swift's DWARF (DWO references to module caches) are noise here.
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("During symbol reading") && !$0.contains(".debug_names") }
            .joined(separator: "\n")
    }

    public static func freePortForTests() throws -> UInt16 { try freePort() }

    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw QEMUMachine.Failure.missingQEMU }
        return UInt16(bigEndian: address.sin_port)
    }
}

/// A plain TCP connection to the stub, for sending it bytes gdb never would.
public final class RawConnection {
    private let fd: Int32

    public init(port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        let connected = withUnsafePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { Glibc.close(fd); throw QEMUMachine.Failure.missingQEMU }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    public func send(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { _ = Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    public func send(_ text: String) { send(Array(text.utf8)) }

    /// A well-formed packet `$payload#cc`.
    public func sendPacket(_ payload: String) {
        let sum = payload.utf8.reduce(UInt8(0), &+)
        send("$\(payload)#" + String(format: "%02x", sum))
    }

    /// What arrives until `done` holds for everything received so far, the
    /// peer closes, or `timeout` seconds pass (the deadline is generous: a
    /// loaded CI host moves UART bytes slowly, so fixed windows flake).
    public func receive(timeout: Double = 30, until done: (String) -> Bool) -> String {
        var result = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 {
                result += buffer[0..<n]
                if done(String(decoding: result, as: UTF8.self)) { break }
            } else if n == 0 {
                break
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    public func close() { Glibc.close(fd) }
}
