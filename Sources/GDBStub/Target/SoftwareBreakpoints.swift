/// Software breakpoints (`Z0`/`z0`): the target patches a breakpoint
/// instruction (x86: `int3`, kind 1) in and out. Conforming also makes the
/// stub advertise `swbreak+` and report `swbreak:;` in stop replies.
public protocol SoftwareBreakpoints: DebugTarget {
    mutating func insertSoftwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError)
    mutating func removeSoftwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError)
}

extension SoftwareBreakpoints {
    public static var _hasSoftwareBreakpoints: Bool { true }

    public mutating func _softwareBreakpoint(insert: Bool, address: UInt64, kind: UInt64) throws(TargetError) {
        if insert {
            try insertSoftwareBreakpoint(at: address, kind: kind)
        } else {
            try removeSoftwareBreakpoint(at: address, kind: kind)
        }
    }
}
