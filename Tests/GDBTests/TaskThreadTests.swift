import Foundation
import QEMUTestSupport
import Testing

/// Tasks as gdb threads: gdb attaches to the running kernel while the shell
/// waits for input, lists every task by name, and reads a user task's
/// registers and memory (through that task's page tables).
@Suite(.serialized) struct TaskThreadTests {
    @Test func tasksAreThreadsWithNamesRegistersAndMemory() throws {
        let machine = try DebuggableMachine(append: "")
        let deadline = Date().addingTimeInterval(20)
        while !machine.consoleText.contains("keel$ ") && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let gdb = try machine.runGDB(["info threads", "thread 3", "info registers rip cs", "x/2xb $rip-2",
                                      "thread 1", "bt 8", "monitor tasks", "detach"])
        // Thread id = task id + 1: kernel (0), idle (1), init (2).
        #expect(gdb.contains(#/1 +Thread 1 \(kernel \(kernel, blocked on wait, priority 2\)\)/#), "\(gdb)")
        #expect(gdb.contains(#/2 +Thread 2 \(idle \(kernel, (running|ready), priority 0\)\)/#), "\(gdb)")
        #expect(gdb.contains(#/3 +Thread 3 \(init \(user, blocked on console, priority 2\)\)/#), "\(gdb)")
        // init sits in keel_syscall right after its `syscall` instruction (0f 05), in ring 3.
        let rip = try #require(gdb.firstMatch(of: #/rip +0x([0-9a-f]+)/#))
        #expect(UInt64(rip.1, radix: 16)! >= 0x80_0000_0000, "not a user address:\n\(gdb)")
        #expect(gdb.contains(#/cs +0x23/#))
        #expect(gdb.contains(#/:\s+0x0f\s+0x05/#), "user memory read through init's page tables:\n\(gdb)")
        // The kernel task waits for init: its backtrace comes from the registers switch_context saved.
        #expect(gdb.contains("waitForExit"), "\(gdb)")
        #expect(gdb.contains("InitTask"), "\(gdb)")
        // `monitor tasks`: the shell's ps table, from the stopped kernel.
        #expect(gdb.contains("  ID STATE    WAIT     PRI   CPU ms  SYSCALLS  FRAMES  NAME"), "\(gdb)")
        #expect(gdb.contains(#/\n +2 blocked  console +2 +\d+ +\d+ +\d+  init/#), "\(gdb)")
        #expect(gdb.contains("[Inferior 1 (Remote target) detached]"))
        Thread.sleep(forTimeInterval: 0.2)
        #expect(machine.isRunning, "the kernel runs on after detach")
        // A second session ends the machine (QEMU may not get SIGTERM from the test runner).
        _ = try machine.runGDB(["kill"])
        _ = machine.waitForExit(timeout: 10)
    }
}
