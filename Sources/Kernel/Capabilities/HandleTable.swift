import KeelABI

/// A task's handles: a fixed number of slots. A handle value is the slot
/// index in bits 0-15 and the slot's generation in bits 16-31, so a closed
/// handle whose slot was reused is refused as stale instead of reaching the
/// new object. Generations start at 0, so a task's first handles are 0, 1, 2
/// (the handles its parent passed, in order).
struct HandleTable {
    private var slots: [HandleEntry?] = Array(repeating: nil, count: SyscallLimits.handlesPerTask)
    private var generations: [UInt16] = Array(repeating: 0, count: SyscallLimits.handlesPerTask)

    /// Installs `entry` (its object's handle count is the caller's business); nil when full.
    mutating func install(_ entry: HandleEntry) -> UInt32? {
        guard let index = slots.firstIndex(where: { $0 == nil }) else { return nil }
        slots[index] = entry
        return UInt32(index) | UInt32(generations[index]) << 16
    }

    var freeSlots: Int { slots.reduce(0) { $0 + ($1 == nil ? 1 : 0) } }

    private func index(of raw: UInt64) -> Int? {
        guard raw <= UInt64(UInt32.max) else { return nil }
        let index = Int(raw & 0xFFFF), generation = UInt16(truncatingIfNeeded: raw >> 16)
        guard index < slots.count, slots[index] != nil, generations[index] == generation else { return nil }
        return index
    }

    /// The entry for a handle value that has every right in `rights`.
    func lookup(_ raw: UInt64, rights: Rights) throws(SyscallError) -> HandleEntry {
        guard let i = index(of: raw), let entry = slots[i] else { throw .badHandle }
        guard entry.rights.isSuperset(of: rights) else { throw .accessDenied }
        return entry
    }

    /// Takes the entry out of the table (close, or transfer in a message).
    mutating func remove(_ raw: UInt64) -> HandleEntry? {
        guard let i = index(of: raw) else { return nil }
        let entry = slots[i]
        slots[i] = nil
        generations[i] &+= 1
        return entry
    }

    /// Empties the table (task exit); returns what was in it.
    mutating func removeAll() -> [HandleEntry] {
        var all: [HandleEntry] = []
        for i in 0..<slots.count {
            if let e = slots[i] { all.append(e); slots[i] = nil }
        }
        return all
    }

    func forEach(_ body: (UInt32, HandleEntry) -> Void) {
        for i in 0..<slots.count {
            if let e = slots[i] { body(UInt32(i) | UInt32(generations[i]) << 16, e) }
        }
    }
}
