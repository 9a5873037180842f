import CPU
import GDBStub

/// The four hardware breakpoint/watchpoint slots, DR0-DR3, configured in DR7
/// (SDM Vol. 3B §17.2.4): R/W bits 00 execute, 01 write, 11 read/write (x86
/// has no read-only watchpoint), LEN 1, 2, 4 or 8 bytes, aligned.
struct DebugRegisters {
    enum Use: Equatable { case free, execute, watch(WatchKind, length: UInt64) }

    private var uses: (Use, Use, Use, Use) = (.free, .free, .free, .free)
    private var addresses: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    private func use(_ i: Int) -> Use {
        switch i {
        case 0: return uses.0
        case 1: return uses.1
        case 2: return uses.2
        default: return uses.3
        }
    }

    private mutating func set(_ i: Int, _ u: Use, _ address: UInt64) {
        switch i {
        case 0: uses.0 = u; addresses.0 = address
        case 1: uses.1 = u; addresses.1 = address
        case 2: uses.2 = u; addresses.2 = address
        default: uses.3 = u; addresses.3 = address
        }
    }

    func address(_ i: Int) -> UInt64 {
        switch i {
        case 0: return addresses.0
        case 1: return addresses.1
        case 2: return addresses.2
        default: return addresses.3
        }
    }

    mutating func insert(_ u: Use, at address: UInt64) -> Bool {
        if case .watch(let kind, let length) = u {
            guard kind != .read, length == 1 || length == 2 || length == 4 || length == 8,
                  address % length == 0 else { return false }
        }
        for i in 0..<4 where use(i) == .free {
            set(i, u, address)
            apply()
            return true
        }
        return false
    }

    mutating func remove(_ u: Use, at address: UInt64) -> Bool {
        for i in 0..<4 where use(i) == u && self.address(i) == address {
            set(i, .free, 0)
            apply()
            return true
        }
        return false
    }

    mutating func removeAll() {
        for i in 0..<4 { set(i, .free, 0) }
        apply()
    }

    /// Which slot fired, from DR6's B0-B3, and what it was.
    func triggered(status dr6: UInt64) -> (use: Use, address: UInt64)? {
        for i in 0..<4 where dr6 & (1 << UInt64(i)) != 0 && use(i) != .free { return (use(i), address(i)) }
        return nil
    }

    /// Loads DR0-DR3 and DR7 from the table.
    func apply() {
        var dr7: UInt64 = 0
        for i in 0..<4 {
            let u = use(i)
            guard u != .free else { continue }
            cpu_write_dr(Int32(i), address(i))
            var rw: UInt64 = 0, len: UInt64 = 0
            if case .watch(let kind, let length) = u {
                rw = kind == .write ? 1 : 3
                len = length == 1 ? 0 : length == 2 ? 1 : length == 8 ? 2 : 3
            }
            dr7 |= 1 << UInt64(2 * i + 1)                      // Gn: global enable
            dr7 |= (rw | len << 2) << UInt64(16 + 4 * i)
        }
        cpu_write_dr(7, dr7)
    }
}
