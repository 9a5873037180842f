// CRC-32C (Castagnoli): reflected polynomial 0x82F63B78, initial value and
// final XOR 0xFFFFFFFF (RFC 3720, appendix B.4). The check value of the
// nine bytes "123456789" is 0xE3069283.
//
// Chosen over CRC-32 (zlib) because it detects more error patterns at this
// length and x86 has an instruction for it should the kernel ever need the
// speed; the table version here (CRC32CTables.swift) is portable and
// allocation-free.

/// A running CRC-32C. `update` may be called any number of times; `value`
/// is the checksum of everything fed so far.
public struct CRC32C: Sendable {
    private var state: UInt32 = 0xFFFF_FFFF

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var crc = state
        let count = bytes.count
        CRC32C.tables.withUnsafeBufferPointer { t in
            var i = 0
            // Eight bytes per step: each lookup is independent of the others.
            while count - i >= 8 {
                let low = crc ^ UInt32(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt32.self))
                let high = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self))
                crc = t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                    ^ t[3 * 256 + Int(high & 0xFF)] ^ t[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ t[1 * 256 + Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
                i += 8
            }
            while i < count {
                crc = t[Int(UInt8(truncatingIfNeeded: crc) ^ base.load(fromByteOffset: i, as: UInt8.self))] ^ (crc >> 8)
                i += 1
            }
        }
        state = crc
    }

    public var value: UInt32 { state ^ 0xFFFF_FFFF }

    /// The CRC-32C of `bytes`.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32C()
        crc.update(bytes)
        return crc.value
    }
}
