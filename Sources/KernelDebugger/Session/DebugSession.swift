import Foundation
import GDBStub

/// One debugging session: a GDB remote connection to a stopped target, the
/// kernel image for symbols, and what kdbg keeps between commands
/// (breakpoints, the selected thread, cached registers).
public final class DebugSession {
    public let channel: FileDescriptorChannel
    public let client: GDBClient<FileDescriptorChannel>
    public let image: KernelImage?
    public private(set) var layout: RegisterLayout = .amd64
    public private(set) var state: TargetState = .stopped(.signal(.trap))
    public var breakpoints: [Breakpoint] = []
    var nextBreakpointNumber = 1
    /// How long a reply may take before the stub counts as silent.
    public var replyTimeout: Double {
        didSet { channel.timeout = replyTimeout }
    }
    /// Text the target printed (`O` packets) while running.
    public var consoleOutput: ((String) -> Void)?
    /// Whether the stub can read physical memory (QEMU's `Qqemu.PhyMemMode`).
    public private(set) var hasPhysicalMemoryMode = false
    public private(set) var stubName = "unknown stub"
    var cachedRegisters: RegisterValues?

    /// Connects over `fd`: qSupported, no-ack mode, the target description
    /// and the stop reason (the stub stops a running target when a debugger
    /// connects).
    public init(fd: Int32, image: KernelImage?, timeout: Double = 5) throws(DebuggerError) {
        channel = FileDescriptorChannel(fd: fd, timeout: timeout)
        client = GDBClient(channel: channel)
        self.image = image
        replyTimeout = timeout
        client.consoleOutput = { [weak self] bytes in self?.consoleOutput?(String(decoding: bytes, as: UTF8.self)) }
        // A kernel that is still booting may drop the first packet (its stub
        // is not reading COM2 yet): retry the handshake until `timeout`.
        let deadline = monotonicSeconds() + timeout
        var features: RemoteFeatures
        while true {
            channel.timeout = min(1, timeout)
            do {
                features = try wire("connecting") { () throws(ClientError) in try self.client.connect() }
                break
            } catch {
                guard case .target = error, case .timedOut = channel.failure ?? .closed, monotonicSeconds() < deadline else {
                    channel.timeout = timeout
                    if case .target = error, case .timedOut = channel.failure ?? .closed {
                        throw .target("the stub did not answer within \(formatSeconds(timeout)) while connecting; is the target alive?")
                    }
                    throw error
                }
            }
        }
        channel.timeout = timeout
        // Like gdb, pick a thread first: gdbserver builds its description for the current thread.
        _ = try? client.selectThread(.any, for: .general)
        if features.targetDescription {
            if let documents = try? readTargetDescription() {
                let parsed = RegisterLayout(targetDescription: documents)
                if parsed.register(named: "rip") != nil { layout = parsed }
            }
        }
        if let reply = try? client.request("qqemu.PhyMemMode"), reply == Array("0".utf8) || reply == Array("1".utf8) {
            hasPhysicalMemoryMode = true
            stubName = "QEMU gdbstub"
        } else {
            do {
                if try client.monitor("help").contains("Keel") { stubName = "Keel kernel stub" }
            } catch {
                // An odd reply must not leave its tail to be read as the next answer.
                channel.discardInput()
            }
        }
        let stop = try wire("asking why the target stopped") { () throws(ClientError) in try self.client.haltReason() }
        record(stop)
    }

    private func readTargetDescription() throws(ClientError) -> [String] {
        var documents: [String] = []
        var queue = ["target.xml"]
        var seen: Set<String> = []
        while let annex = queue.first {
            queue.removeFirst()
            guard seen.insert(annex).inserted, seen.count < 16 else { continue }
            let text = String(decoding: try client.readFeatures(annex: annex), as: UTF8.self)
            documents.append(text)
            queue += RegisterLayout.includes(in: text)
        }
        return documents
    }

    // MARK: Errors from the wire

    /// Runs a client call, turning its failures into messages a user reads.
    func wire<T>(_ what: String, _ body: () throws(ClientError) -> T) throws(DebuggerError) -> T {
        try requireConnected()
        do {
            return try body()
        } catch {
            throw translate(error, what)
        }
    }

    func translate(_ error: ClientError, _ what: String) -> DebuggerError {
        switch error {
        case .disconnected:
            switch channel.failure {
            case .timedOut(let seconds):
                channel.discardInput()
                return .target("the stub did not answer within \(formatSeconds(seconds)) while \(what); is the target alive?")
            case .cancelled:
                InterruptFlag.clear()
                channel.discardInput()
                return .cancelled("interrupted while \(what)")
            default:
                let message = "the connection to the target closed while \(what) (did QEMU exit?)"
                state = .disconnected(message)
                return .target(message)
            }
        case .remote(let code):
            return .failed("the stub refused (E\(String(format: "%02x", code.rawValue))) while \(what)")
        case .unsupported:
            return .failed("the stub does not support \(what)")
        case .notAcknowledged:
            return .target("the stub kept rejecting our packets while \(what)")
        case .replyTooLarge, .requestTooLarge:
            return .failed("a packet was too large while \(what)")
        case .unexpectedReply(let reply):
            return .failed("unexpected reply \"\(String(decoding: reply.prefix(60), as: UTF8.self))\" while \(what)")
        }
    }

    public func requireConnected() throws(DebuggerError) {
        if case .disconnected(let message) = state { throw .target("not connected: \(message)") }
    }

    public func requireStopped() throws(DebuggerError) {
        switch state {
        case .stopped: return
        case .exited(let m): throw .target("the target has exited (\(m))")
        case .disconnected(let m): throw .target("not connected: \(m)")
        }
    }

    // MARK: Registers

    public func registers() throws(DebuggerError) -> RegisterValues {
        try requireStopped()
        if let cachedRegisters { return cachedRegisters }
        let bytes = try wire("reading registers") { () throws(ClientError) in try self.client.readRegisters() }
        // QEMU 7.2 describes ss_base, ds_base and es_base but leaves them out
        // of `g`: a description that does not match the reply is not used
        // (both QEMU and the Keel stub send the amd64 layout's registers first).
        if bytes.count < layout.totalSize {
            layout = .amd64
        }
        let values = RegisterValues(layout: layout, bytes: bytes)
        cachedRegisters = values
        return values
    }

    public func register(_ name: String) throws(DebuggerError) -> UInt64 {
        let values = try registers()
        guard let v = values[name] else {
            throw .usage("no register named \"\(name)\" (registers: \(layout.names.prefix(34).joined(separator: " ")))")
        }
        return v
    }

    public var pc: UInt64 {
        get throws(DebuggerError) { try register("rip") }
    }

    // MARK: Memory

    /// Reads `count` bytes at `address`; throws unless all of them are readable.
    public func readMemory(at address: UInt64, count: Int) throws(DebuggerError) -> [UInt8] {
        let bytes = try readAvailableMemory(at: address, count: count)
        guard bytes.count == count else {
            throw .failed("cannot access memory at 0x\(String(address &+ UInt64(bytes.count), radix: 16))")
        }
        return bytes
    }

    /// Reads up to `count` bytes; fewer when memory ends being readable.
    public func readAvailableMemory(at address: UInt64, count: Int) throws(DebuggerError) -> [UInt8] {
        try requireStopped()
        do {
            return try client.readMemory(at: address, count: count)
        } catch {
            if case .remote = error { throw .failed("cannot access memory at 0x\(String(address, radix: 16))") }
            throw translate(error, "reading memory at 0x\(String(address, radix: 16))")
        }
    }

    public func readQuad(_ address: UInt64) throws(DebuggerError) -> UInt64 {
        let b = try readMemory(at: address, count: 8)
        return b.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    public func writeMemory(at address: UInt64, _ bytes: [UInt8]) throws(DebuggerError) {
        try requireStopped()
        try wire("writing memory at 0x\(String(address, radix: 16))") { () throws(ClientError) in
            try self.client.writeMemory(at: address, bytes)
        }
    }

    /// Reads physical memory: through QEMU's physical-memory mode when the
    /// stub has it, otherwise through the kernel's identity map of RAM.
    public func readPhysicalMemory(at address: UInt64, count: Int) throws(DebuggerError) -> [UInt8] {
        guard hasPhysicalMemoryMode else { return try readMemory(at: address, count: count) }
        try wire("switching to physical memory") { () throws(ClientError) in try self.client.command("Qqemu.PhyMemMode:1") }
        defer { _ = try? client.command("Qqemu.PhyMemMode:0") }
        return try readMemory(at: address, count: count)
    }

    // MARK: Running

    func record(_ stop: ClientStopReply) {
        cachedRegisters = nil
        switch stop.reason {
        case .exited(let status): state = .exited("exit status \(status)")
        case .terminated(let signal): state = .exited("terminated by signal \(signal.rawValue)")
        default: state = .stopped(stop.reason)
        }
        if let id = stop.thread?.specificID { currentThread = id }
    }

    public internal(set) var currentThread: UInt64?

    /// Steps one instruction.
    public func stepInstruction() throws(DebuggerError) -> StopReason {
        try requireStopped()
        let stop = try wire("stepping") { () throws(ClientError) in try self.client.step() }
        record(stop)
        return stop.reason
    }

    /// Resumes until the target stops (a breakpoint, Ctrl-C, a fault),
    /// stepping over a breakpoint at the current pc first.
    public func continueExecution() throws(DebuggerError) -> StopReason {
        try requireStopped()
        let here = try pc
        let lifted = breakpoints.filter { $0.enabled && $0.kind == .software && $0.address == here }
        if !lifted.isEmpty {
            for b in lifted { try remove(b) }
            let reason = try stepInstruction()
            for b in lifted { try insert(b) }
            if case .stopped = state {} else { return reason }
            if case .signal(let s) = reason, s != .trap { return reason }
        }
        channel.timeout = nil
        channel.forwardsInterrupts = true
        defer {
            channel.timeout = replyTimeout
            channel.forwardsInterrupts = false
        }
        let stop = try wire("the target ran") { () throws(ClientError) in try self.client.continueExecution() }
        record(stop)
        return stop.reason
    }

    /// The breakpoint the last stop is at, counted as a hit.
    func breakpointHit() -> Breakpoint? {
        guard case .stopped(let reason) = state else { return nil }
        var index: Int?
        switch reason {
        case .watchpoint(_, let address):
            index = breakpoints.firstIndex { if case .watch = $0.kind { return $0.enabled && $0.address == address }; return false }
        case .softwareBreakpoint, .hardwareBreakpoint, .signal(.trap):
            guard let rip = try? pc else { return nil }
            index = breakpoints.firstIndex { $0.enabled && $0.kind == .software && $0.address == rip }
        default:
            return nil
        }
        guard let i = index else { return nil }
        breakpoints[i].hits += 1
        return breakpoints[i]
    }

    /// Reads a watchpoint's bytes again; returns the old and new values.
    func refreshWatchedValue(_ number: Int) -> (old: [UInt8]?, new: [UInt8]?) {
        guard let i = breakpoints.firstIndex(where: { $0.number == number }),
              case .watch(_, let length) = breakpoints[i].kind else { return (nil, nil) }
        let old = breakpoints[i].watchedValue
        let new = try? readMemory(at: breakpoints[i].address, count: Int(length))
        breakpoints[i].watchedValue = new
        return (old, new)
    }

    // MARK: Breakpoints

    func insert(_ b: Breakpoint) throws(DebuggerError) {
        try wire("inserting \(b.typeName) \(b.number) at 0x\(String(b.address, radix: 16))") { () throws(ClientError) in
            try self.client.insertBreakpoint(b.request)
        }
    }

    func remove(_ b: Breakpoint) throws(DebuggerError) {
        try wire("removing \(b.typeName) \(b.number)") { () throws(ClientError) in
            try self.client.removeBreakpoint(b.request)
        }
    }

    @discardableResult
    public func addBreakpoint(_ kind: Breakpoint.Kind, address: UInt64, location: String, temporary: Bool = false,
                              isFunction: Bool = false) throws(DebuggerError) -> Breakpoint {
        try requireStopped()
        var b = Breakpoint(number: nextBreakpointNumber, kind: kind, address: address, location: location, temporary: temporary)
        b.isFunction = isFunction
        if case .watch(_, let length) = kind { b.watchedValue = try? readMemory(at: address, count: Int(length)) }
        try insert(b)
        nextBreakpointNumber += 1
        breakpoints.append(b)
        return b
    }

    public func deleteBreakpoint(_ number: Int) throws(DebuggerError) {
        guard let i = breakpoints.firstIndex(where: { $0.number == number }) else { throw .usage("no breakpoint number \(number)") }
        if breakpoints[i].enabled { try remove(breakpoints[i]) }
        breakpoints.remove(at: i)
    }

    public func setEnabled(_ number: Int, _ enabled: Bool) throws(DebuggerError) {
        guard let i = breakpoints.firstIndex(where: { $0.number == number }) else { throw .usage("no breakpoint number \(number)") }
        guard breakpoints[i].enabled != enabled else { return }
        if enabled { try insert(breakpoints[i]) } else { try remove(breakpoints[i]) }
        breakpoints[i].enabled = enabled
    }

    /// Runs until `address` is reached with the stack at or above `stackAtLeast`
    /// (so a recursive call does not count), through a temporary breakpoint.
    func run(to address: UInt64, stackAtLeast: UInt64) throws(DebuggerError) -> StopReason {
        let userHere = breakpoints.contains { $0.enabled && $0.kind == .software && $0.address == address }
        let temp = Breakpoint(number: 0, kind: .software, address: address, location: "", temporary: true)
        if !userHere { try insert(temp) }
        defer { if !userHere, case .stopped = state { try? remove(temp) } }
        while true {
            let reason = try continueExecution()
            guard case .stopped = state else { return reason }
            let rip = try pc
            if rip == address, try register("rsp") >= stackAtLeast { return reason }
            if rip != address { return reason }   // stopped elsewhere: a breakpoint, Ctrl-C, a fault
        }
    }

    // MARK: Threads

    public func threads() throws(DebuggerError) -> [(id: UInt64, info: String)] {
        try requireStopped()
        let ids = try wire("listing threads") { () throws(ClientError) in try self.client.threads() }
        return ids.map { id in (id, (try? client.threadExtraInfo(id)) ?? "") }
    }

    public func selectThread(_ id: UInt64) throws(DebuggerError) {
        try wire("selecting thread \(id)") { () throws(ClientError) in try self.client.selectThread(ThreadID(id), for: .general) }
        currentThread = id
        cachedRegisters = nil
    }

    // MARK: Monitor and ending

    public func monitor(_ command: String) throws(DebuggerError) -> String {
        try requireStopped()
        return try wire("running monitor \(command)") { () throws(ClientError) in try self.client.monitor(command) }
    }

    public func detach() throws(DebuggerError) {
        try requireConnected()
        for b in breakpoints where b.enabled { try? remove(b) }
        try wire("detaching") { () throws(ClientError) in try self.client.detach() }
        state = .disconnected("detached")
    }

    public func kill() throws(DebuggerError) {
        try requireConnected()
        try wire("killing the target") { () throws(ClientError) in try self.client.kill() }
        state = .disconnected("killed")
    }
}

func formatSeconds(_ s: Double) -> String {
    s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
}
