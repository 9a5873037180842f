import Foundation
import Testing
import TestSupport

/// `kdbg trace` and strace on programs with known syscall sequences.
@Suite(.serialized) struct TraceAgainstStraceTests {
    static let source = """
        #include <fcntl.h>
        #include <signal.h>
        #include <unistd.h>
        #include <sys/stat.h>
        #include <sys/mman.h>
        int main(void) {
            int fd = open("/nonexistent/file", O_RDONLY);
            write(1, "hello\\n", 6);
            write(1, "a longer line that is more than thirty-two bytes\\n", 50);
            fd = openat(AT_FDCWD, "/tmp/kdbg-trace-test-FILE", O_WRONLY | O_CREAT | O_TRUNC, 0644);
            write(fd, "x\\ty\\001z", 6);
            lseek(fd, 0, SEEK_SET);
            close(fd);
            fd = open("/tmp/kdbg-trace-test-FILE", O_RDONLY | O_CLOEXEC);
            char buf[64];
            read(fd, buf, sizeof buf);
            close(fd);
            close(-1);
            unlink("/tmp/kdbg-trace-test-FILE");
            access("/etc/passwd", R_OK | W_OK);
            getpid();
            mkdir("/tmp/kdbg-trace-test-DIR", 0755);
            rmdir("/tmp/kdbg-trace-test-DIR");
            void *p = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            munmap(p, 8192);
            dup(1);
            kill(getpid(), 0);
            return 7;
        }
        """

    static func program() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kdbg-trace-tests-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let output = dir.appendingPathComponent("syscalls").path
        if FileManager.default.isExecutableFile(atPath: output) { return output }
        let source = dir.appendingPathComponent("syscalls.c")
        try Self.source.replacingOccurrences(of: "FILE", with: "\(getpid())").replacingOccurrences(of: "DIR", with: "d\(getpid())")
            .write(to: source, atomically: true, encoding: .utf8)
        let gcc = try runTool("/usr/bin/gcc", ["-O0", "-w", "-o", output, source.path])
        guard gcc.status == 0 else { throw TraceTestFailure("gcc: \(gcc.err)") }
        return output
    }

    static var kdbg: String {
        get throws {
            guard let path = builtProduct(named: "kdbg") else { throw TraceTestFailure("kdbg is not built") }
            return path
        }
    }

    /// Addresses and pids differ between runs; the rest must not.
    func normalize(_ text: String) -> [String] {
        text.split(separator: "\n").map {
            String($0).replacing(#/0x[0-9a-f]+/#, with: "ADDR").replacing(#/\[pid +\d+\]/#, with: "[pid N]")
                .replacing(#/getpid\(\)( +)= \d+/#) { "getpid()\($0.1)= PID" }
                .replacing(#/kill\(\d+, 0\)/#, with: "kill(PID, 0)")
        }
    }

    /// The lines from the program's own first syscall on (the dynamic
    /// loader's depend on the environment size and strace's own quirks).
    func fromMain(_ lines: [String]) -> [String] {
        guard let start = lines.firstIndex(where: { $0.contains("/nonexistent/file") }) else { return [] }
        return Array(lines[start...])
    }

    @Test func sameLinesAsStraceForTheProgramsSyscalls() throws {
        let program = try Self.program()
        let ours = try runTool(try Self.kdbg, ["trace", "--", program])
        let reference = try runTool("/usr/bin/strace", [program])
        #expect(ours.status == 7, "the tracer exits with the program's status")
        #expect(ours.out.hasPrefix("hello\na longer line that is more than thirty-two bytes\n"))
        let a = fromMain(normalize(ours.err))
        let b = fromMain(normalize(reference.err))
        #expect(a.count == 23, "\(ours.err)")
        #expect(a == b, "kdbg trace:\n\(ours.err)\n---- strace:\n\(reference.err)")
        // The start (execve, loader) is there too, decoded.
        // argv strings are cut at 32 bytes, as strace's -s 32 does.
        #expect(ours.err.hasPrefix("execve(\"\(program)\", [\"\(program.prefix(32))\"...], 0x"), "\(ours.err)")
        #expect(ours.err.contains(#"openat(AT_FDCWD, "/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY|O_CLOEXEC) = 3"#))
        #expect(ours.err.contains(#/newfstatat\(3, "", \{st_mode=S_IFREG\|0\d+, st_size=\d+, ...\}, AT_EMPTY_PATH\) = 0/#))
    }

    @Test func filterDurationsAndOutputFile() throws {
        let program = try Self.program()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kdbg-trace-\(getpid()).txt").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let run = try runTool(try Self.kdbg, ["trace", "-T", "-e", "trace=write,close", "-o", file, "--", program])
        #expect(run.status == 7 && run.err.isEmpty, "\(run.err)")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        let calls = lines.filter { !$0.hasPrefix("+++") }
        #expect(calls.count == 8, "\(lines)")  // loader: 2 close; program: 3 write, 3 close
        #expect(calls.allSatisfy { $0.hasPrefix("write(") || $0.hasPrefix("close(") })
        #expect(calls.allSatisfy { $0.contains(#/ <\d+\.\d{6}>$/#) })
        #expect(lines.last == "+++ exited with 7 +++")
        #expect(!FileManager.default.fileExists(atPath: file + ".tmp-\(getpid())"))
    }

    @Test func summaryCountsCallsAndErrors() throws {
        let program = try Self.program()
        let run = try runTool(try Self.kdbg, ["trace", "-c", "--", program])
        #expect(run.status == 7)
        let rows = run.err.split(separator: "\n")
        #expect(rows.first == "% time     seconds  usecs/call     calls    errors syscall")
        // openat: 2 by the loader, 3 by the program, one failing; close(-1) fails.
        #expect(rows.contains { $0.hasSuffix(" 5         1 openat") }, "\(run.err)")
        #expect(rows.contains { $0.hasSuffix(" 5         1 close") }, "\(run.err)")
        #expect(rows.contains { $0.hasSuffix(" 3           write") }, "\(run.err)")
        #expect(rows.last?.hasPrefix("100.00") == true && rows.last?.hasSuffix(" total") == true)
    }

    @Test func followsThreads() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kdbg-trace-tests-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let source = dir.appendingPathComponent("threads.c")
        try """
            #include <pthread.h>
            #include <unistd.h>
            static void *worker(void *arg) { write(1, "worker\\n", 7); return 0; }
            int main(void) {
                pthread_t t;
                pthread_create(&t, 0, worker, 0);
                pthread_join(t, 0);
                write(1, "main\\n", 5);
                return 0;
            }
            """.write(to: source, atomically: true, encoding: .utf8)
        let program = dir.appendingPathComponent("threads").path
        #expect(try runTool("/usr/bin/gcc", ["-O0", "-pthread", "-o", program, source.path]).status == 0)
        let run = try runTool(try Self.kdbg, ["trace", "-f", "-e", "write", "--", program])
        #expect(run.status == 0)
        #expect(run.err.contains(#/kdbg trace: Process (\d+) attached/#), "\(run.err)")
        #expect(run.err.contains(#/\[pid +\d+\] write\(1, "worker\\n", 7\) += 7/#), "\(run.err)")
        #expect(run.err.contains(#/write\(1, "main\\n", 5\) += 5/#), "\(run.err)")
        // Without -f the thread's write is not seen.
        let single = try runTool(try Self.kdbg, ["trace", "-e", "write", "--", program])
        #expect(!single.err.contains("worker"), "\(single.err)")
    }

    @Test func attachTracesARunningProcessAndDetachesOnSIGTERM() throws {
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sh")
        sleeper.arguments = ["-c", "while :; do sleep 0.05; done"]
        try sleeper.run()
        defer { kill(sleeper.processIdentifier, SIGKILL); sleeper.waitUntilExit() }
        let tracer = Process()
        tracer.executableURL = URL(fileURLWithPath: try Self.kdbg)
        tracer.arguments = ["trace", "--attach", String(sleeper.processIdentifier)]
        let err = Pipe()
        tracer.standardError = err
        try tracer.run()
        Thread.sleep(forTimeInterval: 0.5)
        kill(tracer.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while tracer.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(!tracer.isRunning, "the tracer must detach and exit on SIGTERM")
        if tracer.isRunning { kill(tracer.processIdentifier, SIGKILL); tracer.waitUntilExit() }
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.contains("kdbg trace: Process \(sleeper.processIdentifier) attached"), "\(text)")
        #expect(text.contains("wait4(") || text.contains("clone("), "the shell forks sleeps:\n\(text)")
        #expect(text.contains("kdbg trace: Process \(sleeper.processIdentifier) detached"), "\(text)")
        Thread.sleep(forTimeInterval: 0.2)
        #expect(sleeper.isRunning, "the shell runs on after the tracer detached")
    }

    @Test func errorsAndUsage() throws {
        let kdbg = try Self.kdbg
        let missing = try runTool(kdbg, ["trace", "--", "/nonexistent/program"])
        #expect(missing.status == 1 && missing.err.contains("cannot run '/nonexistent/program': No such file or directory"))
        let noProcess = try runTool(kdbg, ["trace", "--attach", "999999999"])
        #expect(noProcess.status == 1 && noProcess.err.contains("no such process"), "\(noProcess.err)")
        let badFilter = try runTool(kdbg, ["trace", "-e", "nosuchcall", "--", "/bin/true"])
        #expect(badFilter.status == 2 && badFilter.err.contains("'nosuchcall' is not an x86_64 syscall"))
        let nothing = try runTool(kdbg, ["trace"])
        #expect(nothing.status == 2)
    }
}

struct TraceTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
