// `vCont?` and `vCont;action[:thread-id]...` (GDB manual, E.2 "Packets").
// Actions: `c`, `C sig`, `s`, `S sig`, `t` (stop, non-stop mode only). An
// action without a thread applies to every thread no earlier action named.
// gdb only uses vCont when the `vCont?` reply lists both `c` and `C`.

/// One action of a `vCont` packet.
public struct VContAction: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case `continue`
        case step
        case stop
    }

    public var kind: Kind
    public var signal: GDBSignal?
    /// The thread it applies to; `nil` for "all others".
    public var thread: ThreadID?

    public init(_ kind: Kind, signal: GDBSignal? = nil, thread: ThreadID? = nil) {
        self.kind = kind
        self.signal = signal
        self.thread = thread
    }

    /// The resume action for a continue or step; `nil` for stop.
    public var resumeAction: ResumeAction? {
        switch kind {
        case .continue: return ResumeAction(.continue, signal: signal, thread: thread)
        case .step: return ResumeAction(.step, signal: signal, thread: thread)
        case .stop: return nil
        }
    }
}

/// The actions of a `vCont` packet, validated when parsed and read lazily
/// from the borrowed payload.
public struct VContActionList: Sequence {
    public let bytes: UnsafeMutableBufferPointer<UInt8>

    /// Checks every action; throws if one is malformed or there are none.
    public init(parsing bytes: UnsafeMutableBufferPointer<UInt8>) throws(PacketError) {
        self.bytes = bytes
        var scanner = PayloadScanner(bytes)
        var count = 0
        while !scanner.isAtEnd {
            guard VContActionList.parseAction(&scanner) != nil else { throw .malformed }
            count += 1
        }
        guard count > 0 else { throw .malformed }
    }

    /// The action an all-stop target carries out: the first one naming a
    /// specific thread (gdb steps one thread with `vCont;s:TID;c`), else the
    /// first resuming action.
    public var primaryAction: ResumeAction? {
        var fallback: ResumeAction?
        for action in self {
            guard let resume = action.resumeAction else { continue }
            if action.thread?.specificID != nil { return resume }
            if fallback == nil { fallback = resume }
        }
        return fallback
    }

    public struct Iterator: IteratorProtocol {
        var scanner: PayloadScanner
        public mutating func next() -> VContAction? { VContActionList.parseAction(&scanner) }
    }

    public func makeIterator() -> Iterator { Iterator(scanner: PayloadScanner(bytes)) }

    /// One `action[:thread]` followed by `;` or the end.
    static func parseAction(_ s: inout PayloadScanner) -> VContAction? {
        guard let letter = s.next() else { return nil }
        var action: VContAction
        switch letter {
        case UInt8(ascii: "c"): action = VContAction(.continue)
        case UInt8(ascii: "s"): action = VContAction(.step)
        case UInt8(ascii: "t"): action = VContAction(.stop)
        case UInt8(ascii: "C"), UInt8(ascii: "S"):
            guard let signal = s.hexByte() else { return nil }
            action = VContAction(letter == UInt8(ascii: "C") ? .continue : .step, signal: GDBSignal(signal))
        default: return nil
        }
        if s.consume(UInt8(ascii: ":")) {
            guard let thread = ThreadID.parse(&s) else { return nil }
            action.thread = thread
        }
        guard s.isAtEnd || s.consume(UInt8(ascii: ";")) else { return nil }
        return action
    }
}

extension PacketWriter {
    /// The `vCont?` reply of an all-stop stub: continue and step, with and
    /// without a signal (`t` is only meaningful in non-stop mode).
    public mutating func appendVContSupport() {
        append("vCont;c;C;s;S")
    }

    /// One `;action[:thread]` of a vCont packet, as the client sends it.
    public mutating func appendVContAction(_ action: VContAction, multiprocess: Bool = false) {
        append(UInt8(ascii: ";"))
        switch action.kind {
        case .continue: append(UInt8(ascii: action.signal == nil ? "c" : "C"))
        case .step: append(UInt8(ascii: action.signal == nil ? "s" : "S"))
        case .stop: append(UInt8(ascii: "t"))
        }
        if let signal = action.signal, action.kind != .stop { appendHex(signal.rawValue) }
        if let thread = action.thread {
            append(UInt8(ascii: ":"))
            thread.write(to: &self, multiprocess: multiprocess)
        }
    }
}
