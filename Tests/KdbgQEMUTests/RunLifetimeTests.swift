import Foundation
import QEMUTestSupport
import Testing

/// `kdbg run` owns its QEMU: QEMU must not outlive kdbg, even when kdbg is
/// killed with SIGKILL (no handler runs; the parent-death signal does it).
@Suite(.serialized) struct RunLifetimeTests {
    /// Whether `pid` is a live (not zombie) process.
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(close, offsetBy: 2)]
        return state != "Z" && state != "X"
    }

    @Test func qemuDiesWithASIGKILLedKdbg() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[1]) }   // kdbg's stdin stays open: its REPL waits for a line
        let output = NSTemporaryDirectory() + "kdbg-killed-\(UUID().uuidString.prefix(8)).out"
        defer { unlink(output) }
        let kdbg = try SpawnedProcess([try Kdbg.path(), "run", "--kernel", QEMUMachine.kernelPath], output: output, stdin: fds[0])
        close(fds[0])
        var qemu: pid_t?
        let deadline = Date().addingTimeInterval(20)
        while qemu == nil && Date() < deadline {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            if let range = text.range(of: "QEMU started (pid "),
               let pid = pid_t(text[range.upperBound...].prefix { $0.isNumber }) {
                qemu = pid
            }
            usleep(20_000)
        }
        guard let qemu else {
            kill(kdbg.pid, SIGKILL)
            _ = try? kdbg.wait(timeout: 5)
            Issue.record("kdbg run did not start QEMU: \((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
            return
        }
        let command = (try? String(contentsOfFile: "/proc/\(qemu)/comm", encoding: .utf8)) ?? ""
        #expect(command.hasPrefix("qemu-system"), "pid \(qemu) is \(command)")
        #expect(Self.isAlive(qemu))
        kill(kdbg.pid, SIGKILL)
        #expect(try kdbg.wait(timeout: 5) == 128 + SIGKILL)
        let gone = Date().addingTimeInterval(5)
        while Self.isAlive(qemu) && Date() < gone { usleep(20_000) }
        let survived = Self.isAlive(qemu)
        #expect(!survived, "QEMU (pid \(qemu)) outlived the SIGKILLed kdbg")
        if survived && command.hasPrefix("qemu-system") { kill(qemu, SIGKILL) }
    }

    @Test func aConsoleFileThatCannotBeCreatedIsAUsageError() throws {
        let run = try Kdbg.run(["run", "--kernel", QEMUMachine.kernelPath, "--console", "/no/such/dir/console.log", "-ex", "regs rip"])
        #expect(run.status == 2, "\(run.err)")
        #expect(run.err.contains("--console /no/such/dir/console.log: cannot create the file"), "\(run.err)")
    }
}
