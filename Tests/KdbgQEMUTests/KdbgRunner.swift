import Foundation
import QEMUTestSupport
import TestSupport
import Testing

/// Runs the built kdbg and reads its `--json` output.
enum Kdbg {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func path() throws -> String {
        guard let path = builtProduct(named: "kdbg") else { throw Failure(description: "kdbg is not built (swift build --product kdbg)") }
        return path
    }

    static func run(_ arguments: [String], stdin: String? = nil) throws -> ToolRun {
        try runTool(try path(), arguments, environment: ["NO_COLOR": "1", "KDBG_HISTORY": "",
                                                        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"],
                    stdinPath: stdin)
    }

    /// `kdbg attach TARGET --json -ex ...`: one JSON object per command.
    static func attach(_ target: String, _ commands: [String]) throws -> (run: ToolRun, results: [[String: Any]]) {
        let run = try run(["attach", target, "--kernel", QEMUMachine.kernelPath, "--json", "--timeout", "10"]
                          + commands.flatMap { ["-ex", $0] })
        return (run, try objects(run.out))
    }

    static func objects(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw Failure(description: "not a JSON object: \(line)")
            }
            return object
        }
    }
}

/// QEMU's human monitor on a unix socket (`info mem`, `gva2gpa`).
final class QEMUMonitor {
    let path = NSTemporaryDirectory() + "kdbg-monitor-\(UUID().uuidString.prefix(8)).sock"
    var arguments: [String] { ["-monitor", "unix:\(path),server=on,wait=off"] }

    /// Sends `command` and returns its output (up to the next prompt).
    func run(_ command: String) throws -> String {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in path.utf8.enumerated() { raw[i] = b }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0 }
        }
        guard connected else { throw Kdbg.Failure(description: "cannot connect to QEMU's monitor at \(path)") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = try readUntilPrompt(fd)
        _ = (command + "\n").withCString { send(fd, $0, strlen($0), 0) }
        let text = try readUntilPrompt(fd)
        // The monitor echoes the command with cursor movements; the output follows the first newline.
        let plain = text.replacingOccurrences(of: "\r", with: "")
        guard let newline = plain.firstIndex(of: "\n") else { return "" }
        return String(plain[plain.index(after: newline)...])
    }

    private func readUntilPrompt(_ fd: Int32) throws -> String {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: data, as: UTF8.self).hasSuffix("(qemu) ") {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { throw Kdbg.Failure(description: "QEMU's monitor went quiet: \(String(decoding: data, as: UTF8.self))") }
            data += buffer[0..<n]
        }
        return String(decoding: data.dropLast(7), as: UTF8.self)
    }

    deinit { unlink(path) }
}

/// The 1-based line of `file` (under Sources/Kernel) containing `text`.
func kernelSourceLine(_ file: String, containing text: String) throws -> Int {
    let path = QEMUMachine.packageRoot.appendingPathComponent("Sources/Kernel/\(file)").path
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    guard let index = lines.firstIndex(where: { $0.contains(text) }) else { throw Kdbg.Failure(description: "\(file) has no \(text)") }
    return index + 1
}
