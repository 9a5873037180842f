/// Named scenarios run with `selftest=NAME` on the kernel command line; each
/// powers the machine off with its result. The kernel tests (Tests/KernelTests)
/// boot every one under QEMU. Scenarios that provoke a fatal exception never
/// return: the exception report and failure status are what they test.
struct Selftest {
    let name: String
    let summary: StaticString
    let run: () -> Bool
}

enum Selftests {
    static let all: [Selftest] = [
        Selftest(name: "boot", summary: "boot to here: banner, memory map, frame and heap statistics",
                 run: BasicSelftests.boot),
        Selftest(name: "heap", summary: "churn classes, arrays, dictionaries; heap use returns to its baseline",
                 run: HeapSelftest.run),
        Selftest(name: "paging", summary: "the live page tables give each kernel region its protection",
                 run: PagingSelftest.run),
        Selftest(name: "timer", summary: "timer interrupts arrive and the uptime advances",
                 run: BasicSelftests.timer),
        Selftest(name: "uartflood", summary: "stream 1 MiB to COM2 as fast as the UART goes (stub benchmark)",
                 run: UARTFloodSelftest.run),
        Selftest(name: "int3", summary: "a breakpoint is reported and execution resumes",
                 run: FaultSelftests.breakpoint),
        Selftest(name: "pagefault", summary: "touch a stack guard page: #PF report with CR2 and backtrace",
                 run: FaultSelftests.pageFault),
        Selftest(name: "divzero", summary: "divide by zero: #DE report",
                 run: FaultSelftests.divideByZero),
        Selftest(name: "panic", summary: "fatalError with a message goes to the panic path",
                 run: FaultSelftests.fatalErrorPanic),
        Selftest(name: "overflow", summary: "Swift arithmetic overflow traps to the panic path",
                 run: FaultSelftests.arithmeticOverflow),
        Selftest(name: "doublefault", summary: "kernel stack overflow reaches #DF on its IST stack",
                 run: FaultSelftests.stackOverflow),
        Selftest(name: "user", summary: "run the user program hello in ring 3 and get its exit status",
                 run: UserSelftests.hello),
        Selftest(name: "userpaging", summary: "task page tables: segment permissions, stack guard, kernel supervisor-only; W^X",
                 run: UserPagingSelftest.run),
        Selftest(name: "userfault", summary: "faulting user tasks are killed alone with a report; the kernel goes on",
                 run: UserSelftests.faults),
        Selftest(name: "ipc", summary: "10,000 channel round trips between two tasks, with a handle transfer",
                 run: UserSelftests.ipc),
        Selftest(name: "shm", summary: "a shared memory region mapped into two tasks, with a notification",
                 run: UserSelftests.sharedMemory),
        Selftest(name: "caps", summary: "bad handles, missing rights, wrong objects give their error codes",
                 run: UserSelftests.capabilities),
        Selftest(name: "spawnloop", summary: "1,000 spawn/exit cycles: free frames and heap back to the baseline",
                 run: UserSelftests.spawnLoop),
        Selftest(name: "preempt", summary: "timer preemption, priorities and kill with busy user tasks",
                 run: UserSelftests.preemption),
        Selftest(name: "archive", summary: "programs from a boot archive; a corrupted entry is refused by name",
                 run: ArchiveSelftest.run),
        Selftest(name: "sysbench", summary: "null syscall, yield and IPC round trips in TSC cycles (make bench)",
                 run: { UserSelftests.run("sysbench") == 0 }),
        Selftest(name: "fuzz", summary: "100,000 random system calls from user space; the kernel survives",
                 run: UserSelftests.fuzz),
    ]

    static func run(_ name: String) -> Never {
        if name == "list" {
            list(KernelLog.writer)
            PowerOff.exit(.success)
        }
        guard let test = all.first(where: { $0.name == name }) else {
            let w = KernelLog.begin(.error)
            w.write("selftest: unknown scenario '"); w.write(name); w.write("'"); w.newline()
            list(KernelLog.writer)
            PowerOff.exit(.failure)
        }
        KernelLog.log(.info, "selftest \(name): running")
        let passed = test.run()
        KernelLog.log(passed ? .info : .error, "selftest \(name): \(passed ? "PASS" : "FAIL")")
        PowerOff.exit(passed ? .success : .failure)
    }

    static func list(_ w: TextWriter) {
        w.write("Selftests (selftest=NAME):"); w.newline()
        for test in all {
            w.write("  "); w.write(test.name); w.spaces(12 - test.name.utf8.count); w.write(test.summary); w.newline()
        }
    }
}
