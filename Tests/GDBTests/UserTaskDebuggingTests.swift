import Foundation
import QEMUTestSupport
import Testing

/// gdb debugs a user program through the kernel's stub: a breakpoint in
/// `hello` (symbols from its ELF) stops the task that runs it, with a user
/// backtrace; stepping works in ring 3; `catch syscall write` stops at the
/// entry and return of its write; the breakpoint hits again in a second
/// `hello` task, never in the shell; detaching leaves the program's text as
/// it was.
@Suite(.serialized) struct UserTaskDebuggingTests {
    static let hello = QEMUMachine.packageRoot.appendingPathComponent(".build/kernel/user/hello.elf").path

    @Test func breakInHelloBacktraceStepAndCatchItsWrite() throws {
        let machine = try DebuggableMachine(append: "")
        #expect(machine.waitForConsole("keel$ ", timeout: 60), "\(machine.consoleText)")
        let gdb = try machine.runGDB([
            "add-symbol-file \(Self.hello)", "break main.swift:7",
            machine.gdbTypesOnConsole("run hello first"), machine.gdbTypesOnConsole("run hello second"),
            "continue", "bt", "info threads", "stepi", "info registers rip cs",
            "catch syscall write", "continue", "info registers orig_rax rdi rdx", "continue", "print $rax",
            "delete 2", "continue", "info threads", "delete", "x/1xb $pc", "detach",
        ], timeout: 120)

        // The first hello stops at the breakpoint, in its own thread, with a backtrace through its code.
        let hit = try #require(gdb.firstMatch(of: #/Thread (\d+) hit Breakpoint 1, .* at Sources/Userland/Programs/hello/main.swift:7/#),
                               "\(gdb)")
        #expect(gdb.contains(#/#0 .* at Sources/Userland/Programs/hello/main.swift:7/#), "\(gdb)")
        #expect(gdb.contains(#/#\d+ +0x[0-9a-f]+ in main \(\)/#), "\(gdb)")
        let thread = String(hit.1)
        #expect(gdb.contains(try Regex("\\* \(thread) +Thread \(thread) \\(hello \\(user, running")), "\(gdb)")
        #expect(gdb.contains(#/\n\s*\d+ +Thread \d+ \(init \(user, blocked on wait/#), "the shell waits for hello:\n\(gdb)")
        // stepi ran one instruction of hello, still in ring 3.
        #expect(gdb.contains(#/rip +0x82[0-9a-f]{8} .*\n(.*\n)?cs +0x23/#), "\(gdb)")
        // catch syscall write: Keel's write is Linux's number 1, so gdb names it.
        #expect(gdb.contains("Catchpoint 2 (syscall 'write' [1])"), "\(gdb)")
        #expect(gdb.contains("Thread \(thread) hit Catchpoint 2 (call to syscall write)"), "\(gdb)")
        #expect(gdb.contains(#/orig_rax +0x1 +1\n/#), "\(gdb)")
        #expect(gdb.contains(#/rdx +0x17 +23/#), "23 bytes: \"Hello from user space!\\n\"\n\(gdb)")
        #expect(gdb.contains("Thread \(thread) hit Catchpoint 2 (returned from syscall write)"), "\(gdb)")
        #expect(gdb.contains("$1 = 23"), "\(gdb)")
        // The second hello is a new task: the breakpoint hits there too.
        let hits = gdb.matches(of: #/Thread (\d+) hit Breakpoint 1/#).map { String($0.1) }
        #expect(hits.count == 2 && hits[0] != hits[1], "one hit in each hello task:\n\(gdb)")
        // Memory reads never show the int3, and delete took it out: lea's REX prefix.
        #expect(gdb.contains(#/:\s+0x48\n/#), "\(gdb)")
        #expect(gdb.contains("[Inferior 1 (Remote target) detached]"), "\(gdb)")

        #expect(machine.waitForConsole("arguments: second", timeout: 60), "\(machine.consoleText)")
        let console = machine.consoleText
        #expect(console.components(separatedBy: "Hello from user space!").count == 3, "\(console)")
        #expect(!console.contains("killed"), "\(console)")
        _ = try machine.runGDB(["kill"])
        _ = machine.waitForExit(timeout: 10)
    }
}
