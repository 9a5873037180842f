// A string table section: NUL-terminated strings addressed by byte offset.
//
// Lookups return slices of the input rather than Strings so that the
// kernel can compare or print names without allocating.

public struct ElfStringTable {
    /// The section index the table came from (-1 if built from raw bytes), for errors.
    public let sectionIndex: Int
    public let bytes: UnsafeRawBufferPointer

    public init(bytes: UnsafeRawBufferPointer, sectionIndex: Int = -1) {
        self.bytes = bytes
        self.sectionIndex = sectionIndex
    }

    /// The bytes of the string at `offset`, without its terminating NUL.
    /// Fails if the offset is outside the table or no NUL follows it inside
    /// the table (reading on would leave the section).
    public func string(at offset: UInt64) throws(ElfError) -> UnsafeRawBufferPointer {
        guard offset < UInt64(bytes.count) else {
            throw .badStringOffset(table: sectionIndex, offset: offset)
        }
        let start = Int(offset)
        var end = start
        while end < bytes.count {
            if bytes[end] == 0 {
                return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            }
            end += 1
        }
        throw .badStringOffset(table: sectionIndex, offset: offset)
    }
}

/// Byte-wise comparison of a name slice with a String, without allocating.
public func elfNameEquals(_ name: UnsafeRawBufferPointer, _ string: String) -> Bool {
    var i = 0
    for byte in string.utf8 {
        guard i < name.count, name[i] == byte else { return false }
        i += 1
    }
    return i == name.count
}
