import Foundation

/// A private tmux server for one test: its own socket in a temporary
/// directory (`-S`), no configuration (`-f /dev/null`), killed when the
/// object goes away, whatever the test did.
///
/// tmux is started with posix_spawn (SpawnedProcess), not Foundation's
/// Process: Process learns that a child exited when a socketpair end the
/// child inherits reaches EOF, and only then calls waitpid. The first
/// `tmux new-session` forks the tmux server, which keeps that inherited end
/// open for as long as it lives, so Process never saw the client exit (it
/// stayed a zombie) and waitUntilExit hung.
final class TmuxServer {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let directory: String
    var socket: String { directory + "/tmux.sock" }
    private var serverPID: pid_t?

    init() throws {
        var template = Array((NSTemporaryDirectory() + "kdbg-tmux-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw Failure(description: "cannot create a temporary directory") }
        directory = String(cString: made)
    }

    deinit {
        _ = try? tmux(["kill-server"], timeout: 5)
        // kill-server hangs up every pane (kdbg stops its QEMU on SIGHUP);
        // a server still there after 2 s is killed outright.
        if let serverPID {
            let deadline = Date().addingTimeInterval(2)
            while kill(serverPID, 0) == 0 && Date() < deadline { usleep(20_000) }
            if kill(serverPID, 0) == 0 { kill(serverPID, SIGKILL) }
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Starts a detached session of `width`x`height` running `command` with
    /// the default shell; the first one starts the server.
    func newSession(_ name: String, width: Int = 150, height: Int = 50, command: String) throws {
        try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", command])
        if serverPID == nil, let pid = pid_t(try tmux(["display-message", "-p", "-t", name, "#{pid}"])
                                                .trimmingCharacters(in: .whitespacesAndNewlines)) {
            serverPID = pid
        }
    }

    /// Runs one tmux client command and returns what it printed; throws when
    /// it fails or does not finish within `timeout` seconds.
    @discardableResult
    func tmux(_ arguments: [String], timeout: Double = 10) throws -> String {
        let output = directory + "/client-\(UUID().uuidString.prefix(8)).out"
        defer { unlink(output) }
        let status = try SpawnedProcess.run(["/usr/bin/tmux", "-S", socket, "-f", "/dev/null"] + arguments,
                                            output: output, timeout: timeout)
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) exited with status \(status): \(text)")
        }
        return text
    }
}

/// One tmux session: keys in, the screen out.
struct TmuxTerminal {
    let server: TmuxServer
    let name: String

    init(_ server: TmuxServer, command: String) throws {
        self.server = server
        name = "kdbg-\(UUID().uuidString.prefix(8))"
        try server.newSession(name, command: command)
    }

    func keys(_ keys: String...) throws { try server.tmux(["send-keys", "-t", name] + keys) }

    var screen: String { (try? server.tmux(["capture-pane", "-p", "-t", name])) ?? "" }

    /// Waits until the screen satisfies `condition`, and returns that screen.
    @discardableResult
    func wait(timeout: Double = 20, for what: String, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let s = screen
            if condition(s) { return s }
            usleep(50_000)
        }
        throw TmuxServer.Failure(description: "timed out after \(timeout) s waiting for \(what); screen:\n\(screen)")
    }

    /// The screen's last non-empty line (where the cursor's prompt is).
    static func lastLine(_ screen: String) -> String {
        screen.split(separator: "\n").last.map(String.init) ?? ""
    }

    static func prompts(_ screen: String) -> Int { screen.components(separatedBy: "(kdbg)").count - 1 }
}
