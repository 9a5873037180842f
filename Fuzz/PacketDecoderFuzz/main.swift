// libFuzzer target for the GDBStub RSP code: the same bytes go through the
// packet decoder, a server session over a small fake target, and a client
// reading them as a stub's replies. Built together with Sources/GDBStub as
// one module:
//
//   swiftc -sanitize=fuzzer -parse-as-library -O -module-name PacketDecoderFuzz \
//     $(find Sources/GDBStub -name '*.swift') Fuzz/PacketDecoderFuzz/main.swift \
//     -o .build/fuzz/packet-decoder
//   mkdir -p .build/fuzz/packet-decoder-corpus
//   .build/fuzz/packet-decoder -max_total_time=10 .build/fuzz/packet-decoder-corpus Fuzz/PacketDecoderFuzz/seeds
//
// New inputs go to the first directory; seeds/ holds real conversations.

/// 64 registers' worth of bytes, 4 KiB of memory at 0x1000, two threads,
/// a breakpoint set, one description file and a monitor command.
struct FuzzTarget: DebugTarget, SoftwareBreakpoints, Watchpoints, ExpeditedRegisters, ThreadList,
    MonitorCommands, TargetDescription, SectionOffsetsReporting
{
    var registers = [UInt8](repeating: 0x5a, count: 64 * 8)
    var memory = [UInt8](repeating: 0xcc, count: 4096)
    var breakpoints: Set<UInt64> = []
    var stopReason = StopReason.softwareBreakpoint
    var currentThread: UInt64 = 1
    var sectionOffsets: SectionOffsets { SectionOffsets(text: 0, data: 0) }

    mutating func readRegisters(into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        let n = min(buffer.count, registers.count)
        registers.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        return n
    }

    mutating func writeRegisters(_ bytes: UnsafeRawBufferPointer) throws(TargetError) {
        guard bytes.count <= registers.count else { throw .failed(.invalid) }
        for (i, b) in bytes.enumerated() { registers[i] = b }
    }

    mutating func readRegister(_ number: Int, into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        guard number >= 0, number < 64, buffer.count >= 8 else { throw .failed(.invalid) }
        for i in 0..<8 { buffer[i] = registers[number * 8 + i] }
        return 8
    }

    mutating func writeRegister(_ number: Int, from bytes: UnsafeRawBufferPointer) throws(TargetError) {
        guard number >= 0, number < 64, bytes.count == 8 else { throw .failed(.invalid) }
        for i in 0..<8 { registers[number * 8 + i] = bytes[i] }
    }

    func expeditedRegister(at index: Int) -> Int? { index < 3 ? [16, 7, 6][index] : nil }

    mutating func readMemory(at address: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard address >= 0x1000, address < 0x2000 else { return 0 }
        let start = Int(address - 0x1000)
        let n = min(buffer.count, memory.count - start)
        memory.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[start..<(start + n)])) }
        return n
    }

    mutating func writeMemory(at address: UInt64, from bytes: UnsafeRawBufferPointer) -> Int {
        guard address >= 0x1000, address < 0x2000 else { return 0 }
        let start = Int(address - 0x1000)
        let n = min(bytes.count, memory.count - start)
        for i in 0..<n { memory[start + i] = bytes[i] }
        return n
    }

    mutating func resume(_ action: ResumeAction) throws(TargetError) {
        if action.signal == .kill { throw .fatal }
    }

    mutating func insertSoftwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError) {
        guard breakpoints.count < 64 else { throw .failed(.failed) }
        breakpoints.insert(address)
    }

    mutating func removeSoftwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError) {
        breakpoints.remove(address)
    }

    mutating func insertWatchpoint(_ kind: WatchKind, at address: UInt64, length: UInt64) throws(TargetError) {
        if kind == .read { throw .unsupported }
    }

    mutating func removeWatchpoint(_ kind: WatchKind, at address: UInt64, length: UInt64) throws(TargetError) {}

    func thread(at index: Int) -> UInt64? { index < 2 ? UInt64(index + 1) : nil }

    mutating func selectThread(_ id: UInt64, for operation: ThreadOperation) throws(TargetError) {
        guard id == 1 || id == 2 else { throw .failed(.invalid) }
    }

    func threadExtraInfo(_ id: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        FeatureDocument.read("fuzz thread", offset: 0, into: buffer)
    }

    mutating func runMonitorCommand<Output: MonitorOutput>(
        _ command: UnsafeBufferPointer<UInt8>, output: inout Output
    ) throws(TargetError) {
        output.write(UnsafeRawBufferPointer(command))
        output.writeHex(UInt64(command.count), digits: 4)
        if command.first == UInt8(ascii: "x") { throw .failed(.invalid) }
    }

    func readTargetDescription(
        annex: UnsafeBufferPointer<UInt8>, offset: Int, into buffer: UnsafeMutableRawBufferPointer
    ) throws(TargetError) -> Int {
        guard FeatureDocument.annex(annex, is: "target.xml") else { throw .failed(.invalidAnnex) }
        return FeatureDocument.read("<target>#$}*</target>", offset: offset, into: buffer)
    }
}

/// Counts what the session sends, keeping nothing.
struct CountingSink: ByteSink {
    var count = 0
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) { count += bytes.count }
}

/// Plays the fuzz input to a client as if a stub sent it.
final class InputChannel: ByteChannel {
    let input: UnsafeBufferPointer<UInt8>
    var index = 0
    var written = 0
    init(_ input: UnsafeBufferPointer<UInt8>) { self.input = input }
    func write(_ bytes: UnsafeBufferPointer<UInt8>) { written += bytes.count }
    func readByte() -> UInt8? {
        guard index < input.count else { return nil }
        defer { index += 1 }
        return input[index]
    }
}

func fuzzDecoder(_ input: UnsafeBufferPointer<UInt8>, capacity: Int) {
    let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
    defer { buffer.deallocate() }
    var decoder = PacketDecoder(buffer: buffer)
    for byte in input {
        switch decoder.feed(byte) {
        case .packet(let payload), .checksumError(let payload, _, _):
            precondition(payload.count <= capacity)
            _ = try? Command.parse(payload)
            _ = StopReply.parse(payload)
        default:
            break
        }
    }
}

func fuzzSession(_ input: UnsafeBufferPointer<UInt8>) {
    let packet = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 512)
    let reply = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 516)
    defer {
        packet.deallocate()
        reply.deallocate()
    }
    var session = GDBServerSession(target: FuzzTarget(), output: CountingSink(), packetBuffer: packet, replyBuffer: reply)
    for byte in input {
        switch session.receive(byte) {
        case .resumed?: session.reportStop(byte & 1 == 0 ? .softwareBreakpoint : .watchpoint(.write, address: 0x1000))
        case .stopRequested?: session.reportStop(.signal(.interrupt))
        default: break
        }
    }
    // Every reply fits the reply buffer; a monitor command adds a few O packets.
    precondition(session.output.count <= (input.count + 1) * 4 * reply.count)
    precondition(session.target.memory.count == 4096 && session.target.registers.count == 512)
}

func fuzzClient(_ input: UnsafeBufferPointer<UInt8>) {
    let channel = InputChannel(input)
    let client = GDBClient(channel: channel, packetCapacity: 1024)
    client.maximumRetransmissions = 4
    _ = try? client.connect()
    _ = try? client.readRegisters()
    _ = try? client.readMemory(at: 0x1000, count: 3000)
    _ = try? client.threads()
    _ = try? client.readFeatures()
    _ = try? client.monitor("info")
    _ = try? client.continueExecution()
    _ = try? client.currentThread()
    _ = try? client.sectionOffsets()
    precondition(channel.index <= input.count)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = UnsafeBufferPointer(start: data, count: size)
    fuzzDecoder(input, capacity: 64)
    fuzzDecoder(input, capacity: 0x4000)
    fuzzSession(input)
    fuzzClient(input)
    return 0
}
