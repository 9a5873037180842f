import CPU

/// An entry of a breakpoint table: at least the address it patches.
protocol BreakpointSlot {
    var address: UInt64 { get }
}

/// The fixed array behind a breakpoint table: GDB_BREAKPOINT_CAPACITY
/// entries in .bss (boot.S), usable before the kernel heap exists (`gdb=wait`).
/// Unordered: removing moves the last entry into the gap.
struct BreakpointSlots<Entry: BreakpointSlot> {
    static var capacity: Int { Int(GDB_BREAKPOINT_CAPACITY) }

    let storage: UnsafeMutablePointer<Entry>
    private(set) var count = 0

    init(_ address: UInt64) {
        storage = UnsafeMutableRawPointer(bitPattern: UInt(address))!.bindMemory(to: Entry.self, capacity: Self.capacity)
    }

    func index(of address: UInt64) -> Int? {
        for i in 0..<count where storage[i].address == address { return i }
        return nil
    }

    mutating func append(_ entry: Entry) -> Bool {
        guard count < Self.capacity else { return false }
        storage[count] = entry
        count += 1
        return true
    }

    mutating func remove(at i: Int) {
        storage[i] = storage[count - 1]
        count -= 1
    }
}
