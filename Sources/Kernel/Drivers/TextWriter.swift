/// Formats text without the heap: hex and decimal numbers, padding. Used by the
/// exception reporter (which must work even when the heap is broken), the log
/// and the monitor. `sink` receives bytes.
struct TextWriter {
    var sink: (UInt8) -> Void

    func write(_ text: StaticString) { text.withUTF8Buffer { for b in $0 { sink(b) } } }
    func write(_ text: String) { var t = text; t.withUTF8 { for b in $0 { sink(b) } } }
    func write(bytes: UnsafeRawBufferPointer) { for b in bytes { sink(b) } }
    func write(byte: UInt8) { sink(byte) }
    func newline() { sink(UInt8(ascii: "\n")) }

    func spaces(_ n: Int) { if n > 0 { for _ in 0..<n { sink(UInt8(ascii: " ")) } } }

    /// `0x` + exactly `digits` hex digits (16 for addresses, as in the backtrace format).
    func hex(_ value: UInt64, digits: Int = 16, prefix: Bool = true) {
        if prefix { write("0x") }
        var shift = (digits - 1) * 4
        while shift >= 0 {
            let nibble = UInt8((value >> UInt64(shift)) & 0xF)
            sink(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
            shift -= 4
        }
    }

    /// Hex without leading zeros (`0x1c`).
    func shortHex(_ value: UInt64) {
        var digits = 1
        while digits < 16 && value >> UInt64(digits * 4) != 0 { digits += 1 }
        hex(value, digits: digits)
    }

    func decimal(_ value: UInt64, width: Int = 0) {
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes of scratch, no heap
        var length = 0
        var v = value
        withUnsafeMutableBytes(of: &buffer) { raw in
            repeat {
                raw[23 - length] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                length += 1
            } while v != 0
            spaces(width - length)
            for i in (24 - length)..<24 { sink(raw[i]) }
        }
    }

    func decimal(_ value: Int, width: Int = 0) {
        if value < 0 {
            spaces(width - 1 - Self.digitCount(UInt64(-value)))
            sink(UInt8(ascii: "-"))
            decimal(UInt64(-value))
        } else {
            decimal(UInt64(value), width: width)
        }
    }

    /// A byte count in binary units: `512 B`, `64.0 KiB`, `255.6 MiB`.
    func size(_ bytes: UInt64) {
        let parts = Self.sizeParts(bytes)
        decimal(parts.whole)
        if let tenth = parts.tenth { write(byte: UInt8(ascii: ".")); decimal(tenth) }
        write(parts.unit)
    }

    /// How many characters `size(bytes)` writes (for column alignment).
    static func sizeWidth(_ bytes: UInt64) -> Int {
        let parts = sizeParts(bytes)
        return digitCount(parts.whole) + (parts.tenth == nil ? 0 : 2) + parts.unit.utf8CodeUnitCount
    }

    private static func sizeParts(_ bytes: UInt64) -> (whole: UInt64, tenth: UInt64?, unit: StaticString) {
        if bytes < 1024 { return (bytes, nil, " B") }
        var unit = 0
        var scaled = bytes * 10
        while scaled >= 1024 * 10 && unit < 4 { scaled /= 1024; unit += 1 }
        let units: StaticString
        switch unit {
        case 1: units = " KiB"
        case 2: units = " MiB"
        case 3: units = " GiB"
        default: units = " TiB"
        }
        return (scaled / 10, scaled % 10, units)
    }

    private static func digitCount(_ value: UInt64) -> Int {
        var n = 1
        var v = value
        while v >= 10 { v /= 10; n += 1 }
        return n
    }
}

extension TextWriter {
    /// Writes straight to the console (not the log).
    static let console = TextWriter(sink: { Console.write($0) })
}
