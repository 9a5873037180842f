/// How to resume: from `c`, `C`, `s`, `S` or the action of a `vCont` packet
/// that applies (GDB manual, E.2 "Packets").
public struct ResumeAction: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case `continue`
        case step
    }

    public var kind: Kind
    /// The signal to deliver on resuming (`C`/`S`); `nil` for none.
    public var signal: GDBSignal?
    /// Where to resume (`c addr`); `nil` for where it stopped.
    public var address: UInt64?
    /// The thread to step or continue; `nil` for the current one (or all).
    public var thread: ThreadID?

    public init(_ kind: Kind, signal: GDBSignal? = nil, address: UInt64? = nil, thread: ThreadID? = nil) {
        self.kind = kind
        self.signal = signal
        self.address = address
        self.thread = thread
    }

    public static let `continue` = ResumeAction(.continue)
    public static let step = ResumeAction(.step)
}
