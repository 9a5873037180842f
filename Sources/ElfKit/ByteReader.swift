// Zero-copy, bounds-checked access to the bytes of a file.
//
// Modelled on gimli/object: the input is borrowed as an
// UnsafeRawBufferPointer (the caller keeps it alive), every slice is
// checked against the input before it is made, and integers are read
// unaligned in the file's byte order. Arithmetic on untrusted offsets and
// sizes is done with overflow checks, so a hostile value yields an error
// instead of a trap or a wrapped-around offset.

/// The byte order of multi-byte integers in a file.
public enum ByteOrder: Sendable, Equatable {
    case little
    case big
}

/// A bounds-checked view of an input buffer.
public struct ByteReader {
    public let bytes: UnsafeRawBufferPointer
    public let order: ByteOrder

    public init(_ bytes: UnsafeRawBufferPointer, order: ByteOrder) {
        self.bytes = bytes
        self.order = order
    }

    public var count: Int { bytes.count }

    /// The `count` bytes at `offset`, or nil if they are not all inside the input.
    /// Takes UInt64 because offsets and sizes come straight from file fields.
    public func slice(offset: UInt64, count: UInt64) -> UnsafeRawBufferPointer? {
        let total = UInt64(bytes.count)
        guard offset <= total, count <= total - offset else { return nil }
        if count == 0 {
            // An empty slice still needs a base address; reuse the input's
            // (or nil for an empty input) rather than computing one past it.
            return UnsafeRawBufferPointer(start: bytes.baseAddress, count: 0)
        }
        return UnsafeRawBufferPointer(rebasing: bytes[Int(offset)..<Int(offset + count)])
    }

    /// The fixed-size record at `offset`; `truncated` names `structure` if it does not fit.
    public func record(
        at offset: UInt64, size: Int, structure: ElfStructure
    ) throws(ElfError) -> FieldReader {
        guard let s = slice(offset: offset, count: UInt64(size)) else {
            throw .truncated(structure: structure, offset: ByteReader.clampedOffset(offset))
        }
        return FieldReader(bytes: s, order: order)
    }

    /// Offsets are reported as Int; a hostile 64-bit offset is clamped rather than trapping.
    static func clampedOffset(_ value: UInt64) -> Int {
        value > UInt64(Int.max) ? Int.max : Int(value)
    }
}

/// Reads integers at fixed offsets inside one record whose size was already
/// checked. Layout constants never exceed the record size, so the guard
/// below never fires for a correct layout; it exists so that even a
/// programming mistake reads zero instead of memory outside the input.
public struct FieldReader {
    public let bytes: UnsafeRawBufferPointer
    public let order: ByteOrder

    @inline(__always)
    func load<T: FixedWidthInteger>(_ offset: Int, as type: T.Type) -> T {
        guard offset >= 0, offset <= bytes.count - MemoryLayout<T>.size else { return 0 }
        let raw = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        return order == .little ? T(littleEndian: raw) : T(bigEndian: raw)
    }

    public func u8(_ offset: Int) -> UInt8 { load(offset, as: UInt8.self) }
    public func u16(_ offset: Int) -> UInt16 { load(offset, as: UInt16.self) }
    public func u32(_ offset: Int) -> UInt32 { load(offset, as: UInt32.self) }
    public func u64(_ offset: Int) -> UInt64 { load(offset, as: UInt64.self) }

    /// Reads a field described by a layout, widening it to 64 bits.
    public func read(_ field: FieldLayout) -> UInt64 {
        switch field.width {
        case 1: return UInt64(u8(field.offset))
        case 2: return UInt64(u16(field.offset))
        case 4: return UInt64(u32(field.offset))
        default: return u64(field.offset)
        }
    }
}
