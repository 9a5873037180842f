// Building a string table section (gABI "String Table"): offset 0 holds the
// empty string, every other name is stored once, NUL-terminated.

public struct ElfStringTableBuilder {
    public private(set) var bytes: [UInt8] = [0]

    public init() {}

    /// Continues an existing table (e.g. a file's .shstrtab) so old offsets stay valid.
    public init(existing: [UInt8]) {
        bytes = existing.isEmpty ? [0] : existing
        if bytes.last != 0 { bytes.append(0) }
    }

    /// Appends `name` and returns its offset; the empty name is offset 0.
    public mutating func add(_ name: String) -> UInt32 {
        if name.isEmpty { return 0 }
        let at = UInt32(truncatingIfNeeded: bytes.count)
        bytes.append(contentsOf: name.utf8)
        bytes.append(0)
        return at
    }
}
