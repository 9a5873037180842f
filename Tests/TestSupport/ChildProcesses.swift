import Foundation

/// Sets `process` to run `path` with `arguments` with every signal unblocked
/// and SIGINT and SIGCHLD at their defaults: the test runner starts children
/// with signals blocked or ignored, and gdb (Ctrl-C), gdbserver and kdbg
/// (waiting for their inferiors) need them. A one-line exec wrapper does it.
public func configureWithDefaultSignals(_ process: Process, _ path: String, _ arguments: [String]) {
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = ["-c", "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
                         + "signal.signal(signal.SIGINT, signal.SIG_DFL); signal.signal(signal.SIGCHLD, signal.SIG_DFL); "
                         + "os.execv(sys.argv[1], sys.argv[1:])", path] + arguments
}

/// Runs gdb with `arguments` (batch mode is up to the caller) and returns
/// its output; a gdb still running after `timeout` seconds is killed. The
/// pipe is drained with a deadline, never to EOF: a child another test
/// started may hold its write end.
public func runGDBProcess(_ arguments: [String], timeout: Double, onStart: ((Process) -> Void)? = nil) throws -> String {
    let gdb = Process()
    configureWithDefaultSignals(gdb, "/usr/bin/gdb", arguments)
    let out = Pipe()
    gdb.standardOutput = out
    gdb.standardError = out
    gdb.standardInput = FileHandle.nullDevice
    let text = OutputBuffer()
    text.follow(out.fileHandleForReading)
    try gdb.run()
    onStart?(gdb)
    let start = Date()
    while gdb.isRunning && Date().timeIntervalSince(start) < timeout { Thread.sleep(forTimeInterval: 0.01) }
    if gdb.isRunning { kill(gdb.processIdentifier, SIGKILL); gdb.waitUntilExit() }
    out.fileHandleForReading.readabilityHandler = nil
    text.drain(out.fileHandleForReading)
    return text.text
}
