import ElfKit
import Foundation
import GDBStub
import KernelDebugger
import Paging
import QEMUTestSupport

/// Writes the session's replies to the server end of a socket pair.
struct SocketSink: ByteSink {
    let fd: Int32
    func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        while offset < bytes.count {
            let n = send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if n <= 0 { return }
            offset += n
        }
    }
}

/// GDBStub's server session over a `FakeKernel`, on a thread, at the far
/// end of a socket pair: the real protocol code on both sides, in process.
final class FakeMachine: @unchecked Sendable {
    let lock = NSLock()
    let clientFD: Int32
    let serverFD: Int32
    private let packetBuffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 0x4000)
    private let replyBuffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 0x4000 + 8)
    private var session: GDBServerSession<FakeKernel, SocketSink>
    private var thread: Thread?
    private var stopping = false
    /// The stub stops answering (a hung target).
    var silent = false
    /// The connection closes when the target is next resumed (QEMU exited).
    var dieOnResume = false

    static let kernelPath = QEMUMachine.kernelPath

    /// Symbols the tests use, found in kernel.elf.
    let image: KernelImage
    let stackBase: UInt64 = 0x7000_0000
    let heapBase: UInt64 = 0x4000_0000_0000
    let heapPhysical: UInt64 = 0x30_0000
    let tablesBase: UInt64 = 0x20_0000

    /// `announceStop`: send a stop reply before anything is asked, as QEMU's
    /// gdbstub does when a debugger connects.
    init(announceStop: Bool = false) throws {
        image = try KernelImage(path: Self.kernelPath)
        var fds: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0 else { throw DebuggerError.failed("socketpair") }
        clientFD = fds[0]
        serverFD = fds[1]
        var target = FakeKernel()
        try Self.loadSegments(into: &target)
        session = GDBServerSession(target: target, output: SocketSink(fd: serverFD), packetBuffer: packetBuffer,
                                   replyBuffer: replyBuffer)
        try buildStackAndTables()
        if announceStop { _ = "$T02thread:01;#04".withCString { send(serverFD, $0, strlen($0), 0) } }
        let t = Thread { [self] in self.serve() }
        thread = t
        t.start()
    }

    deinit {
        packetBuffer.deallocate()
        replyBuffer.deallocate()
    }

    /// Ends the server thread and closes its end.
    func shutDown() {
        lock.lock()
        stopping = true
        lock.unlock()
        shutdown(serverFD, Int32(SHUT_RDWR))
        while thread?.isFinished == false { usleep(1000) }
        close(serverFD)
    }

    func withTarget<T>(_ body: (inout FakeKernel) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&session.target)
    }

    static func loadSegments(into target: inout FakeKernel) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: kernelPath))
        try data.withUnsafeBytes { raw in
            let elf = try ElfFile(bytes: raw)
            for i in 0..<elf.programHeaderCount {
                let ph = try elf.programHeader(at: i)
                guard ph.type == .load, ph.memorySize > 0 else { continue }
                let region = target.addRegion(base: ph.virtualAddress, size: Int(ph.memorySize))
                let contents = try elf.contents(of: ph)
                region.copyMemory(from: contents)
            }
        }
    }

    /// A three-frame rbp chain (boot() called by Selftests.run called by
    /// kernelMain) and page tables mapping text, the stack and a heap page.
    private func buildStackAndTables() throws {
        let boot = try symbol("Kernel.BasicSelftests.boot()")
        let run = try symbol("Kernel.Selftests.run(_:)")
        let main = try symbol("Kernel.kernelMain(_:)")
        let (stackBase, heapBase, heapPhysical, tablesBase) = (self.stackBase, self.heapBase, self.heapPhysical, self.tablesBase)
        let textSection = image.sections.first { $0.name == ".text" }!
        // rip on an instruction boundary past boot()'s prologue.
        var code = [UInt8](repeating: 0, count: 64)
        withTarget { t in _ = code.withUnsafeMutableBytes { t.readMemory(at: boot.address, into: $0) } }
        let rip = try Disassembler().decode(code, at: boot.address, count: 0).first { $0.address >= boot.address + 0x10 }!.address
        var error: Error?
        withTarget { t in
            let stack = t.addRegion(base: stackBase, size: 0x4000)
            func put(_ offset: Int, _ v: UInt64) { stack.storeBytes(of: v, toByteOffset: offset, as: UInt64.self) }
            put(0x1000, stackBase + 0x2000); put(0x1008, run.address + 0x20)
            put(0x2000, 0); put(0x2008, main.address + 0x30)
            t.set("rip", rip)
            t.set("rbp", stackBase + 0x1000)
            t.set("rsp", stackBase + 0xfc0)
            t.set("rax", 0x2a)
            t.set("eflags", 0x246)
            t.set("cr0", 0x8001_0013)
            t.set("cr4", 0x620)
            t.set("efer", 0xd00)
            t.set("cs", 8)
            let heap = t.addRegion(base: heapPhysical, size: 0x1000)
            heap.storeBytes(of: 0x1122_3344_5566_7788 as UInt64, toByteOffset: 0x120, as: UInt64.self)
            let tables = t.addRegion(base: tablesBase, size: 0x20000)
            var frames = BufferTables(base: tablesBase, bytes: tables, next: tablesBase)
            do {
                let root = frames.allocateTableFrame()!
                var mapper = X86PageMapper(rootAddress: root, memory: frames)
                let textStart = textSection.address & ~0xfff
                let textEnd = (textSection.end + 0xfff) & ~0xfff
                try mapper.mapRange(virtual: textStart, physical: textStart, length: textEnd - textStart, flags: [.present],
                                    largestPageSize: .size4K, frames: &frames)
                try mapper.mapRange(virtual: stackBase, physical: stackBase, length: 0x4000,
                                    flags: [.present, .writable, .noExecute], largestPageSize: .size4K, frames: &frames)
                try mapper.mapRange(virtual: heapBase, physical: heapPhysical, length: 0x1000,
                                    flags: [.present, .writable, .noExecute], largestPageSize: .size4K, frames: &frames)
                try mapper.mapRange(virtual: tablesBase, physical: tablesBase, length: 0x20000,
                                    flags: [.present, .writable, .noExecute], largestPageSize: .size4K, frames: &frames)
                t.set("cr3", root)
            } catch let e {
                error = e
            }
        }
        if let error { throw error }
    }

    func symbol(_ name: String) throws -> ImageSymbol {
        guard let s = image.symbols.first(where: { $0.name == name }) else { throw DebuggerError.failed("kernel.elf has no \(name)") }
        return s
    }

    private func serve() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(serverFD, $0.baseAddress, $0.count) }
            lock.lock()
            if n <= 0 || stopping { lock.unlock(); return }
            if silent { lock.unlock(); continue }
            for byte in buffer[0..<n] {
                guard let event = session.receive(byte) else { continue }
                switch event {
                case .resumed:
                    if dieOnResume {
                        shutdown(serverFD, Int32(SHUT_RDWR))
                        lock.unlock()
                        return
                    }
                    if let action = session.target.lastResume, let stop = session.target.run(action) {
                        session.reportStop(stop)
                    }
                case .stopRequested:
                    session.reportStop(.signal(.interrupt))
                case .killed, .detached, .failed:
                    break
                }
            }
            lock.unlock()
        }
    }

    /// A session attached to this machine.
    func attach(timeout: Double = 2) throws -> DebugSession {
        try DebugSession(fd: clientFD, image: image, timeout: timeout)
    }
}
