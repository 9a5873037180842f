import Foundation
import QEMUTestSupport
import Testing

/// The REPL in a real terminal: a private tmux server runs `kdbg run`,
/// send-keys types, capture-pane reads the screen (TmuxServer explains why
/// tmux is not started through Foundation's Process).
@Suite(.serialized)
struct REPLTests {
    static func kdbgCommand(history: String) throws -> String {
        "env NO_COLOR=1 KDBG_HISTORY=\(history) \(try Kdbg.path()) run --kernel \(QEMUMachine.kernelPath); echo KDBG-EXIT=$?; sleep 60"
    }

    @Test func completionHistoryCtrlCAndCtrlD() throws {
        let server = try TmuxServer()
        let history = server.directory + "/history"
        let t = try TmuxTerminal(server, command: try Self.kdbgCommand(history: history))
        try t.wait(for: "the first prompt") { TmuxTerminal.prompts($0) == 1 }
        // Tab completes command names, registers after regs, symbol names after break.
        try t.keys("memm", "Tab")
        try t.wait(for: "command completion") { TmuxTerminal.lastLine($0) == "(kdbg) memmap" }
        try t.keys("C-u", "regs c", "Tab", "Tab")
        try t.wait(for: "register completions") { $0.contains("cr0  cr2  cr3  cr4  cr8  cs") }
        try t.keys("C-u", "break BasicSelftests.bo", "Tab")
        try t.wait(for: "symbol completion") { $0.contains("(kdbg) break Kernel.BasicSelftests.boot") }
        try t.keys("C-u", "regs rip", "Enter")
        try t.wait(for: "regs output") { $0.contains("rip       0x") && TmuxTerminal.prompts($0) == 3 }
        // Ctrl-C at the prompt drops the line; Ctrl-C while running stops the kernel.
        try t.keys("half-typed", "C-c")
        try t.wait(for: "a fresh prompt after Ctrl-C") { TmuxTerminal.prompts($0) == 4 }
        try t.keys("continue", "Enter")
        try t.wait(for: "Continuing.") { $0.contains("Continuing.") }
        usleep(500_000)
        try t.keys("C-c")
        try t.wait(for: "the interrupt") {
            $0.contains("Program received signal SIGINT, Interrupt.") && TmuxTerminal.prompts($0) == 5
        }
        // Up recalls the previous lines of this session.
        try t.keys("Up", "Up")
        try t.wait(for: "history recall") { TmuxTerminal.lastLine($0) == "(kdbg) regs rip" }
        // Ctrl-D on an empty line quits, with status 0, and stops QEMU.
        try t.keys("C-u", "C-d")
        let end = try t.wait(for: "kdbg to exit") { $0.contains("KDBG-EXIT=") }
        #expect(end.contains("KDBG-EXIT=0"), "\(end)")
        let saved = try String(contentsOfFile: history, encoding: .utf8)
        #expect(saved.contains("regs rip\ncontinue"), "\(saved)")
        #expect(!saved.contains("half-typed"))

        // A new kdbg with the same history file recalls the last session's lines.
        let again = try TmuxTerminal(server, command: try Self.kdbgCommand(history: history))
        try again.wait(for: "the prompt after restart") { TmuxTerminal.prompts($0) == 1 }
        try again.keys("Up")
        try again.wait(for: "history after restart") { TmuxTerminal.lastLine($0) == "(kdbg) continue" }
        try again.keys("Up")
        try again.wait(for: "older history after restart") { TmuxTerminal.lastLine($0) == "(kdbg) regs rip" }
        try again.keys("C-u", "C-d")
        let second = try again.wait(for: "the second kdbg to exit") { $0.contains("KDBG-EXIT=") }
        #expect(second.contains("KDBG-EXIT=0"), "\(second)")
    }
}
