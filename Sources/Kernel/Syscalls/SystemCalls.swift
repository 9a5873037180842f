import KeelABI

/// Why a system call did not succeed: an error code for the caller, or a
/// bad pointer, which ends the task (UserFault) as a fault would.
enum SyscallFailure: Error {
    case error(SyscallError)
    case badPointer(address: UInt64, length: UInt64, access: UserAccess)
}

/// The arguments of a call, in the ABI's order: rdi, rsi, rdx, r10, r8, r9.
struct SyscallArguments {
    let values: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    init(_ f: InterruptFrame) { values = (f.rdi, f.rsi, f.rdx, f.r10, f.r8, f.r9) }

    subscript(_ i: Int) -> UInt64 {
        switch i {
        case 0: return values.0
        case 1: return values.1
        case 2: return values.2
        case 3: return values.3
        case 4: return values.4
        default: return values.5
        }
    }
}

/// Where `syscall` arrives (syscall_entry.S), with the task's registers in
/// `frame`; the result goes back in rax (docs/syscalls.md). Interrupts are
/// off throughout, except while the task is blocked and others run. gdb's
/// `catch syscall` stops before and after (it may change the registers).
@_cdecl("syscall_dispatch")
func syscallDispatch(_ rawFrame: UnsafeMutableRawPointer) {
    let frame = rawFrame.assumingMemoryBound(to: InterruptFrame.self)
    let number = frame.pointee.rax
    if Debugger.caughtSyscalls.enabled { Debugger.systemCall(frame, number, returning: false) }
    frame.pointee.rax = SystemCalls.perform(frame.pointee)
    if Debugger.caughtSyscalls.enabled { Debugger.systemCall(frame, number, returning: true) }
    Scheduler.preemptionPoint(returningToUser: true)
}

enum SystemCalls {
    static func perform(_ frame: InterruptFrame) -> UInt64 {
        let task = Scheduler.current!
        task.systemCalls &+= 1
        guard let number = SyscallNumber(rawValue: frame.rax) else {
            return UInt64(bitPattern: SyscallError.badSyscall.rawValue)
        }
        let arguments = SyscallArguments(frame)
        do throws(SyscallFailure) {
            return try handle(number, arguments)
        } catch {
            switch error {
            case .error(let code):
                return UInt64(bitPattern: code.rawValue)
            case .badPointer(let address, let length, let access):
                UserFault.reportBadPointer(number.name, address: address, length: length, access: access, frame: frame)
                task.pendingKill = TaskStatus.killedBadArgument
                return UInt64(bitPattern: SyscallError.invalidArgument.rawValue)
            }
        }
    }

    private static func handle(_ number: SyscallNumber, _ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        switch number {
        case .exit: return TaskCalls.exit(a)
        case .yield: Scheduler.yield(); return 0
        case .sleep: return try TaskCalls.sleep(a)
        case .write: return try ConsoleCalls.write(a)
        case .read: return try ConsoleCalls.read(a)
        case .handleClose: return try HandleCalls.close(a)
        case .handleDuplicate: return try HandleCalls.duplicate(a)
        case .handleInfo: return try HandleCalls.info(a)
        case .channelCreate: return try ChannelCalls.create(a)
        case .channelSend: return try ChannelCalls.send(a)
        case .channelReceive: return try ChannelCalls.receive(a)
        case .notificationCreate: return try NotificationCalls.create(a)
        case .notificationSignal: return try NotificationCalls.signal(a)
        case .notificationWait: return try NotificationCalls.wait(a)
        case .memoryCreate: return try MemoryCalls.create(a)
        case .memoryMap: return try MemoryCalls.map(a)
        case .spawn: return try TaskCalls.spawn(a)
        case .taskWait: return try TaskCalls.wait(a)
        case .taskKill: return try TaskCalls.kill(a)
        case .taskArguments: return try TaskCalls.arguments(a)
        case .taskSetPriority: return try TaskCalls.setPriority(a)
        case .taskID: return try TaskCalls.id(a)
        case .systemInfo: return try SystemCalls.info(a)
        case .systemTask: return try TaskCalls.openByID(a)
        }
    }

    // MARK: Helpers shared by the handlers (decode and validate first, then act)

    static var task: Task { Scheduler.current! }

    /// The caller's handle `raw`, which must have `rights`.
    static func lookup(_ raw: UInt64, _ rights: Rights) throws(SyscallFailure) -> HandleEntry {
        do throws(SyscallError) {
            return try task.handles.lookup(raw, rights: rights)
        } catch {
            throw .error(error)
        }
    }

    /// Installs a new handle in the caller's table (counting it as opened).
    static func install(_ object: KernelObject, _ rights: Rights) throws(SyscallFailure) -> UInt64 {
        guard let raw = task.handles.install(HandleEntry(object: object, rights: rights)) else { throw .error(.tableFull) }
        object.handleOpened()
        return UInt64(raw)
    }

    static func check(_ condition: Bool, _ error: SyscallError) throws(SyscallFailure) {
        if !condition { throw .error(error) }
    }

    /// `length` bytes of the caller's memory at `address` (length already bounded by the caller).
    static func copyIn(_ address: UInt64, _ length: UInt64) throws(SyscallFailure) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let ok = bytes.withUnsafeMutableBytes { task.addressSpace!.copyIn(from: address, into: $0) }
        guard ok else { throw .badPointer(address: address, length: length, access: .read) }
        return bytes
    }

    static func copyOut(_ bytes: [UInt8], to address: UInt64) throws(SyscallFailure) {
        let ok = bytes.withUnsafeBytes { task.addressSpace!.copyOut($0, to: address) }
        guard ok else { throw .badPointer(address: address, length: UInt64(bytes.count), access: .write) }
    }

    /// Handle values as UInt32s into the caller's memory.
    static func copyOutHandles(_ values: [UInt32], to address: UInt64) throws(SyscallFailure) {
        let ok = values.withUnsafeBytes { task.addressSpace!.copyOut($0, to: address) }
        guard ok else { throw .badPointer(address: address, length: UInt64(values.count * 4), access: .write) }
    }

    static func requireWritable(_ address: UInt64, _ length: UInt64) throws(SyscallFailure) {
        guard task.addressSpace!.allows(.write, at: address, length: length) else {
            throw .badPointer(address: address, length: length, access: .write)
        }
    }

    /// Handle values (UInt32 each) from the caller's memory.
    static func copyInHandles(_ address: UInt64, count: UInt64) throws(SyscallFailure) -> [UInt64] {
        let bytes = try copyIn(address, count * 4)
        var values: [UInt64] = []
        bytes.withUnsafeBytes { raw in
            for i in 0..<Int(count) { values.append(UInt64(raw.load(fromByteOffset: i * 4, as: UInt32.self))) }
        }
        return values
    }
}
