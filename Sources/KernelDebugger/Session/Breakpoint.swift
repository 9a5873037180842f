import GDBStub

/// A breakpoint or watchpoint kdbg set, numbered like gdb's.
public struct Breakpoint: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case software
        case watch(WatchKind, length: UInt64)
    }

    public var number: Int
    public var kind: Kind
    public var address: UInt64
    /// What the user asked for (`Kernel.kernelMain(_:)`, `Timer.swift:20`, `*0x1000`).
    public var location: String
    public var enabled = true
    public var temporary = false
    /// Set on a function breakpoint: stops are shown in the function itself.
    public var isFunction = false
    public var hits = 0
    /// A watchpoint's bytes when it was set or last triggered (for Old/New value).
    public var watchedValue: [UInt8]?

    /// The Z/z packet request for this breakpoint.
    var request: BreakpointRequest {
        switch kind {
        case .software: return BreakpointRequest(type: .software, address: address, kind: 1)
        case .watch(let w, let length):
            let type: BreakpointType = w == .write ? .writeWatchpoint : (w == .read ? .readWatchpoint : .accessWatchpoint)
            return BreakpointRequest(type: type, address: address, kind: length)
        }
    }

    public var typeName: String {
        switch kind {
        case .software: return "breakpoint"
        case .watch(.write, _): return "hw watchpoint"
        case .watch(.read, _): return "read watchpoint"
        case .watch(.access, _): return "acc watchpoint"
        }
    }
}
