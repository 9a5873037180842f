import GDBStub
import KernelDebugger
import Paging

/// A scripted x86-64 target for the in-process tests: kernel.elf's loaded
/// segments as memory, a synthesized stack, real page tables built with the
/// Paging mapper, QEMU's register layout (no target description, so kdbg
/// falls back to its amd64 layout), breakpoints, watchpoints, two threads
/// and a `monitor` with `log` and `memmap`. It does not execute code: a step
/// moves rip past one instruction (decoded with Capstone), a continue jumps
/// to the next scripted stop.
struct FakeKernel: DebugTarget, SoftwareBreakpoints, Watchpoints, ThreadList, GDBStub.MonitorCommands {
    /// A place a `continue` ends: the new rip, and an optional memory write
    /// the "CPU" made on the way (for watchpoints).
    struct ScriptedStop {
        var pc: UInt64
        var write: (address: UInt64, bytes: [UInt8])?
    }

    var registers = [UInt64](repeating: 0, count: RegisterLayout.amd64.registers.count)
    var regions: [(base: UInt64, bytes: UnsafeMutableRawBufferPointer)] = []
    var softwareBreakpoints: Set<UInt64> = []
    var watchpoints: [(kind: WatchKind, address: UInt64, length: UInt64)] = []
    var script: [ScriptedStop] = []
    var stopReason = StopReason.signal(.trap)
    var lastResume: ResumeAction?
    var currentThread: UInt64 = 1
    var log = "[    0.000] info: fake kernel booting\n[    0.001] info: fake kernel ready\n"

    static let layout = RegisterLayout.amd64

    mutating func set(_ name: String, _ value: UInt64) {
        registers[Self.layout.register(named: name)!.number] = value
    }

    func get(_ name: String) -> UInt64 { registers[Self.layout.register(named: name)!.number] }

    mutating func addRegion(base: UInt64, size: Int) -> UnsafeMutableRawBufferPointer {
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 4096)
        bytes.initializeMemory(as: UInt8.self, repeating: 0)
        regions.append((base, bytes))
        return bytes
    }

    private func locate(_ address: UInt64) -> (Int, Int)? {
        for (i, r) in regions.enumerated() where address >= r.base && address - r.base < UInt64(r.bytes.count) {
            return (i, Int(address - r.base))
        }
        return nil
    }

    mutating func readRegisters(into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        var n = 0
        for info in Self.layout.registers {
            let v = registers[info.number]
            for i in 0..<info.byteSize { buffer[info.offset + i] = UInt8(truncatingIfNeeded: v >> UInt64(8 * i)) }
            n = info.offset + info.byteSize
        }
        return n
    }

    mutating func writeRegisters(_ bytes: UnsafeRawBufferPointer) throws(TargetError) { throw .unsupported }

    mutating func readMemory(at address: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        for i in 0..<buffer.count {
            guard let (r, o) = locate(address &+ UInt64(i)) else { return i }
            buffer[i] = regions[r].bytes[o]
        }
        return buffer.count
    }

    mutating func writeMemory(at address: UInt64, from bytes: UnsafeRawBufferPointer) -> Int {
        for i in 0..<bytes.count {
            guard let (r, o) = locate(address &+ UInt64(i)) else { return i }
            regions[r].bytes[o] = bytes[i]
        }
        return bytes.count
    }

    mutating func resume(_ action: ResumeAction) throws(TargetError) { lastResume = action }

    mutating func insertSoftwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError) {
        guard locate(address) != nil else { throw .failed(.fault) }
        softwareBreakpoints.insert(address)
    }

    mutating func removeSoftwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError) {
        softwareBreakpoints.remove(address)
    }

    mutating func insertWatchpoint(_ kind: WatchKind, at address: UInt64, length: UInt64) throws(TargetError) {
        guard kind != .read else { throw .unsupported }   // like x86
        watchpoints.append((kind, address, length))
    }

    mutating func removeWatchpoint(_ kind: WatchKind, at address: UInt64, length: UInt64) throws(TargetError) {
        watchpoints.removeAll { $0.kind == kind && $0.address == address && $0.length == length }
    }

    func thread(at index: Int) -> UInt64? { index < 2 ? UInt64(index + 1) : nil }

    mutating func selectThread(_ id: UInt64, for operation: ThreadOperation) throws(TargetError) {
        guard id == 1 || id == 2 || id == 0 else { throw .failed(.invalid) }
        if id != 0 { currentThread = id }
    }

    func threadExtraInfo(_ id: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let text = Array((id == 1 ? "kernel on the boot stack" : "idle task").utf8)
        buffer.copyBytes(from: text)
        return text.count
    }

    mutating func runMonitorCommand<Output: MonitorOutput>(
        _ command: UnsafeBufferPointer<UInt8>, output: inout Output) throws(TargetError) {
        switch String(decoding: command, as: UTF8.self) {
        case "help": output.write("fake monitor: log, memmap\n")
        case "log": output.write(log)
        case "memmap":
            output.write("Memory map (PVH start info, 2 entries):\n  start              end                size        type\n")
            output.write("  0x0000000000000000 0x000000000009fc00  639.0 KiB  usable\n")
            output.write("  0x0000000000100000 0x0000000010000000  255.0 MiB  usable\n")
        default: throw .failed(.invalid)
        }
    }

    /// What the machine does after the session resumed it: a step moves rip
    /// over one instruction; a continue reaches the next scripted stop (or
    /// keeps running until interrupted).
    mutating func run(_ action: ResumeAction) -> StopReason? {
        let rip = get("rip")
        if action.kind == .step {
            var code = [UInt8](repeating: 0, count: 16)
            let n = code.withUnsafeMutableBytes { readMemory(at: rip, into: $0) }
            let length = (try? Disassembler())?.decode(Array(code[0..<n]), at: rip, count: 1).first?.bytes.count ?? 1
            set("rip", rip + UInt64(length))
            return .signal(.trap)
        }
        guard !script.isEmpty else { return nil }
        let stop = script.removeFirst()
        set("rip", stop.pc)
        if let write = stop.write {
            _ = write.bytes.withUnsafeBytes { writeMemory(at: write.address, from: $0) }
            if let w = watchpoints.first(where: { write.address >= $0.address && write.address < $0.address + $0.length }) {
                return .watchpoint(w.kind, address: w.address)
            }
        }
        return softwareBreakpoints.contains(stop.pc) ? .softwareBreakpoint : .signal(.trap)
    }
}

/// Page tables in a buffer that is also the fake's physical memory.
struct BufferTables: PageTableMemory, PageTableFrameSource {
    let base: UInt64
    let bytes: UnsafeMutableRawBufferPointer
    var next: UInt64

    func table(at physicalAddress: UInt64) -> UnsafeMutablePointer<UInt64> {
        (bytes.baseAddress! + Int(physicalAddress - base)).assumingMemoryBound(to: UInt64.self)
    }

    mutating func allocateTableFrame() -> UInt64? {
        guard next + 4096 <= base + UInt64(bytes.count) else { return nil }
        defer { next += 4096 }
        return next
    }
}
