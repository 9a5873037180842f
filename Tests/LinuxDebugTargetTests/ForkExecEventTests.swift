import Foundation
import Testing

/// fork, vfork and exec events with real gdb (`catch fork`, `catch exec`,
/// `follow-fork-mode child`, `detach-on-fork off`): `kdbg server` must give
/// the same answers as GNU gdbserver and leave no process behind.
@Suite(.serialized) struct ForkExecEventTests {
    @Test func catchForkThenTheParentRunsOnAndTheChildIsLetGo() throws {
        let program = try TestPrograms.forker
        let (ours, reference) = try againstBothServers(program, [
            "catch fork", "continue", "info inferiors", "continue",
        ])
        #expect(ours.contains(#/Catchpoint 1 \(forked process \d+\), arch_fork/#), "\(ours)")
        #expect(ours.contains(#/\[Detaching after fork from child process \d+\]/#), "\(ours)")
        #expect(ours.contains(#/\[Inferior 1 \(process \d+\) exited normally\]/#), "\(ours)")
        #expect(normalized(ours) == normalized(reference), "kdbg:\n\(ours)\n---- gdbserver:\n\(reference)")
        #expect(processesRunning(program).isEmpty)
    }

    @Test func followForkModeChildStopsAtABreakpointInTheChild() throws {
        let program = try TestPrograms.forker
        let (ours, reference) = try againstBothServers(program, [
            "set follow-fork-mode child", "break in_child", "continue", "bt", "info inferiors", "continue",
        ])
        #expect(ours.contains(#/\[Attaching after Thread \d+\.\d+ fork to child Thread \d+\.\d+\]/#), "\(ours)")
        #expect(ours.contains(#/\[Inferior 1 \(process \d+\) detached\]/#), "the parent is let go:\n\(ours)")
        #expect(ours.contains(#/Thread 2\.1 "forker" hit Breakpoint 1, in_child \(x=41\) at .*forker\.c:4/#), "\(ours)")
        #expect(ours.contains(#/#1  0x[0-9a-f]+ in main \(\) at .*forker\.c:7/#), "\(ours)")
        #expect(ours.contains(#/\[Inferior 2 \(process \d+\) exited with code 052\]/#), "\(ours)")
        #expect(normalized(ours) == normalized(reference), "kdbg:\n\(ours)\n---- gdbserver:\n\(reference)")
        #expect(processesRunning(program).isEmpty)
    }

    /// Both processes debugged at once, resumed together.
    @Test func detachOnForkOffKeepsBothProcesses() throws {
        let program = try TestPrograms.forker
        let (ours, reference) = try againstBothServers(program, [
            "set detach-on-fork off", "set schedule-multiple on", "break in_child", "continue",
            "info inferiors", "continue", "info inferiors",
        ])
        #expect(ours.contains(#/\[New inferior 2 \(process \d+\)\]/#), "\(ours)")
        // Both live after the fork, then the parent alone.
        #expect(ours.matches(of: #/  1    process \d+ +1 \(remote/#).count == 2, "\(ours)")
        #expect(ours.matches(of: #/\* 2    process \d+ +1 \(remote/#).count == 1, "\(ours)")
        #expect(ours.contains(#/\[Inferior 2 \(process \d+\) exited with code 052\]/#), "\(ours)")
        #expect(normalized(ours) == normalized(reference), "kdbg:\n\(ours)\n---- gdbserver:\n\(reference)")
        #expect(processesRunning(program).isEmpty, "the parent left stopped must be killed")
    }

    @Test func catchVforkThenVforkDoneAndTheParentResumes() throws {
        let program = try TestPrograms.vforker
        let (ours, reference) = try againstBothServers(program, [
            "catch vfork", "continue", "break after_vfork", "continue", "bt 1", "continue",
        ])
        #expect(ours.contains(#/Catchpoint 1 \(vforked process \d+\)/#), "\(ours)")
        #expect(ours.contains(#/\[Detaching after vfork from child process \d+\]/#), "\(ours)")
        #expect(ours.contains("Breakpoint 2, after_vfork (x=7)"), "\(ours)")
        #expect(ours.contains("exited with code 016]"), "7 * 2 = 14 = 016:\n\(ours)")
        #expect(normalized(ours) == normalized(reference), "kdbg:\n\(ours)\n---- gdbserver:\n\(reference)")
    }

    /// Exec of another program: gdb loads the new executable, its libraries
    /// (from the new auxv and link map) and reaches a breakpoint in it.
    @Test func execOfAnotherProgramLoadsItsSymbolsAndLibraries() throws {
        let program = try TestPrograms.helloExecer
        let hello = try TestPrograms.hello
        let (ours, reference) = try againstBothServers(program, [
            "catch exec", "continue", "info inferiors", "break square", "continue", "bt", "info sharedlibrary",
            "continue",
        ])
        #expect(ours.contains("is executing new program: \(hello)"), "\(ours)")
        #expect(ours.contains(#/\* 1    process \d+ +1 \(remote \S+\) .*/hello\s/#), "the exec file:\n\(ours)")
        #expect(ours.contains(#/Breakpoint 2, square \(x=7\) at .*hello\.c:3/#), "\(ours)")
        #expect(ours.contains(#/#1  0x[0-9a-f]+ in main \(\) at .*hello\.c:6/#), "\(ours)")
        #expect(ours.contains(#/Yes\s+/lib/x86_64-linux-gnu/libc\.so\.6/#), "\(ours)")
        #expect(ours.contains("exited with code 03]"), "\(ours)")
        #expect(normalized(ours) == normalized(reference), "kdbg:\n\(ours)\n---- gdbserver:\n\(reference)")
    }

    /// `next` over fork() in the parent, then in the child.
    @Test func nextOverForkFollowingTheChild() throws {
        let program = try TestPrograms.forker
        let (ours, reference) = try againstBothServers(program, [
            "set follow-fork-mode child", "break main", "continue", "next", "next", "next", "continue",
        ])
        #expect(ours.contains(#/\[Switching to Thread \d+\.\d+\]\nmain \(\) at .*forker\.c:7/#), "\(ours)")
        #expect(ours.contains(#/\[Inferior 2 \(process \d+\) exited with code 052\]/#), "\(ours)")
        #expect(normalized(ours) == normalized(reference), "kdbg:\n\(ours)\n---- gdbserver:\n\(reference)")
    }

    /// A thread that executes: the kernel ends the others and the exec is
    /// reported on the leader; one thread is left, in the new image.
    @Test func execFromAThreadLeavesOneThreadInTheNewImage() throws {
        let program = try TestPrograms.threadExecer
        let (ours, reference) = try againstBothServers(program, [
            "catch exec", "continue", "info threads", "break main", "continue", "info threads", "continue",
        ])
        #expect(ours.matches(of: #/\* 1    Thread \d+\.\d+ "thread-execer"/#).count == 2, "\(ours)")
        #expect(!ours.contains(#/\n  2    Thread/#), "\(ours)")
        #expect(ours.contains(#/Breakpoint 2, main \(argc=2, /#), "\(ours)")
        #expect(ours.contains("exited with code 011]"), "\(ours)")
        #expect(normalized(ours) == normalized(reference), "kdbg:\n\(ours)\n---- gdbserver:\n\(reference)")
    }

    /// After exec the new image's symbols, breakpoints and threads are used.
    @Test func catchExecThenBreakMainInTheNewImage() throws {
        let program = try TestPrograms.execer
        let (ours, reference) = try againstBothServers(program, [
            "catch exec", "continue", "info inferiors", "info threads", "break main", "continue", "bt", "continue",
        ])
        #expect(ours.contains("is executing new program: \(program)"), "\(ours)")
        #expect(ours.contains("Catchpoint 1 (exec'd \(program)), "), "\(ours)")
        #expect(ours.contains(#/Breakpoint 2, main \(argc=2, argv=0x[0-9a-f]+\) at .*execer\.c/#), "\(ours)")
        #expect(ours.contains(#/\[Inferior 1 \(process \d+\) exited with code 05\]/#), "\(ours)")
        #expect(normalized(ours) == normalized(reference), "kdbg:\n\(ours)\n---- gdbserver:\n\(reference)")
    }
}
