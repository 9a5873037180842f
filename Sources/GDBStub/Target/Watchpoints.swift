/// Hardware watchpoints (`Z2`-`Z4`/`z2`-`z4`: write, read, access). A
/// target without read watchpoints throws `.unsupported` for them and gdb
/// falls back. A triggered watchpoint is reported as
/// `StopReason.watchpoint(kind, address:)`.
public protocol Watchpoints: DebugTarget {
    mutating func insertWatchpoint(_ kind: WatchKind, at address: UInt64, length: UInt64) throws(TargetError)
    mutating func removeWatchpoint(_ kind: WatchKind, at address: UInt64, length: UInt64) throws(TargetError)
}

extension Watchpoints {
    public mutating func _watchpoint(insert: Bool, kind: WatchKind, address: UInt64, length: UInt64) throws(TargetError) {
        if insert {
            try insertWatchpoint(kind, at: address, length: length)
        } else {
            try removeWatchpoint(kind, at: address, length: length)
        }
    }
}
