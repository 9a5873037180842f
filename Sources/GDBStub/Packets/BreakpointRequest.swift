/// The type field of `Z`/`z` packets (GDB manual, E.2 "Packets": `Z0`
/// software breakpoint ... `Z4` access watchpoint).
public enum BreakpointType: UInt8, Equatable, Sendable {
    case software = 0
    case hardware = 1
    case writeWatchpoint = 2
    case readWatchpoint = 3
    case accessWatchpoint = 4

    /// The watchpoint kind, for types 2-4.
    public var watchKind: WatchKind? { WatchKind(rawValue: rawValue) }
}

/// A parsed `Z type,addr,kind` or `z type,addr,kind`. `kind` is the
/// breakpoint's size in bytes on x86 (1 for `int3`) and the watched length
/// for watchpoints. Conditions and commands after `;` are not parsed (the
/// stub does not advertise `ConditionalBreakpoints`).
public struct BreakpointRequest: Equatable, Sendable {
    public var type: BreakpointType
    public var address: UInt64
    public var kind: UInt64

    public init(type: BreakpointType, address: UInt64, kind: UInt64) {
        self.type = type
        self.address = address
        self.kind = kind
    }
}
