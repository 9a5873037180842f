import Foundation
import Testing
import TestSupport

/// A gdbserver-like process listening on a free port: `kdbg server` or GNU gdbserver.
final class DebugServer: @unchecked Sendable {
    enum Kind: String, CaseIterable {
        case kdbg
        case gdbserver
    }

    let process = Process()
    let port: Int
    let log = OutputBuffer()

    var kdbgPath: String {
        get throws { try Self.kdbg }
    }

    static var kdbg: String {
        get throws {
            guard let path = builtProduct(named: "kdbg") else { throw TestFailure("kdbg is not built (swift build --product kdbg)") }
            return path
        }
    }

    /// Starts `kind` with `arguments` after the address (e.g. `["--", prog]`
    /// or `["--attach", pid]`), waiting for "Listening on port N".
    init(_ kind: Kind, _ arguments: [String], once: Bool = true) throws {
        switch kind {
        case .kdbg:
            var args = ["server", ":0"]
            if once { args.append("--once") }
            configureWithDefaultSignals(process, try Self.kdbg, args + arguments)
        case .gdbserver:
            // Started like kdbg starts programs (no shell), so stacks match.
            var args = ["--no-startup-with-shell"]
            if once { args.append("--once") }
            if arguments.first == "--attach" {
                configureWithDefaultSignals(process, "/usr/bin/gdbserver", args + ["--attach", ":0"] + arguments.dropFirst())
            } else {
                configureWithDefaultSignals(process, "/usr/bin/gdbserver", args + [":0"] + arguments.filter { $0 != "--" })
            }
        }
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        log.follow(pipe.fileHandleForReading)
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let match = log.text.firstMatch(of: #/Listening on port (\d+)/#) {
                port = Int(match.1)!
                return
            }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        throw TestFailure("\(kind) did not start listening:\n\(log.text)")
    }

    /// Starts a server on a program just built: retried while exec says
    /// "Text file busy" (a child another test forked while the compiler's
    /// output was open holds it until its own exec).
    static func starting(_ kind: Kind, _ arguments: [String]) throws -> DebugServer {
        var attempts = 0
        while true {
            do {
                return try DebugServer(kind, arguments)
            } catch let failure as TestFailure where failure.description.contains("Text file busy") && attempts < 50 {
                attempts += 1
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
    }

    /// Waits for the server to exit; false on timeout (then it is killed).
    @discardableResult
    func waitForExit(timeout: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return false
        }
        return true
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// Runs `commands` on `program` against `kdbg server` then GNU gdbserver;
/// returns (kdbg, gdbserver) outputs. Each server must exit once gdb leaves.
func againstBothServers(_ program: String, _ commands: [String]) throws -> (String, String) {
    var outputs: [String] = []
    for kind in DebugServer.Kind.allCases {
        let server = try DebugServer.starting(kind, ["--", program])
        outputs.append(try runGDB(program: program, port: server.port, commands))
        #expect(server.waitForExit(), "\(kind) did not exit after gdb left:\n\(server.log.text)")
    }
    return (outputs[0], outputs[1])
}

/// Processes (not zombies) running `program` now: what a server must not
/// leave behind.
func processesRunning(_ program: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { Int32($0) }.filter {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\($0)/exe")) == program
    }
}

/// Sets `process` to run `path` with `arguments` through a one-line exec
/// wrapper that unblocks every signal and restores SIGINT and SIGCHLD to
/// their defaults: the test runner starts children with some blocked or
/// ignored, and gdb and gdbserver wait for SIGCHLD.
/// Runs gdb in batch mode on `program` against `port` with `commands`.
/// Local files (sysroot /) for both servers; a timeout kills a stuck gdb.
func runGDB(program: String, port: Int, extended: Bool = false, sysroot: String? = "/", _ commands: [String],
            timeout: Double = 60,
            onStart: ((Process) -> Void)? = nil) throws -> String {
    let setup = ["set pagination off", "set confirm off", "set width 0"] + (sysroot.map { ["set sysroot \($0)"] } ?? [])
        + ["target \(extended ? "extended-remote" : "remote") 127.0.0.1:\(port)"]
    return try runGDBProcess(["-q", "-batch", "-nx"] + (setup + commands).flatMap { ["-ex", $0] } + [program],
                             timeout: timeout, onStart: onStart)
}

/// gdb's output with what differs between two runs of the same program
/// made equal: pids and thread ids, ports, and stack addresses (the servers'
/// environments differ in size, which moves the stack).
func normalized(_ text: String) -> String {
    text.replacing(#/process \d+/#, with: "process PID")
        .replacing(#/\(remote 127\.0\.0\.1:\d+\)/#, with: "(remote PORT)")
        .replacing(#/Thread \d+\.\d+/#, with: "Thread PID.TID")
        .replacing(#/0x7ff[0-9a-f]{9}/#, with: "0xSTACK")
}

/// Whether `pid` exists (not reaped); a zombie counts as existing.
func processExists(_ pid: Int32) -> Bool { kill(pid, 0) == 0 }

/// The state letter of /proc/PID/stat (R, S, T, t, Z...), nil when gone.
func processState(_ pid: Int32) -> Character? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return nil }
    let rest = stat[stat.index(close, offsetBy: 2)...]
    return rest.first
}
