/// Several threads (kernel tasks, a process's threads): `qfThreadInfo`,
/// `qsThreadInfo`, `qC`, `Hg`, `T`, `qThreadExtraInfo`, and `thread:` in
/// stop replies. Thread ids are positive; 0 and -1 are selectors.
public protocol ThreadList: DebugTarget {
    /// Thread ids by index from 0, in a stable order; `nil` past the last.
    func thread(at index: Int) -> UInt64?
    /// The thread that stopped (and that `?` and stop replies name).
    var currentThread: UInt64 { get }
    /// Makes register and memory access (`.general`) or resuming
    /// (`.continue`) apply to thread `id`.
    mutating func selectThread(_ id: UInt64, for operation: ThreadOperation) throws(TargetError)
    /// Whether thread `id` exists (the `T` packet).
    func isThreadAlive(_ id: UInt64) -> Bool
    /// A short description of thread `id` (state, name) into `buffer`;
    /// returns the count. The default has none.
    func threadExtraInfo(_ id: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int
}

extension ThreadList {
    public func isThreadAlive(_ id: UInt64) -> Bool {
        var index = 0
        while let thread = thread(at: index) {
            if thread == id { return true }
            index += 1
        }
        return false
    }

    public func threadExtraInfo(_ id: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int { 0 }

    public func _thread(at index: Int) throws(TargetError) -> UInt64? { thread(at: index) }
    public func _currentThread() throws(TargetError) -> UInt64 { currentThread }
    public mutating func _selectThread(_ id: UInt64, for operation: ThreadOperation) throws(TargetError) {
        try selectThread(id, for: operation)
    }
    public func _isThreadAlive(_ id: UInt64) throws(TargetError) -> Bool { isThreadAlive(id) }
    public func _threadExtraInfo(_ id: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        threadExtraInfo(id, into: buffer)
    }
}
