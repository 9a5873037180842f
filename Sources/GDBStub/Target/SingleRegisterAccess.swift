/// One register at a time (`p`/`P`), numbered as in the target description.
/// Without it gdb uses `g`/`G`.
public protocol SingleRegisterAccess: DebugTarget {
    /// Writes register `number`'s bytes into `buffer`; returns the count.
    /// Throws `.failed(.invalid)` for a number the target does not have.
    mutating func readRegister(_ number: Int, into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int
    mutating func writeRegister(_ number: Int, from bytes: UnsafeRawBufferPointer) throws(TargetError)
}

extension SingleRegisterAccess {
    public mutating func _readRegister(_ number: Int, into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        try readRegister(number, into: buffer)
    }

    public mutating func _writeRegister(_ number: Int, from bytes: UnsafeRawBufferPointer) throws(TargetError) {
        try writeRegister(number, from: bytes)
    }
}

/// Registers sent along with every `T` stop reply (`n:r;` pairs), so gdb
/// needs no `g` to show where the target stopped (typically pc, sp, fp).
public protocol ExpeditedRegisters: SingleRegisterAccess {
    /// The register numbers to send, by index from 0; `nil` past the last.
    func expeditedRegister(at index: Int) -> Int?
}

extension ExpeditedRegisters {
    public func _expeditedRegister(at index: Int) -> Int? { expeditedRegister(at: index) }
}
