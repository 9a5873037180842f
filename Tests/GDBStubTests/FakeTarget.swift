import GDBStub

/// A target with 24 eight-byte registers, memory at 0x1000..<0x3000 and
/// 0x5000..<0x6000 (a hole between: E14), three threads, breakpoints,
/// watchpoints, a target description and monitor commands.
struct FakeTarget: DebugTarget, SoftwareBreakpoints, HardwareBreakpoints, Watchpoints, ExpeditedRegisters,
    ThreadList, MonitorCommands, TargetDescription, SectionOffsetsReporting, ProcessControl
{
    static let registerCount = 24
    static let description: StaticString = """
        <?xml version="1.0"?>
        <!DOCTYPE target SYSTEM "gdb-target.dtd">
        <target><architecture>i386:x86-64</architecture></target>
        """

    var registers: [UInt64] = (0..<24).map { 0x1111_0000_0000_0000 | UInt64($0) }
    var regions: [(base: UInt64, bytes: [UInt8])] = [
        (0x1000, (0..<0x2000).map { UInt8(truncatingIfNeeded: $0) }),
        (0x5000, [UInt8](repeating: 0xcc, count: 0x1000)),
    ]
    var softwareBreakpoints: Set<UInt64> = []
    var hardwareBreakpoints: Set<UInt64> = []
    var watchpoints: [(WatchKind, UInt64, UInt64)] = []
    var resumed: [ResumeAction] = []
    var stopReason = StopReason.signal(.trap)
    var threadIDs: [UInt64] = [1, 2, 3]
    var currentThread: UInt64 = 1
    var selected: [(UInt64, ThreadOperation)] = []
    var detached = false
    var killed = false
    var sectionOffsets = SectionOffsets(text: 0x1000, data: 0x2000)

    mutating func readRegisters(into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        let n = min(buffer.count, registers.count * 8)
        registers.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        return n
    }

    mutating func writeRegisters(_ bytes: UnsafeRawBufferPointer) throws(TargetError) {
        guard bytes.count == registers.count * 8 else { throw .failed(.invalid) }
        registers.withUnsafeMutableBytes { $0.copyMemory(from: bytes) }
    }

    mutating func readRegister(_ number: Int, into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        guard number >= 0, number < registers.count, buffer.count >= 8 else { throw .failed(.invalid) }
        withUnsafeBytes(of: registers[number]) { buffer.copyMemory(from: $0) }
        return 8
    }

    mutating func writeRegister(_ number: Int, from bytes: UnsafeRawBufferPointer) throws(TargetError) {
        guard number >= 0, number < registers.count, bytes.count == 8 else { throw .failed(.invalid) }
        registers[number] = bytes.loadUnaligned(as: UInt64.self)
    }

    /// rip (16) and rsp (7), as the x86-64 description numbers them.
    func expeditedRegister(at index: Int) -> Int? { [16, 7].indices.contains(index) ? [16, 7][index] : nil }

    private func locate(_ address: UInt64) -> (region: Int, offset: Int)? {
        for (i, region) in regions.enumerated() where address >= region.base && address < region.base + UInt64(region.bytes.count) {
            return (i, Int(address - region.base))
        }
        return nil
    }

    mutating func readMemory(at address: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        for i in 0..<buffer.count {
            guard let (region, offset) = locate(address &+ UInt64(i)) else { return i }
            buffer[i] = regions[region].bytes[offset]
        }
        return buffer.count
    }

    mutating func writeMemory(at address: UInt64, from bytes: UnsafeRawBufferPointer) -> Int {
        for i in 0..<bytes.count {
            guard let (region, offset) = locate(address &+ UInt64(i)) else { return i }
            regions[region].bytes[offset] = bytes[i]
        }
        return bytes.count
    }

    mutating func resume(_ action: ResumeAction) throws(TargetError) {
        resumed.append(action)
    }

    mutating func insertSoftwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError) {
        guard locate(address) != nil else { throw .failed(.fault) }
        softwareBreakpoints.insert(address)
    }

    mutating func removeSoftwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError) {
        guard softwareBreakpoints.remove(address) != nil else { throw .failed(.invalid) }
    }

    mutating func insertHardwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError) {
        guard hardwareBreakpoints.count < 4 else { throw .failed(.failed) }
        hardwareBreakpoints.insert(address)
    }

    mutating func removeHardwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError) {
        hardwareBreakpoints.remove(address)
    }

    mutating func insertWatchpoint(_ kind: WatchKind, at address: UInt64, length: UInt64) throws(TargetError) {
        guard kind != .read else { throw .unsupported }  // x86 has no read-only watchpoints
        watchpoints.append((kind, address, length))
    }

    mutating func removeWatchpoint(_ kind: WatchKind, at address: UInt64, length: UInt64) throws(TargetError) {
        watchpoints.removeAll { $0.0 == kind && $0.1 == address }
    }

    func thread(at index: Int) -> UInt64? { threadIDs.indices.contains(index) ? threadIDs[index] : nil }

    mutating func selectThread(_ id: UInt64, for operation: ThreadOperation) throws(TargetError) {
        guard threadIDs.contains(id) else { throw .failed(.invalid) }
        selected.append((id, operation))
    }

    func threadExtraInfo(_ id: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let text = Array("task \(id) \(id == currentThread ? "running" : "ready")".utf8)
        let n = min(text.count, buffer.count)
        text.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        return n
    }

    mutating func runMonitorCommand<Output: MonitorOutput>(
        _ command: UnsafeBufferPointer<UInt8>, output: inout Output
    ) throws(TargetError) {
        switch String(decoding: command, as: UTF8.self) {
        case "hello":
            output.write("Hello from the ")
            output.write(String("fake target\n"))
        case "numbers":
            output.writeHex(0xdead, digits: 8)
            output.write(" ")
            output.writeDecimal(1234567890)
            output.write("\n")
        case "big":
            for _ in 0..<1000 { output.write("0123456789") }
        case "quiet":
            break
        default:
            output.write("unknown command\n")
            throw .failed(.invalid)
        }
    }

    func readTargetDescription(
        annex: UnsafeBufferPointer<UInt8>, offset: Int, into buffer: UnsafeMutableRawBufferPointer
    ) throws(TargetError) -> Int {
        guard FeatureDocument.annex(annex, is: "target.xml") else { throw .failed(.invalidAnnex) }
        return FeatureDocument.read(FakeTarget.description, offset: offset, into: buffer)
    }

    mutating func detach() throws(TargetError) { detached = true }
    mutating func kill() throws(TargetError) { killed = true }
}

/// The required methods only: no capability at all.
struct MinimalTarget: DebugTarget {
    var memory = [UInt8](repeating: 0x90, count: 16)
    var resumed: [ResumeAction] = []
    var stopReason = StopReason.signal(.trap)

    mutating func readRegisters(into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        for i in 0..<16 { buffer[i] = UInt8(i) }
        return 16
    }

    mutating func writeRegisters(_ bytes: UnsafeRawBufferPointer) throws(TargetError) { throw .fatal }

    mutating func readMemory(at address: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard address < 16 else { return 0 }
        let n = min(buffer.count, 16 - Int(address))
        for i in 0..<n { buffer[i] = memory[Int(address) + i] }
        return n
    }

    mutating func writeMemory(at address: UInt64, from bytes: UnsafeRawBufferPointer) -> Int { 0 }

    mutating func resume(_ action: ResumeAction) throws(TargetError) { resumed.append(action) }
}
