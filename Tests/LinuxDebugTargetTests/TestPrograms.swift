import Foundation

/// C programs the tests debug, compiled once per test run with gcc -g -O0.
enum TestPrograms {
    static let directory: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kdbg-ptrace-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }()

    static let lock = NSLock()
    nonisolated(unsafe) static var built: [String: String] = [:]

    /// The path of program `name` built from `source` (cached).
    static func build(_ name: String, _ source: String, flags: [String] = []) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let path = built[name] { return path }
        let sourceURL = directory.appendingPathComponent("\(name).c")
        let output = directory.appendingPathComponent(name).path
        try source.write(to: sourceURL, atomically: true, encoding: .utf8)
        let gcc = Process()
        gcc.executableURL = URL(fileURLWithPath: "/usr/bin/gcc")
        gcc.arguments = ["-g", "-O0", "-o", output, sourceURL.path] + flags
        try gcc.run()
        gcc.waitUntilExit()
        guard gcc.terminationStatus == 0 else { throw TestFailure("gcc failed for \(name)") }
        built[name] = output
        return output
    }

    /// A Swift program (built with swiftc -g -Onone, cached like the C
    /// ones): `deposit` adds 32 to a balance of 10; it exits with 42 - 32.
    static var swiftAccount: String {
        get throws {
            lock.lock()
            defer { lock.unlock() }
            if let path = built["account"] { return path }
            let sourceURL = directory.appendingPathComponent("account.swift")
            let output = directory.appendingPathComponent("account").path
            try """
                import Glibc

                struct Account {
                    var owner: String
                    var balance: Int
                }

                @inline(never)
                func deposit(_ amount: Int, into account: inout Account) -> Int {
                    let before = account.balance
                    account.balance += amount
                    return account.balance - before
                }

                var account = Account(owner: "keel", balance: 10)
                let added = deposit(32, into: &account)
                print("balance \\(account.balance), added \\(added)")
                exit(Int32(account.balance - added))
                """.write(to: sourceURL, atomically: true, encoding: .utf8)
            let swiftc = Process()
            swiftc.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            swiftc.arguments = ["swiftc", "-g", "-Onone", "-module-name", "account", "-o", output, sourceURL.path]
            try swiftc.run()
            swiftc.waitUntilExit()
            guard swiftc.terminationStatus == 0 else { throw TestFailure("swiftc failed for account.swift") }
            built["account"] = output
            return output
        }
    }

    static var hello: String {
        get throws {
            try build("hello", """
                #include <stdio.h>
                #include <unistd.h>
                int square(int x) { return x * x; }
                int main(void) {
                    write(1, "hi\\n", 3);
                    printf("%d\\n", square(7));
                    return 3;
                }
                """)
        }
    }

    static var threads: String {
        get throws {
            try build("threads", """
                #define _GNU_SOURCE
                #include <pthread.h>
                #include <stdio.h>
                volatile int counter = 0;
                static pthread_barrier_t barrier;
                static void *worker(void *arg) {
                    pthread_setname_np(pthread_self(), (const char *)arg);
                    pthread_barrier_wait(&barrier);
                    __sync_fetch_and_add(&counter, 1);
                    return 0;
                }
                int main(void) {
                    pthread_t a, b;
                    pthread_barrier_init(&barrier, 0, 2);
                    pthread_create(&a, 0, worker, "worker-a");
                    pthread_create(&b, 0, worker, "worker-b");
                    pthread_join(a, 0);
                    pthread_join(b, 0);
                    printf("counter=%d\\n", counter);
                    return 0;
                }
                """, flags: ["-pthread"])
        }
    }

    static var signals: String {
        get throws {
            try build("signals", """
                #include <signal.h>
                #include <unistd.h>
                volatile long total = 0;
                volatile int caught = 0;
                static void on_usr1(int s) { caught = s; }
                int main(void) {
                    signal(SIGUSR1, on_usr1);
                    for (int i = 1; i <= 4; i++) total += i;
                    raise(SIGUSR1);
                    write(1, "written\\n", 8);
                    return (int)total + caught;
                }
                """)
        }
    }

    /// Forks; the child calls `in_child` and exits with 42, which the
    /// parent prints.
    static var forker: String {
        get throws {
            try build("forker", """
                #include <stdio.h>
                #include <sys/wait.h>
                #include <unistd.h>
                int in_child(int x) { return x + 1; }
                int main(void) {
                    pid_t pid = fork();
                    if (pid == 0) _exit(in_child(41));
                    int status = 0;
                    waitpid(pid, &status, 0);
                    printf("child exited %d\\n", WEXITSTATUS(status));
                    return 0;
                }
                """)
        }
    }

    /// vforks a child that exits with 7; the parent then calls `after_vfork`.
    static var vforker: String {
        get throws {
            try build("vforker", """
                #include <stdio.h>
                #include <sys/wait.h>
                #include <unistd.h>
                int after_vfork(int x) { return x * 2; }
                int main(void) {
                    pid_t pid = vfork();
                    if (pid == 0) _exit(7);
                    int status = 0;
                    waitpid(pid, &status, 0);
                    int r = after_vfork(WEXITSTATUS(status));
                    printf("vfork child exited %d\\n", WEXITSTATUS(status));
                    return r;
                }
                """)
        }
    }

    /// Executes itself again with the argument `again`; the second image
    /// prints and exits with 5.
    static var execer: String {
        get throws {
            try build("execer", """
                #include <stdio.h>
                #include <string.h>
                #include <unistd.h>
                int main(int argc, char **argv) {
                    if (argc > 1 && strcmp(argv[1], "again") == 0) {
                        printf("second image\\n");
                        return 5;
                    }
                    char *args[] = { argv[0], "again", 0 };
                    execv(argv[0], args);
                    return 1;
                }
                """)
        }
    }

    /// Executes `hello` (another program: new symbols, libraries, auxv).
    static var helloExecer: String {
        get throws {
            let hello = try hello
            return try build("hello-execer", """
                #include <unistd.h>
                int main(void) {
                    execl(NEXT, NEXT, (char *)0);
                    return 1;
                }
                """, flags: ["-DNEXT=\"\(hello)\""])
        }
    }

    /// A thread (not the leader) executes the program again; the new
    /// image prints and exits with 9.
    static var threadExecer: String {
        get throws {
            try build("thread-execer", """
                #include <pthread.h>
                #include <stdio.h>
                #include <unistd.h>
                static char *self;
                static void *worker(void *arg) {
                    char *args[] = { self, "again", 0 };
                    execv(self, args);
                    return 0;
                }
                int main(int argc, char **argv) {
                    if (argc > 1) { printf("new image\\n"); return 9; }
                    self = argv[0];
                    pthread_t t;
                    pthread_create(&t, 0, worker, 0);
                    pthread_join(t, 0);
                    return 1;
                }
                """, flags: ["-pthread"])
        }
    }

    /// Forks a child that says so and sleeps; the parent waits for it forever.
    static var forkSleeper: String {
        get throws {
            try build("fork-sleeper", """
                #include <stdio.h>
                #include <sys/wait.h>
                #include <unistd.h>
                int main(void) {
                    if (fork() == 0) {
                        printf("forked child %d running\\n", getpid());
                        fflush(stdout);
                        for (;;) usleep(20000);
                    }
                    for (;;) wait(0);
                }
                """)
        }
    }

    static var sleeper: String {
        get throws {
            try build("sleeper", """
                #include <unistd.h>
                volatile int ticks = 0;
                int main(void) {
                    for (;;) { ticks++; usleep(20000); }
                }
                """)
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
