// The input of the memory-map viewer: address ranges with permissions, a name and a kind.

/// Access permissions of a region.
public struct Permissions: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let read = Permissions(rawValue: 1 << 0)
    public static let write = Permissions(rawValue: 1 << 1)
    public static let execute = Permissions(rawValue: 1 << 2)
    public static let user = Permissions(rawValue: 1 << 3)

    /// Parses "rwx"-style text: `r`, `w`, `x`, `u` in any order; `-` and `p`/`s` are ignored.
    /// Returns nil for any other character.
    public init?(parsing text: String) {
        var value: Permissions = []
        for ch in text {
            switch ch {
            case "r": value.insert(.read)
            case "w": value.insert(.write)
            case "x": value.insert(.execute)
            case "u": value.insert(.user)
            case "-", "p", "s": continue
            default: return nil
            }
        }
        self = value
    }

    /// `rwx` with dashes, followed by `u` when the region is user-accessible: "r-x", "rw-u".
    public var description: String {
        var s = ""
        s += contains(.read) ? "r" : "-"
        s += contains(.write) ? "w" : "-"
        s += contains(.execute) ? "x" : "-"
        if contains(.user) { s += "u" }
        return s
    }
}

/// One address range `[start, end)`.
public struct Region: Hashable, Sendable {
    public var start: UInt64
    /// Exclusive end.
    public var end: UInt64
    public var permissions: Permissions
    public var name: String
    /// The group the region belongs to ("kernel text", "heap", "stack", "RAM", "MMIO"…);
    /// it chooses the color and the legend entry.
    public var kind: String

    public init(start: UInt64, end: UInt64, permissions: Permissions = [.read],
                name: String, kind: String) {
        self.start = start
        self.end = end
        self.permissions = permissions
        self.name = name
        self.kind = kind
    }

    /// Size in bytes (0 for an empty or inverted range).
    public var size: UInt64 { end > start ? end - start : 0 }

    /// Whether two regions may be merged when they touch.
    public func hasSameAttributes(as other: Region) -> Bool {
        permissions == other.permissions && name == other.name && kind == other.kind
    }
}
