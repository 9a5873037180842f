import ElfKitDWARF

/// The target's memory as the CFI unwinder reads it. A frame's saved
/// registers sit next to each other below its CFA, so memory is fetched in
/// aligned 128-byte blocks and kept for one backtrace: one RSP round trip
/// per frame instead of one per register (each is a serial-line exchange
/// on the kernel's stub). A block that cannot be read whole (the end of a
/// mapping) falls back to reading the 8 bytes alone.
final class SessionUnwindMemory: UnwindMemory {
    let session: DebugSession
    private var blocks: [UInt64: [UInt8]] = [:]
    static let blockSize: UInt64 = 128

    init(session: DebugSession) { self.session = session }

    func readUInt64(at address: UInt64) -> UInt64? {
        let base = address & ~(Self.blockSize - 1)
        let offset = Int(address - base)
        if offset + 8 <= Int(Self.blockSize) {
            if blocks[base] == nil, let block = try? session.readMemory(at: base, count: Int(Self.blockSize)) {
                blocks[base] = block
            }
            if let block = blocks[base] {
                return block[offset..<(offset + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            }
        }
        return try? session.readQuad(address)
    }
}
