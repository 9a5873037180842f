// A growable output buffer that stores integers in a file's byte order.
//
// The writer side of ByteReader/FieldReader: fields are placed through the
// same FieldLayout tables the reader uses, so ELF32/ELF64 and both byte
// orders are one code path, and reader and writer cannot disagree about
// where a field is. Writes past the end grow the buffer with zeros rather
// than trap; offsets come from the writer's own layout arithmetic.

public struct ElfWriteBuffer {
    public private(set) var bytes: [UInt8]
    public let order: ByteOrder

    public init(order: ByteOrder, bytes: [UInt8] = []) {
        self.order = order
        self.bytes = bytes
    }

    public var count: Int { bytes.count }

    /// Stores the low `width` bytes of `value` at `offset`.
    public mutating func put(_ value: UInt64, width: Int, at offset: Int) {
        guard offset >= 0, width > 0, width <= 8 else { return }
        if bytes.count < offset + width {
            bytes.append(contentsOf: repeatElement(0, count: offset + width - bytes.count))
        }
        for i in 0..<width {
            let shift = order == .little ? 8 * i : 8 * (width - 1 - i)
            bytes[offset + i] = UInt8(truncatingIfNeeded: value >> UInt64(shift))
        }
    }

    /// Reads `width` bytes at `offset` in the buffer's byte order; nil if outside.
    public func read(width: Int, at offset: Int) -> UInt64? {
        guard offset >= 0, width > 0, width <= 8, offset <= bytes.count - width else { return nil }
        var value: UInt64 = 0
        for i in 0..<width {
            let byte = UInt64(bytes[order == .little ? offset + width - 1 - i : offset + i])
            value = value << 8 | byte
        }
        return value
    }

    /// Stores a field of the record that starts at `base`.
    public mutating func put(_ field: FieldLayout, _ value: UInt64, base: Int) {
        put(value, width: field.width, at: base + field.offset)
    }

    /// Copies `data` to `offset`, growing the buffer if needed.
    public mutating func write(_ data: [UInt8], at offset: Int) {
        guard offset >= 0 else { return }
        if bytes.count < offset + data.count {
            bytes.append(contentsOf: repeatElement(0, count: offset + data.count - bytes.count))
        }
        for i in 0..<data.count { bytes[offset + i] = data[i] }
    }

    /// Overwrites `count` bytes at `offset` with zeros (clamped to the buffer).
    public mutating func zero(at offset: Int, count: Int) {
        guard offset >= 0, count > 0, offset < bytes.count else { return }
        let end = count > bytes.count - offset ? bytes.count : offset + count
        for i in offset..<end { bytes[i] = 0 }
    }

    /// Pads with zeros up to a multiple of `alignment` (0 and 1: no padding)
    /// and returns the new end, which is where the next data goes.
    @discardableResult
    public mutating func pad(toAlignment alignment: UInt64) -> Int {
        let target = ElfWriteBuffer.alignUp(bytes.count, alignment)
        if target > bytes.count {
            bytes.append(contentsOf: repeatElement(0, count: target - bytes.count))
        }
        return bytes.count
    }

    /// Appends `data` after padding to `alignment`; returns its offset.
    public mutating func append(_ data: [UInt8], alignment: UInt64) -> Int {
        let at = pad(toAlignment: alignment)
        bytes.append(contentsOf: data)
        return at
    }

    /// `value` rounded up to a power-of-two `alignment` (others count as 1).
    static func alignUp(_ value: Int, _ alignment: UInt64) -> Int {
        guard alignment > 1, alignment & (alignment - 1) == 0, alignment <= 1 << 30 else { return value }
        let a = Int(alignment)
        return (value + a - 1) & ~(a - 1)
    }

    /// Whether `value` fits a field of `width` bytes.
    static func fits(_ value: UInt64, width: Int) -> Bool {
        width >= 8 || value < (UInt64(1) << UInt64(8 * width))
    }
}
