import Testing
@testable import SyscallTrace

/// Memory for formatter tests: bytes at fixed addresses.
struct FakeMemory: TraceeMemory {
    var regions: [UInt64: [UInt8]]

    func read(_ address: UInt64, count: Int) -> [UInt8] {
        for (base, bytes) in regions where address >= base && address < base + UInt64(bytes.count) {
            let start = Int(address - base)
            return Array(bytes[start..<min(bytes.count, start + count)])
        }
        return []
    }
}

@Suite("SyscallTrace formatting: strace's conventions")
struct FormattingTests {
    let formatter = ArgumentFormatter()

    @Test func quotingEscapesLikeStrace() {
        #expect(formatter.quote(Array("hello\n".utf8), truncated: false) == #""hello\n""#)
        #expect(formatter.quote([0x78, 0x09, 0x79, 0x01, 0x7a, 0x00], truncated: false) == #""x\ty\1z\0""#)
        // An octal escape before a digit takes three digits.
        #expect(formatter.quote([0x01, 0x32], truncated: false) == #""\0012""#)
        #expect(formatter.quote(Array("a\"b\\".utf8), truncated: true) == #""a\"b\\"..."#)
        #expect(formatter.quote([0x7f, 0xff], truncated: false) == #""\177\377""#)
    }

    /// strace -f's split lines: the entry's known arguments, then the rest.
    @Test func unfinishedAndResumedLines() {
        #expect(SyscallLine.unfinished(pid: 7, name: "wait4", entryArguments: ["12"], more: true)
                == "[pid     7] wait4(12,  <unfinished ...>")
        #expect(SyscallLine.unfinished(pid: nil, name: "write", entryArguments: ["1", #""x""#, "1"], more: false)
                == #"write(1, "x", 1 <unfinished ...>"#)
        #expect(SyscallLine.unfinished(pid: nil, name: "pipe", entryArguments: [], more: true) == "pipe( <unfinished ...>")
        var resumed = SyscallLine(name: "read", arguments: [#""ab""#, "64"], result: 2)
        resumed.resumed = true
        #expect(resumed.text == #"<... read resumed>"ab", 64)"# + String(repeating: " ", count: 13) + "= 2")
    }

    @Test func waitStatusesAndOptions() {
        let memory = FakeMemory(regions: [0x1000: [0x00, 0x2a, 0, 0, 0, 0, 0, 0], 0x2000: [0x89, 0, 0, 0, 0, 0, 0, 0],
                                          0x3000: [0x7f, 0x13, 0, 0, 0, 0, 0, 0]])
        let wait4 = SyscallTable.signature(61)
        #expect(wait4.name == "wait4")
        func text(_ status: UInt64, options: UInt64 = 0) -> [String] {
            let args: [UInt64] = [UInt64(bitPattern: -1), status, options, 0]
            let entry = formatter.entry(wait4, args, memory)
            #expect(entry[1] == nil, "the status is written by the call")
            return formatter.exit(wait4, args, entry: entry, result: 99, memory)
        }
        #expect(text(0x1000) == ["-1", "[{WIFEXITED(s) && WEXITSTATUS(s) == 42}]", "0", "NULL"])
        #expect(text(0x2000)[1] == "[{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL && WCOREDUMP(s)}]")
        #expect(text(0x3000, options: 0x40000001) == ["-1", "[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}]", "WNOHANG|__WALL", "NULL"])
    }

    @Test func linesAlignResultsAtColumn40() {
        let short = SyscallLine(name: "close", arguments: ["3"], result: 0)
        #expect(short.text == "close(3)" + String(repeating: " ", count: 32) + "= 0")
        let long = SyscallLine(name: "openat", arguments: ["AT_FDCWD", #""/nonexistent/file""#, "O_RDONLY"], result: -2)
        #expect(long.text == #"openat(AT_FDCWD, "/nonexistent/file", O_RDONLY) = -1 ENOENT (No such file or directory)"#)
        let unfinished = SyscallLine(pid: 42, name: "exit_group", arguments: ["0"], result: nil)
        #expect(unfinished.text == "[pid    42] exit_group(0)" + String(repeating: " ", count: 15) + "= ?")
        let timed = SyscallLine(name: "getpid", arguments: [], result: 7, duration: 0.0000125)
        #expect(timed.text.hasSuffix("= 7 <0.000013>"))
        let address = SyscallLine(name: "brk", arguments: ["NULL"], result: 0x5555_5555_9000, returnsAddress: true)
        #expect(address.text.hasSuffix("= 0x555555559000"))
    }

    @Test func argumentsOfCommonSyscalls() {
        let memory = FakeMemory(regions: [0x1000: Array("/etc/passwd\u{0}".utf8), 0x2000: Array("hello world".utf8)])
        func entry(_ name: String, _ args: [UInt64]) -> [String] {
            let signature = SyscallTable.signature(SyscallTable.number(name)!)
            let padded = args + Array(repeating: 0, count: 6 - args.count)
            return formatter.exit(signature, padded, entry: formatter.entry(signature, padded, memory), result: 0, memory)
        }
        #expect(entry("openat", [UInt64(bitPattern: -100), 0x1000, 0o2000000]) == ["AT_FDCWD", #""/etc/passwd""#, "O_RDONLY|O_CLOEXEC", ""])
        #expect(entry("openat", [3, 0x1000, 0o1101, 0o644]) == ["3", #""/etc/passwd""#, "O_WRONLY|O_CREAT|O_TRUNC", "0644"])
        #expect(entry("write", [1, 0x2000, 5]) == ["1", #""hello""#, "5"])
        #expect(entry("mmap", [0, 8192, 3, 0x22, UInt64(bitPattern: -1), 0])
                == ["NULL", "8192", "PROT_READ|PROT_WRITE", "MAP_PRIVATE|MAP_ANONYMOUS", "-1", "0"])
        #expect(entry("access", [0x1000, 6]) == [#""/etc/passwd""#, "R_OK|W_OK"])
        #expect(entry("access", [0x1000, 0]) == [#""/etc/passwd""#, "F_OK"])
        #expect(entry("lseek", [3, UInt64(bitPattern: -5), 2]) == ["3", "-5", "SEEK_END"])
        #expect(entry("kill", [1234, 15]) == ["1234", "SIGTERM"])
        #expect(entry("close", [0xffff_ffff]) == ["-1"])
        // An unreadable path prints as its address.
        #expect(entry("unlink", [0x9000]) == ["0x9000"])
    }

    @Test func syscallNumbersAndNames() {
        #expect(SyscallTable.name(0) == "read")
        #expect(SyscallTable.name(59) == "execve")
        #expect(SyscallTable.name(231) == "exit_group")
        #expect(SyscallTable.number("openat") == 257)
        #expect(SyscallTable.name(100_000) == "syscall_100000")
        #expect(SyscallTable.number("bogus") == nil)
    }

    @Test func summaryTableLooksLikeStraceC() {
        var summary = SyscallSummary()
        summary.add("write", seconds: 0.000030, failed: false)
        summary.add("write", seconds: 0.000010, failed: false)
        summary.add("openat", seconds: 0.000010, failed: true)
        let lines = summary.text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "% time     seconds  usecs/call     calls    errors syscall")
        #expect(lines[1] == "------ ----------- ----------- --------- --------- ----------------")
        #expect(lines[2] == " 80.00    0.000040          20         2           write")
        #expect(lines[3] == " 20.00    0.000010          10         1         1 openat")
        #expect(lines[5] == "100.00    0.000050          16         3         1 total")
    }
}
