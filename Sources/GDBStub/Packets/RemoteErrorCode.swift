/// The two hex digits of an `E NN` reply (GDB manual, E.1: "E NN ... NN is
/// a two-digit hex number"). gdb does not interpret them; this project
/// follows QEMU's gdbstub, which writes errno values as if they were hex.
public struct RemoteErrorCode: RawRepresentable, Equatable, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `E01`: failed, no further detail.
    public static let failed = RemoteErrorCode(rawValue: 0x01)
    /// `E14`: memory not mapped / not readable (EFAULT).
    public static let fault = RemoteErrorCode(rawValue: 0x14)
    /// `E22`: a malformed or out-of-range request (EINVAL).
    public static let invalid = RemoteErrorCode(rawValue: 0x22)
}
