import CPtrace
import Glibc

/// ptrace(2) requests used here (linux/ptrace.h numbers).
public enum PtraceRequest: Int32 {
    case peekUser = 3
    case pokeUser = 6
    case cont = 7
    case kill = 8
    case singleStep = 9
    case getRegs = 12
    case setRegs = 13
    case getFPRegs = 14
    case setFPRegs = 15
    case attach = 16
    case detach = 17
    case syscall = 24
    case setOptions = 0x4200
    case getEventMessage = 0x4201
    case getSignalInfo = 0x4202
    case seize = 0x4206
    case interrupt = 0x4207
}

/// PTRACE_O_* options.
public struct PtraceOptions: OptionSet, Sendable {
    public let rawValue: UInt
    public init(rawValue: UInt) { self.rawValue = rawValue }
    public static let traceSysGood = PtraceOptions(rawValue: 0x01)
    public static let traceFork = PtraceOptions(rawValue: 0x02)
    public static let traceVFork = PtraceOptions(rawValue: 0x04)
    public static let traceClone = PtraceOptions(rawValue: 0x08)
    public static let traceExec = PtraceOptions(rawValue: 0x10)
    public static let traceVForkDone = PtraceOptions(rawValue: 0x20)
    public static let traceExit = PtraceOptions(rawValue: 0x40)
    public static let exitKill = PtraceOptions(rawValue: 0x100000)
}

/// PTRACE_EVENT_* values (the byte above the signal in a wait status).
public enum PtraceEvent: Int32, Sendable {
    case fork = 1
    case vfork = 2
    case clone = 3
    case exec = 4
    case vforkDone = 5
    case exit = 6
    case stop = 128
}

/// A failed system call: the call's name and errno.
public struct SystemError: Error, CustomStringConvertible, Equatable {
    public let call: String
    public let errno: Int32
    public init(_ call: String, _ errno: Int32) {
        self.call = call
        self.errno = errno
    }
    public var description: String { "\(call): \(String(cString: strerror(errno)))" }
}

/// Thin wrappers over ptrace(2) for one thread.
public enum Ptrace {
    @discardableResult
    public static func call(_ request: PtraceRequest, _ tid: pid_t, _ addr: UInt = 0, _ data: UInt = 0)
        throws(SystemError) -> Int {
        var error: Int32 = 0
        let r = keel_ptrace(request.rawValue, tid, addr, data, &error)
        if r == -1 && error != 0 { throw SystemError("ptrace(\(request))", error) }
        return r
    }

    /// A request that fills a `T` through the pointer in `data`.
    private static func fetch<T>(_ request: PtraceRequest, _ tid: pid_t, into value: T) throws(SystemError) -> T {
        var value = value
        try withUnsafeMutablePointer(to: &value) { (p) throws(SystemError) in
            _ = try call(request, tid, 0, UInt(bitPattern: p))
        }
        return value
    }

    /// A request that reads a `T` through the pointer in `data`.
    private static func store<T>(_ request: PtraceRequest, _ tid: pid_t, _ value: T) throws(SystemError) {
        _ = try fetch(request, tid, into: value)
    }

    public static func getRegisters(_ tid: pid_t) throws(SystemError) -> user_regs_struct {
        try fetch(.getRegs, tid, into: user_regs_struct())
    }

    public static func setRegisters(_ tid: pid_t, _ regs: user_regs_struct) throws(SystemError) {
        try store(.setRegs, tid, regs)
    }

    public static func getFPRegisters(_ tid: pid_t) throws(SystemError) -> user_fpregs_struct {
        try fetch(.getFPRegs, tid, into: user_fpregs_struct())
    }

    public static func setFPRegisters(_ tid: pid_t, _ regs: user_fpregs_struct) throws(SystemError) {
        try store(.setFPRegs, tid, regs)
    }

    public static func signalInfo(_ tid: pid_t) throws(SystemError) -> siginfo_t {
        try fetch(.getSignalInfo, tid, into: siginfo_t())
    }

    public static func eventMessage(_ tid: pid_t) throws(SystemError) -> UInt {
        try fetch(.getEventMessage, tid, into: 0)
    }

    public static func debugRegister(_ tid: pid_t, _ n: Int32) throws(SystemError) -> UInt64 {
        UInt64(UInt(bitPattern: try call(.peekUser, tid, keel_debugreg_offset(n))))
    }

    public static func setDebugRegister(_ tid: pid_t, _ n: Int32, _ value: UInt64) throws(SystemError) {
        try call(.pokeUser, tid, keel_debugreg_offset(n), UInt(value))
    }
}

/// A decoded waitpid status.
public enum WaitStatus: Equatable, Sendable {
    case exited(Int32)
    case signaled(Int32)
    /// A ptrace stop: the signal, and the PTRACE_EVENT if any.
    case stopped(signal: Int32, event: PtraceEvent?)
    /// A syscall-stop (SIGTRAP|0x80 with PTRACE_O_TRACESYSGOOD).
    case syscallStop

    public init(_ raw: Int32) {
        if keel_wifexited(raw) != 0 {
            self = .exited(keel_wexitstatus(raw))
        } else if keel_wifsignaled(raw) != 0 {
            self = .signaled(keel_wtermsig(raw))
        } else {
            let signal = keel_wstopsig(raw)
            if signal == SIGTRAP | 0x80 {
                self = .syscallStop
            } else {
                self = .stopped(signal: signal, event: PtraceEvent(rawValue: keel_wptrace_event(raw)))
            }
        }
    }
}

/// waitpid with __WALL (threads and children alike); retries on EINTR.
/// Returns nil when nothing is ready (with WNOHANG) or no child exists.
public func waitForThread(_ tid: pid_t, block: Bool) -> (pid_t, WaitStatus)? {
    var status: Int32 = 0
    while true {
        let r = waitpid(tid, &status, keel_wall() | (block ? 0 : WNOHANG))
        if r > 0 { return (r, WaitStatus(status)) }
        if r < 0 && errno == EINTR { continue }
        return nil
    }
}
