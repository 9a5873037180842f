/// What an expression can refer to: registers, symbols and memory of the
/// stopped target.
public protocol ExpressionContext {
    func registerValue(_ name: String) throws(DebuggerError) -> UInt64
    func symbolAddress(_ name: String) throws(DebuggerError) -> UInt64
    /// The 8-byte little-endian value at `address` (the `*` operator).
    func readQuad(at address: UInt64) throws(DebuggerError) -> UInt64
}
