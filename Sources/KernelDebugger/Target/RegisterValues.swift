/// A snapshot of the registers (a `g` reply) read through a layout.
public struct RegisterValues: Sendable {
    public let layout: RegisterLayout
    public let bytes: [UInt8]

    public init(layout: RegisterLayout, bytes: [UInt8]) {
        self.layout = layout
        self.bytes = bytes
    }

    /// The value of `name` (little-endian, at most 64 bits), or nil when the
    /// target has no such register or did not send it.
    public subscript(name: String) -> UInt64? {
        guard let info = layout.register(named: name) else { return nil }
        return value(of: info)
    }

    public func value(of info: RegisterInfo) -> UInt64? {
        guard info.offset + info.byteSize <= bytes.count else { return nil }
        var v: UInt64 = 0
        for i in (0..<min(8, info.byteSize)).reversed() {
            v = v << 8 | UInt64(bytes[info.offset + i])
        }
        // 'x' digits in a `g` reply mean "unavailable"; ClientHex rejects them,
        // so a value here is always real.
        return v
    }

    /// The raw bytes of a register wider than 64 bits (st0, xmm0).
    public func rawBytes(of info: RegisterInfo) -> ArraySlice<UInt8>? {
        guard info.offset + info.byteSize <= bytes.count else { return nil }
        return bytes[info.offset..<(info.offset + info.byteSize)]
    }
}
