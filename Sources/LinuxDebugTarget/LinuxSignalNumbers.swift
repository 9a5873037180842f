import GDBStub

/// Linux signal numbers (x86_64) to and from GDB's wire numbers
/// (gdb/signals.def): they agree on 1-6, 8, 9, 11, 13-15 only.
public enum LinuxSignalNumbers {
    /// GDB numbers indexed by Linux number 0...31.
    static let toGDB: [UInt8] = [
        0, 1, 2, 3, 4, 5, 6, 10, 8, 9, 30, 11, 31, 13, 14, 15,
        // 16 SIGSTKFLT has no GDB number: GDB_SIGNAL_UNKNOWN (143).
        143, 20, 19, 17, 18, 21, 22, 16, 24, 25, 26, 27, 28, 23, 32, 12,
    ]

    public static func gdbSignal(fromLinux signal: Int32) -> GDBSignal {
        if signal >= 0 && signal < 32 { return GDBSignal(toGDB[Int(signal)]) }
        // Real-time signals: 32 is GDB_SIGNAL_REALTIME_32 (77), 33-63 are
        // 45-75, 64 is GDB_SIGNAL_REALTIME_64 (78).
        if signal == 32 { return GDBSignal(77) }
        if signal >= 33 && signal <= 63 { return GDBSignal(UInt8(signal - 33 + 45)) }
        if signal == 64 { return GDBSignal(78) }
        return GDBSignal(143)
    }

    /// The Linux signal for a GDB number, nil when Linux has none.
    public static func linuxSignal(fromGDB signal: GDBSignal) -> Int32? {
        let raw = signal.rawValue
        if raw == 0 { return 0 }
        if let index = toGDB.firstIndex(of: raw), raw != 143 { return Int32(index) }
        if raw == 77 { return 32 }
        if raw >= 45 && raw <= 75 { return Int32(raw) - 45 + 33 }
        if raw == 78 { return 64 }
        return nil
    }
}
