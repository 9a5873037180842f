import Foundation
import Testing
import TestSupport

/// `kdbg trace -f` and `strace -f` on a program whose child runs while its
/// parent waits: `[pid N]` prefixes while two processes are traced, the
/// parent's `wait4` cut short (`<unfinished ...>`) by the child's lines and
/// finished later (`<... wait4 resumed>`), the wait status and SIGCHLD
/// decoded.
@Suite(.serialized) struct FollowForksAgainstStraceTests {
    static let source = """
        #include <sys/wait.h>
        #include <unistd.h>
        int main(void) {
            pid_t pid = fork();
            if (pid == 0) {
                usleep(50000);
                write(1, "child\\n", 6);
                _exit(42);
            }
            int status = 0;
            wait4(pid, &status, 0, 0);
            write(1, "parent\\n", 7);
            return WEXITSTATUS(status) == 42 ? 0 : 1;
        }
        """

    static func program() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kdbg-trace-tests-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let output = dir.appendingPathComponent("forker").path
        if FileManager.default.isExecutableFile(atPath: output) { return output }
        let source = dir.appendingPathComponent("forker.c")
        try Self.source.write(to: source, atomically: true, encoding: .utf8)
        let gcc = try runTool("/usr/bin/gcc", ["-O0", "-o", output, source.path])
        guard gcc.status == 0 else { throw TraceTestFailure("gcc: \(gcc.err)") }
        return output
    }

    /// Pids differ between runs: the child's is replaced wherever it shows.
    func normalize(_ text: String) -> [String] {
        text.split(separator: "\n").map {
            String($0).replacing(#/\[pid +\d+\]/#, with: "[pid N]")
                .replacing(#/wait4\(\d+/#, with: "wait4(PID")
                .replacing(#/si_pid=\d+/#, with: "si_pid=PID")
                .replacing(#/(NULL\)\s+= )\d+$/#) { "\($0.1)PID" }
        }
    }

    /// From the child's write on: the 50 ms sleep orders the two processes
    /// (what comes before depends on which one the scheduler runs first).
    func fromChildWrite(_ lines: [String]) -> [String] {
        guard let start = lines.firstIndex(where: { $0.contains(#"write(1, "child\n", 6)"#) }) else { return [] }
        return Array(lines[start...])
    }

    /// Runs `tool` with no signal blocked and SIGCHLD at its default: the
    /// test runner starts children with signals blocked or ignored, and a
    /// blocked or ignored SIGCHLD never reaches a tracer.
    func runWithDefaultSignals(_ tool: String, _ arguments: [String]) throws -> ToolRun {
        try runTool("/usr/bin/python3", ["-c", "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); signal.signal(signal.SIGCHLD, signal.SIG_DFL); "
                                         + "os.execv(sys.argv[1], sys.argv[1:])", tool] + arguments)
    }

    @Test func unfinishedAndResumedLinesLikeStrace() throws {
        let program = try Self.program()
        let ours = try runWithDefaultSignals(try TraceAgainstStraceTests.kdbg, ["trace", "-f", "--", program])
        let reference = try runWithDefaultSignals("/usr/bin/strace", ["-f", program])
        #expect(ours.status == 0, "the program saw its child exit with 42:\n\(ours.err)")
        #expect(ours.out == "child\nparent\n")
        let a = fromChildWrite(normalize(ours.err))
        let b = fromChildWrite(normalize(reference.err))
        #expect(a == [
            #"[pid N] write(1, "child\n", 6)      = 6"#,
            "[pid N] exit_group(42)              = ?",
            "[pid N] +++ exited with 42 +++",
            "<... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 42}], 0, NULL) = PID",
            "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=PID, si_uid=0, si_status=42, si_utime=0, si_stime=0} ---",
            #"write(1, "parent\n", 7)                 = 7"#,
            "exit_group(0)                           = ?",
            "+++ exited with 0 +++",
        ], "\(ours.err)")
        #expect(a == b, "kdbg trace:\n\(ours.err)\n---- strace:\n\(reference.err)")
        // The parent's wait4 was entered before the child's lines.
        // (strace writes its "Process N attached" in the middle of that line.)
        let straceText = reference.err.replacing(#/\S*strace: Process \d+ attached\n/#, with: "")
        for text in [ours.err, straceText] {
            #expect(text.contains(#/(\[pid +\d+\] )?wait4\(\d+,  <unfinished \.\.\.>\n/#), "\(text)")
        }
        let child = try #require(ours.err.firstMatch(of: #/\[pid +(\d+)\] \+\+\+ exited with 42/#))
        #expect(ours.err.contains("kdbg trace: Process \(child.1) attached"))
    }
}
