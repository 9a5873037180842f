// The defaults of the capability hooks: "not supported". Each capability
// protocol's extension replaces the hooks it covers.

extension DebugTarget {
    public static var _hasSoftwareBreakpoints: Bool { false }
    public mutating func _softwareBreakpoint(insert: Bool, address: UInt64, kind: UInt64) throws(TargetError) {
        throw .unsupported
    }

    public static var _hasHardwareBreakpoints: Bool { false }
    public mutating func _hardwareBreakpoint(insert: Bool, address: UInt64, kind: UInt64) throws(TargetError) {
        throw .unsupported
    }

    public mutating func _watchpoint(insert: Bool, kind: WatchKind, address: UInt64, length: UInt64) throws(TargetError) {
        throw .unsupported
    }

    public mutating func _readRegister(_ number: Int, into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        throw .unsupported
    }
    public mutating func _writeRegister(_ number: Int, from bytes: UnsafeRawBufferPointer) throws(TargetError) {
        throw .unsupported
    }
    public func _expeditedRegister(at index: Int) -> Int? { nil }

    public func _thread(at index: Int) throws(TargetError) -> UInt64? { throw .unsupported }
    public func _currentThread() throws(TargetError) -> UInt64 { throw .unsupported }
    public mutating func _selectThread(_ id: UInt64, for operation: ThreadOperation) throws(TargetError) {
        throw .unsupported
    }
    public func _isThreadAlive(_ id: UInt64) throws(TargetError) -> Bool { throw .unsupported }
    public func _threadExtraInfo(_ id: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        throw .unsupported
    }

    public mutating func _runMonitorCommand<Output: MonitorOutput>(
        _ command: UnsafeBufferPointer<UInt8>, output: inout Output
    ) throws(TargetError) {
        throw .unsupported
    }

    public static var _hasTargetDescription: Bool { false }
    public func _readTargetDescription(
        annex: UnsafeBufferPointer<UInt8>, offset: Int, into buffer: UnsafeMutableRawBufferPointer
    ) throws(TargetError) -> Int {
        throw .unsupported
    }

    public func _sectionOffsets() throws(TargetError) -> SectionOffsets { throw .unsupported }

    /// Without `ProcessControl`, detaching lets the target run on.
    public mutating func _detach() throws(TargetError) { try resume(.continue) }
    /// Without `ProcessControl`, killing only ends the session.
    public mutating func _kill() throws(TargetError) {}

    public static var _transferObjects: TransferObjects { [] }
    public mutating func _readObject(_ object: TransferObject, annex: UnsafeBufferPointer<UInt8>, offset: Int,
                                     into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        throw .unsupported
    }

    public static var _hasSyscallCatching: Bool { false }
    public mutating func _catchSyscalls(_ request: CatchSyscallsRequest) throws(TargetError) { throw .unsupported }

    public static var _hasThreadResume: Bool { false }
    public mutating func _resume(_ actions: VContActionList) throws(TargetError) { throw .unsupported }

    public static var _hasExtendedRemote: Bool { false }
    public mutating func _run(_ arguments: RunArguments) throws(TargetError) -> StopReason { throw .unsupported }
    public mutating func _attach(to pid: UInt64) throws(TargetError) -> StopReason { throw .unsupported }
    public mutating func _killProcess(_ pid: UInt64) throws(TargetError) { throw .unsupported }

    public static var _hasMultiprocess: Bool { false }
    public func _processID() -> UInt64 { 0 }

    public static var _hasProcessEvents: Bool { false }
    public mutating func _reportProcessEvents(_ events: ProcessEventSet) {}
    public func _execPath(into buffer: UnsafeMutableRawBufferPointer) -> Int { 0 }
    /// One process: every thread is the target's.
    public func _processID(ofThread id: UInt64) -> UInt64 { _processID() }
    /// One process: detaching it ends the session.
    public mutating func _detachProcess(_ pid: UInt64) throws(TargetError) -> Bool {
        try _detach()
        return false
    }

    public static var _hasHostFileIO: Bool { false }
    public mutating func _hostIO(_ request: HostIORequest, into buffer: UnsafeMutableRawBufferPointer) -> HostIOResult {
        .error(9999)
    }
}
