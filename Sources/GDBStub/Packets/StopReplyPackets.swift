// Stop replies (GDB manual, E.3 "Stop Reply Packets"): `S AA`; `T AA` and
// `n:r;` pairs where n is a register number (value in hex, target order)
// or a keyword: `thread:tid;`, `watch:addr;`, `rwatch:addr;`,
// `awatch:addr;`, `swbreak:;`, `hwbreak:;`, `fork:pPID.TID;`, `vfork:pPID.TID;`,
// `vforkdone:;`, `exec:HEXPATH;`, ...; `W AA` (exited with
// status AA); `X AA` (terminated by signal AA). Unknown keywords are
// ignored, as the manual asks.

extension PacketWriter {
    /// Writes a stop reply. `swbreak`/`hwbreak` are only sent when both sides
    /// agreed on them in qSupported (`reportBreakpointKind`). A stop with
    /// nothing more to say is `S AA` unless `alwaysDetailed` asks for `T AA`,
    /// to which registers can be appended with `appendExpeditedRegister`.
    public mutating func appendStopReply(_ reason: StopReason, thread: ThreadID?, reportBreakpointKind: Bool,
                                         alwaysDetailed: Bool = false, multiprocess: Bool = false) {
        switch reason {
        case .exited(let status):
            append(UInt8(ascii: "W"))
            appendHex(status)
            return
        case .terminated(let signal):
            append(UInt8(ascii: "X"))
            appendHex(signal.rawValue)
            return
        default:
            break
        }
        let hasCause: Bool
        switch reason {
        case .softwareBreakpoint, .hardwareBreakpoint: hasCause = reportBreakpointKind
        case .watchpoint, .syscallEntry, .syscallReturn, .forked, .vforked, .vforkDone, .execed: hasCause = true
        default: hasCause = false
        }
        guard thread != nil || hasCause || alwaysDetailed else {
            append(UInt8(ascii: "S"))
            appendHex(reason.signal.rawValue)
            return
        }
        append(UInt8(ascii: "T"))
        appendHex(reason.signal.rawValue)
        if let thread {
            append("thread:")
            thread.write(to: &self, multiprocess: multiprocess)
            append(UInt8(ascii: ";"))
        }
        switch reason {
        case .softwareBreakpoint where reportBreakpointKind: append("swbreak:;")
        case .hardwareBreakpoint where reportBreakpointKind: append("hwbreak:;")
        case .watchpoint(let kind, let address):
            switch kind {
            case .write: append("watch:")
            case .read: append("rwatch:")
            case .access: append("awatch:")
            }
            appendHex(number: address)
            append(UInt8(ascii: ";"))
        case .syscallEntry(let number):
            append("syscall_entry:")
            appendHex(number: number)
            append(UInt8(ascii: ";"))
        case .syscallReturn(let number):
            append("syscall_return:")
            appendHex(number: number)
            append(UInt8(ascii: ";"))
        case .forked(let pid, let tid), .vforked(let pid, let tid):
            if case .forked = reason { append("fork:") } else { append("vfork:") }
            ThreadID(process: .id(pid), thread: .id(tid)).write(to: &self, multiprocess: true)
            append(UInt8(ascii: ";"))
        case .vforkDone: append("vforkdone:;")
        default: break
        }
    }

    /// `n:r;` in a `T` stop reply: register `number` with its raw bytes.
    public mutating func appendExpeditedRegister(_ number: Int, value: UnsafeRawBufferPointer) {
        appendHex(number: UInt64(number))
        append(UInt8(ascii: ":"))
        appendHex(bytes: value)
        append(UInt8(ascii: ";"))
    }
}

/// A stop reply as received, with the `n:r` pairs left in the payload.
public struct StopReply {
    public var reason: StopReason
    public var thread: ThreadID?
    /// The `n:r;` text of a `T` reply (empty for other kinds).
    public var pairs: UnsafeMutableBufferPointer<UInt8>

    /// Parses `S`, `T`, `W` or `X` replies; `nil` for anything else.
    public static func parse(_ payload: UnsafeMutableBufferPointer<UInt8>) -> StopReply? {
        var s = PayloadScanner(payload)
        guard let kind = s.next(), let code = s.hexByte() else { return nil }
        let none = UnsafeMutableBufferPointer(rebasing: payload[0..<0])
        switch kind {
        case UInt8(ascii: "S"): return StopReply(reason: .signal(GDBSignal(code)), thread: nil, pairs: none)
        case UInt8(ascii: "W"): return StopReply(reason: .exited(code), thread: nil, pairs: none)
        case UInt8(ascii: "X"): return StopReply(reason: .terminated(GDBSignal(code)), thread: nil, pairs: none)
        case UInt8(ascii: "T"): break
        default: return nil
        }
        var reply = StopReply(reason: .signal(GDBSignal(code)), thread: nil, pairs: s.rest())
        for pair in reply.pairList {
            var value = PayloadScanner(pair.value)
            if pair.isNamed("thread") {
                reply.thread = ThreadID.parse(&value)
            } else if pair.isNamed("swbreak") {
                reply.reason = .softwareBreakpoint
            } else if pair.isNamed("hwbreak") {
                reply.reason = .hardwareBreakpoint
            } else if pair.isNamed("syscall_entry"), let number = value.hexNumber() {
                reply.reason = .syscallEntry(number)
            } else if pair.isNamed("syscall_return"), let number = value.hexNumber() {
                reply.reason = .syscallReturn(number)
            } else if pair.isNamed("fork") || pair.isNamed("vfork"),
                      let child = ThreadID.parse(&value), case .id(let pid)? = child.process,
                      let tid = child.specificID {
                reply.reason = pair.isNamed("fork") ? .forked(pid: pid, thread: tid) : .vforked(pid: pid, thread: tid)
            } else if pair.isNamed("vforkdone") {
                reply.reason = .vforkDone
            } else if pair.isNamed("exec") {
                reply.reason = .execed
            } else if let watch = pair.watchKind, let address = value.hexNumber() {
                reply.reason = .watchpoint(watch, address: address)
            }
        }
        return reply
    }

    /// The `n:r` pairs, keywords and registers alike.
    public var pairList: StopReplyPairs { StopReplyPairs(bytes: pairs) }
}

/// One `n:r` pair of a `T` stop reply.
public struct StopReplyPair {
    public var name: UnsafeMutableBufferPointer<UInt8>
    public var value: UnsafeMutableBufferPointer<UInt8>

    public func isNamed(_ text: StaticString) -> Bool {
        name.count == text.utf8CodeUnitCount && text.withUTF8Buffer { $0.elementsEqual(name) }
    }

    /// The register number when the name is one (all hex digits; keywords never are).
    public var registerNumber: Int? {
        var s = PayloadScanner(name)
        guard let number = s.hexInt(), s.isAtEnd else { return nil }
        return number
    }

    var watchKind: WatchKind? {
        if isNamed("watch") { return .write }
        if isNamed("rwatch") { return .read }
        if isNamed("awatch") { return .access }
        return nil
    }
}

/// The pairs of a `T` stop reply, split lazily at `;` and `:`.
public struct StopReplyPairs: Sequence {
    let bytes: UnsafeMutableBufferPointer<UInt8>

    public struct Iterator: IteratorProtocol {
        var scanner: PayloadScanner

        public mutating func next() -> StopReplyPair? {
            while !scanner.isAtEnd {
                var entry = PayloadScanner(scanner.field(until: UInt8(ascii: ";")))
                let name = entry.field(until: UInt8(ascii: ":"))
                if !name.isEmpty { return StopReplyPair(name: name, value: entry.rest()) }
            }
            return nil
        }
    }

    public func makeIterator() -> Iterator { Iterator(scanner: PayloadScanner(bytes)) }
}
