/// A signal number as GDB numbers them on the wire (gdb/signals.def, used by
/// `S`, `T`, `C`, `X` packets). These are GDB's numbers, not any OS's.
public struct GDBSignal: RawRepresentable, Equatable, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let none = GDBSignal(0)
    public static let hangUp = GDBSignal(1)
    /// What a stop after an interrupt (0x03) reports.
    public static let interrupt = GDBSignal(2)
    public static let quit = GDBSignal(3)
    public static let illegalInstruction = GDBSignal(4)
    /// Breakpoints, single steps and watchpoints.
    public static let trap = GDBSignal(5)
    public static let abort = GDBSignal(6)
    public static let floatingPointError = GDBSignal(8)
    public static let kill = GDBSignal(9)
    public static let busError = GDBSignal(10)
    public static let segmentationFault = GDBSignal(11)
}
