import GDBStub

/// The four x86 debug address registers and how DR7 enables them (Intel
/// SDM vol. 3B, 18.2 "Debug Registers"): per slot a local-enable bit
/// (2*i), a condition (bits 16+4i: 00 execute, 01 write, 11 read/write) and
/// a length (bits 18+4i: 00 1 byte, 01 2, 11 4, 10 8).
struct DebugRegisterSlots: Equatable {
    enum Condition: UInt64 {
        case execute = 0
        case write = 1
        case readWrite = 3
    }

    struct Slot: Equatable {
        var address: UInt64
        var condition: Condition
        var length: UInt64
    }

    var slots: [Slot?] = [nil, nil, nil, nil]

    var dr7: UInt64 {
        var value: UInt64 = 0
        for (i, slot) in slots.enumerated() {
            guard let slot else { continue }
            let len: UInt64 = switch slot.length {
            case 2: 1
            case 4: 3
            case 8: 2
            default: 0
            }
            let i = UInt64(i)
            value |= 1 << (2 * i)
            value |= slot.condition.rawValue << (16 + 4 * i)
            value |= len << (18 + 4 * i)
        }
        return value
    }

    /// Aligned pieces of 1, 2, 4 or 8 bytes covering `length` bytes at
    /// `address` (a watched range is split like gdbserver's x86 code does).
    static func pieces(address: UInt64, length: UInt64) -> [(UInt64, UInt64)] {
        var result: [(UInt64, UInt64)] = []
        var address = address
        var remaining = max(length, 1)
        while remaining > 0 {
            var size: UInt64 = 8
            while size > 1 && (address % size != 0 || size > remaining) { size /= 2 }
            result.append((address, size))
            address += size
            remaining -= size
        }
        return result
    }

    /// Takes free slots for every piece, or none when they do not all fit.
    mutating func insert(address: UInt64, length: UInt64, condition: Condition) -> Bool {
        let pieces = Self.pieces(address: address, length: length)
        let free = slots.indices.filter { slots[$0] == nil }
        guard pieces.count <= free.count else { return false }
        for (piece, index) in zip(pieces, free) {
            slots[index] = Slot(address: piece.0, condition: condition, length: piece.1)
        }
        return true
    }

    /// Frees the slots `insert` took for the same request.
    mutating func remove(address: UInt64, length: UInt64, condition: Condition) -> Bool {
        var found = false
        for piece in Self.pieces(address: address, length: length) {
            if let index = slots.firstIndex(of: Slot(address: piece.0, condition: condition, length: piece.1)) {
                slots[index] = nil
                found = true
            }
        }
        return found
    }
}
