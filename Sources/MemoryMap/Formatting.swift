// Numbers for people: human sizes and hexadecimal addresses.

private let longUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
private let shortUnits = ["B", "K", "M", "G", "T", "P", "E"]

/// Picks the unit and the value in tenths of that unit, rounding to one decimal and moving
/// to the next unit when rounding reaches 1024 ("1023.96 KiB" becomes "1.0 MiB").
private func scaled(_ bytes: UInt64) -> (unit: Int, tenths: UInt64) {
    if bytes < 1024 { return (0, bytes * 10) }
    var unit = 1
    while unit < 6 && bytes >> (10 * UInt64(unit + 1)) != 0 { unit += 1 }
    while true {
        let divisor = Double(UInt64(1) << (10 * UInt64(unit)))
        // Non-negative, so adding one half and truncating rounds (no libm needed).
        let tenths = UInt64(Double(bytes) / divisor * 10 + 0.5)
        if tenths < 10240 || unit == 6 { return (unit, tenths) }
        unit += 1
    }
}

/// "0 B", "1023 B", "1.0 KiB", "255.8 MiB", "1.0 TiB": bytes below 1 KiB exactly,
/// larger sizes in binary units with one decimal.
public func humanSize(_ bytes: UInt64) -> String {
    let (unit, tenths) = scaled(bytes)
    if unit == 0 { return "\(bytes) B" }
    return "\(tenths / 10).\(tenths % 10) \(longUnits[unit])"
}

/// A short form for tight spaces such as gap breaks: "512B", "4K", "1.5G", "64T".
public func compactSize(_ bytes: UInt64) -> String {
    let (unit, tenths) = scaled(bytes)
    if unit == 0 { return "\(bytes)B" }
    if tenths % 10 == 0 || tenths >= 100 {
        return "\((tenths + 5) / 10)\(shortUnits[unit])"
    }
    return "\(tenths / 10).\(tenths % 10)\(shortUnits[unit])"
}

/// "0x" followed by lowercase hex digits, zero-padded to at least `digits` digits.
public func hexAddress(_ value: UInt64, digits: Int = 0) -> String {
    let hex = String(value, radix: 16)
    let pad = max(0, digits - hex.count)
    return "0x" + String(repeating: "0", count: pad) + hex
}

/// Number of hex digits needed to print `value` (at least 1).
func hexDigitCount(_ value: UInt64) -> Int {
    value == 0 ? 1 : (64 - value.leadingZeroBitCount + 3) / 4
}
