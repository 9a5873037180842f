/// Hardware breakpoints (`Z1`/`z1`), e.g. x86 debug registers DR0-DR3 with
/// an execute condition. Conforming makes the stub advertise `hwbreak+`.
public protocol HardwareBreakpoints: DebugTarget {
    mutating func insertHardwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError)
    mutating func removeHardwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError)
}

extension HardwareBreakpoints {
    public static var _hasHardwareBreakpoints: Bool { true }

    public mutating func _hardwareBreakpoint(insert: Bool, address: UInt64, kind: UInt64) throws(TargetError) {
        if insert {
            try insertHardwareBreakpoint(at: address, kind: kind)
        } else {
            try removeHardwareBreakpoint(at: address, kind: kind)
        }
    }
}
