/// A symbol of the kernel image, with the name a Swift reader knows it by.
public struct ImageSymbol: Equatable, Sendable {
    /// The linkage name (`$e6Kernel10kernelMainyyF`).
    public var mangledName: String
    /// The backtrace form (`Kernel.kernelMain(_:)`), or the linkage name for C and assembly.
    public var name: String
    public var address: UInt64
    public var size: UInt64
    public var isFunction: Bool

    public var end: UInt64 { address &+ max(size, 1) }

    /// `name + 0xOFF` for an address inside the symbol.
    public func describe(_ address: UInt64) -> String {
        let offset = address &- self.address
        return offset == 0 ? name : "\(name) + 0x\(String(offset, radix: 16))"
    }
}

/// An allocated section of the kernel image (`.text`, `.bss`, ...).
public struct KernelSection: Equatable, Sendable {
    public var name: String
    public var address: UInt64
    public var size: UInt64
    public var writable: Bool
    public var executable: Bool
    public var end: UInt64 { address &+ size }
}
