import Foundation
import QEMUTestSupport
import Testing

/// The REPL in a real terminal: tmux runs `kdbg run`, send-keys types,
/// capture-pane reads the screen.
///
/// Opt-in (KDBG_TMUX_TEST=1): when no tmux server is running, the test's
/// `tmux new-session` starts one, and under the test runner Foundation's
/// Process then never sees that tmux client exit (it stays a zombie), so
/// the test hangs. With a tmux server already running it passes in ~2 s.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["KDBG_TMUX_TEST"] == "1"))
struct REPLTests {
    final class Terminal {
        let name = "kdbg-test-\(UUID().uuidString.prefix(8))"
        let history = NSTemporaryDirectory() + "kdbg-history-\(UUID().uuidString.prefix(8))"

        init(_ command: String) throws {
            // new-session may start the tmux server, which would keep a
            // capture pipe open forever: its output goes nowhere.
            try tmux(["new-session", "-d", "-s", name, "-x", "150", "-y", "50",
                      "env NO_COLOR=1 KDBG_HISTORY=\(history) \(command); echo KDBG-EXIT=$?; sleep 60"], capture: false)
        }

        deinit {
            _ = try? tmux(["kill-session", "-t", name])
            unlink(history)
        }

        @discardableResult
        func tmux(_ arguments: [String], capture: Bool = true) throws -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
            p.arguments = arguments
            guard capture else {
                p.standardOutput = FileHandle.nullDevice
                p.standardError = FileHandle.nullDevice
                try p.run()
                p.waitUntilExit()
                return ""
            }
            let out = Pipe()
            p.standardOutput = out
            p.standardError = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }

        func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

        var screen: String { (try? tmux(["capture-pane", "-p", "-t", name])) ?? "" }

        /// Waits until the screen satisfies `condition`; the screen then.
        @discardableResult
        func wait(timeout: Double = 15, for what: String, _ condition: (String) -> Bool) throws -> String {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                let s = screen
                if condition(s) { return s }
                Thread.sleep(forTimeInterval: 0.05)
            }
            throw Kdbg.Failure(description: "timed out waiting for \(what); screen:\n\(screen)")
        }

        func prompts(_ s: String) -> Int { s.components(separatedBy: "(kdbg)").count - 1 }
    }

    @Test func completionHistoryCtrlCAndCtrlD() throws {
        let kdbg = try Kdbg.path()
        let t = try Terminal("\(kdbg) run --kernel \(QEMUMachine.kernelPath)")
        try t.wait(for: "the first prompt") { t.prompts($0) == 1 }
        // Tab completes registers after regs, and symbol names after break.
        try t.keys("regs c", "Tab", "Tab")
        try t.wait(for: "register completions") { $0.contains("cr0  cr2  cr3  cr4  cr8  cs") }
        try t.keys("C-u", "break BasicSelftests.bo", "Tab")
        try t.wait(for: "symbol completion") { $0.contains("(kdbg) break Kernel.BasicSelftests.boot") }
        try t.keys("C-u", "regs rip", "Enter")
        try t.wait(for: "regs output") { $0.contains("rip       0x") && t.prompts($0) == 3 }
        // Ctrl-C at the prompt drops the line; Ctrl-C while running stops the kernel.
        try t.keys("half-typed", "C-c")
        try t.wait(for: "a fresh prompt after Ctrl-C") { t.prompts($0) == 4 }
        try t.keys("continue", "Enter")
        try t.wait(for: "Continuing.") { $0.contains("Continuing.") }
        Thread.sleep(forTimeInterval: 0.5)
        try t.keys("C-c")
        try t.wait(for: "the interrupt") { $0.contains("Program received signal SIGINT, Interrupt.") && t.prompts($0) == 5 }
        // Up recalls the previous lines from history (continue, then regs rip).
        try t.keys("Up", "Up")
        try t.wait(for: "history recall") { $0.hasSuffix("(kdbg) regs rip") || $0.split(separator: "\n").last == "(kdbg) regs rip" }
        try t.keys("C-u", "C-d")
        let end = try t.wait(for: "kdbg to exit") { $0.contains("KDBG-EXIT=") }
        #expect(end.contains("KDBG-EXIT=0"), "\(end)")
        let history = try String(contentsOfFile: t.history, encoding: .utf8)
        #expect(history.contains("regs rip\ncontinue"), "\(history)")
        #expect(!history.contains("half-typed"))
    }
}
