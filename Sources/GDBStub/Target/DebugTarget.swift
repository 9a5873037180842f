/// What a GDB server session debugs: a kernel's stopped CPU state, a traced
/// process, a fake in tests.
///
/// A target implements the required methods below, then opts into optional
/// capabilities by conforming to their protocols (`SoftwareBreakpoints`,
/// `HardwareBreakpoints`, `Watchpoints`, `SingleRegisterAccess`,
/// `ExpeditedRegisters`, `ThreadList`, `MonitorCommands`,
/// `TargetDescription`, `SectionOffsetsReporting`, `ProcessControl`,
/// `ObjectTransfer`, `SyscallCatching`, `ThreadResume`, `ExtendedRemote`,
/// `Multiprocess`, `ProcessEvents`, `HostFileIO`). The session
/// reaches them through the underscored hooks, whose defaults answer
/// "unsupported" and whose capability extensions call the real methods; a
/// target never implements a hook itself. So qSupported advertises exactly
/// what a target implements, and nothing is an existential.
public protocol DebugTarget {
    /// Writes all registers, in the order and sizes of the target description
    /// (the `g` reply), into `buffer`; returns the number of bytes written.
    mutating func readRegisters(into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int

    /// Sets all registers from `bytes`, laid out like `readRegisters`' (`G`).
    mutating func writeRegisters(_ bytes: UnsafeRawBufferPointer) throws(TargetError)

    /// Copies memory from `address` into `buffer`, stopping at the first byte
    /// that cannot be read; returns how many bytes were copied (0 makes `E14`).
    mutating func readMemory(at address: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int

    /// Writes `bytes` at `address`, stopping at the first byte that cannot be
    /// written; returns how many were (fewer than all makes `E14`).
    mutating func writeMemory(at address: UInt64, from bytes: UnsafeRawBufferPointer) -> Int

    /// Lets the target run (or step). It reports its next stop through
    /// `GDBServerSession.reportStop`.
    mutating func resume(_ action: ResumeAction) throws(TargetError)

    /// Why the target is stopped now (the `?` reply).
    var stopReason: StopReason { get }

    // MARK: Capability hooks (implemented by the capability protocols)

    static var _hasSoftwareBreakpoints: Bool { get }
    mutating func _softwareBreakpoint(insert: Bool, address: UInt64, kind: UInt64) throws(TargetError)
    static var _hasHardwareBreakpoints: Bool { get }
    mutating func _hardwareBreakpoint(insert: Bool, address: UInt64, kind: UInt64) throws(TargetError)
    mutating func _watchpoint(insert: Bool, kind: WatchKind, address: UInt64, length: UInt64) throws(TargetError)

    mutating func _readRegister(_ number: Int, into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int
    mutating func _writeRegister(_ number: Int, from bytes: UnsafeRawBufferPointer) throws(TargetError)
    func _expeditedRegister(at index: Int) -> Int?

    func _thread(at index: Int) throws(TargetError) -> UInt64?
    func _currentThread() throws(TargetError) -> UInt64
    mutating func _selectThread(_ id: UInt64, for operation: ThreadOperation) throws(TargetError)
    func _isThreadAlive(_ id: UInt64) throws(TargetError) -> Bool
    func _threadExtraInfo(_ id: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int

    mutating func _runMonitorCommand<Output: MonitorOutput>(
        _ command: UnsafeBufferPointer<UInt8>, output: inout Output) throws(TargetError)

    static var _hasTargetDescription: Bool { get }
    func _readTargetDescription(
        annex: UnsafeBufferPointer<UInt8>, offset: Int, into buffer: UnsafeMutableRawBufferPointer
    ) throws(TargetError) -> Int

    func _sectionOffsets() throws(TargetError) -> SectionOffsets

    mutating func _detach() throws(TargetError)
    mutating func _kill() throws(TargetError)

    static var _transferObjects: TransferObjects { get }
    mutating func _readObject(_ object: TransferObject, annex: UnsafeBufferPointer<UInt8>, offset: Int,
                              into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int

    static var _hasSyscallCatching: Bool { get }
    mutating func _catchSyscalls(_ request: CatchSyscallsRequest) throws(TargetError)

    static var _hasThreadResume: Bool { get }
    mutating func _resume(_ actions: VContActionList) throws(TargetError)

    static var _hasExtendedRemote: Bool { get }
    mutating func _run(_ arguments: RunArguments) throws(TargetError) -> StopReason
    mutating func _attach(to pid: UInt64) throws(TargetError) -> StopReason
    mutating func _killProcess(_ pid: UInt64) throws(TargetError)

    static var _hasMultiprocess: Bool { get }
    func _processID() -> UInt64

    static var _hasProcessEvents: Bool { get }
    mutating func _reportProcessEvents(_ events: ProcessEventSet)
    func _execPath(into buffer: UnsafeMutableRawBufferPointer) -> Int
    func _processID(ofThread id: UInt64) -> UInt64
    mutating func _detachProcess(_ pid: UInt64) throws(TargetError) -> Bool

    static var _hasHostFileIO: Bool { get }
    mutating func _hostIO(_ request: HostIORequest, into buffer: UnsafeMutableRawBufferPointer) -> HostIOResult
}
