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
