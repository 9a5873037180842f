// Running and stopping from the client side: `?`, `c`/`s`/`C`/`S`, 0x03,
// `Z`/`z`, and stop replies (GDB manual, E.2, E.3 and E.8 "Interrupts").

/// A register value sent with a `T` stop reply.
public struct ExpeditedRegister: Equatable, Sendable {
    public var number: Int
    public var value: [UInt8]

    public init(number: Int, value: [UInt8]) {
        self.number = number
        self.value = value
    }
}

/// A stop reply, parsed into values.
public struct ClientStopReply: Equatable, Sendable {
    public var reason: StopReason
    public var thread: ThreadID?
    public var registers: [ExpeditedRegister]

    /// Parses `S`, `T`, `W` or `X`; `nil` for anything else.
    public init?(parsing reply: [UInt8]) {
        var copy = reply
        guard let parsed = copy.withUnsafeMutableBufferPointer({ buffer -> (StopReply, [ExpeditedRegister])? in
            guard let stop = StopReply.parse(buffer) else { return nil }
            var registers: [ExpeditedRegister] = []
            for pair in stop.pairList {
                guard let number = pair.registerNumber,
                      let value = HexDigits.decodeInPlace(pair.value) else { continue }
                registers.append(ExpeditedRegister(number: number, value: Array(value)))
            }
            return (stop, registers)
        }) else { return nil }
        reason = parsed.0.reason
        thread = parsed.0.thread
        registers = parsed.1
    }
}

extension GDBClient {
    /// Why the target is stopped (`?`).
    public func haltReason() throws(ClientError) -> ClientStopReply {
        try send("?")
        return try waitForStop()
    }

    /// Resumes the target (`c`, `s`, `C`, `S`) without waiting for it to stop.
    public func resume(_ action: ResumeAction) throws(ClientError) {
        try send { $0.appendResume(action) }
    }

    /// Continues and waits until the target stops.
    public func continueExecution(signal: GDBSignal? = nil) throws(ClientError) -> ClientStopReply {
        try resume(ResumeAction(.continue, signal: signal))
        return try waitForStop()
    }

    /// Steps one instruction and waits for the stop.
    public func step(signal: GDBSignal? = nil) throws(ClientError) -> ClientStopReply {
        try resume(ResumeAction(.step, signal: signal))
        return try waitForStop()
    }

    /// Asks a running target to stop (the 0x03 byte); its stop reply then
    /// arrives through `waitForStop`.
    public func interrupt() {
        sendOutOfBand(0x03)
    }

    /// Waits for a stop reply, passing `O` console packets to `consoleOutput`.
    public func waitForStop() throws(ClientError) -> ClientStopReply {
        while true {
            let reply = try receive()
            if let text = consoleText(reply) {
                consoleOutput?(text)
                continue
            }
            guard let stop = ClientStopReply(parsing: reply) else {
                if let status = reply.withUnsafeBufferPointer({ StatusReply.parse($0) }), case .error(let code) = status {
                    throw .remote(code)
                }
                throw .unexpectedReply(reply)
            }
            return stop
        }
    }

    /// The text of an `O XX...` packet (not `OK`), decoded.
    func consoleText(_ reply: [UInt8]) -> [UInt8]? {
        guard reply.count >= 1, reply[0] == UInt8(ascii: "O"), reply != [UInt8(ascii: "O"), UInt8(ascii: "K")] else {
            return nil
        }
        return try? ClientHex.decode(reply[1...], reply: reply)
    }

    /// Inserts a breakpoint or watchpoint (`Z`).
    public func insertBreakpoint(_ request: BreakpointRequest) throws(ClientError) {
        try command { $0.appendBreakpoint(request, insert: true) }
    }

    /// Removes a breakpoint or watchpoint (`z`).
    public func removeBreakpoint(_ request: BreakpointRequest) throws(ClientError) {
        try command { $0.appendBreakpoint(request, insert: false) }
    }
}
