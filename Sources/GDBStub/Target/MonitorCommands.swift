/// `monitor` commands (`qRcmd`): the target reads the command text and
/// writes any output; the session sends it to gdb as `O` packets as it
/// comes, then `OK`.
public protocol MonitorCommands: DebugTarget {
    /// Runs `command` (the text after `monitor `). Throw
    /// `.failed(code)` for an unknown command (gdb prints an error).
    mutating func runMonitorCommand<Output: MonitorOutput>(
        _ command: UnsafeBufferPointer<UInt8>, output: inout Output) throws(TargetError)
}

extension MonitorCommands {
    public mutating func _runMonitorCommand<Output: MonitorOutput>(
        _ command: UnsafeBufferPointer<UInt8>, output: inout Output
    ) throws(TargetError) {
        try runMonitorCommand(command, output: &output)
    }
}

/// Where a monitor command writes its output.
public protocol MonitorOutput {
    mutating func write(_ bytes: UnsafeRawBufferPointer)
}

extension MonitorOutput {
    public mutating func write(_ text: StaticString) {
        text.withUTF8Buffer { write(UnsafeRawBufferPointer($0)) }
    }

    public mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// `value` in hex with a `0x` prefix, zero-padded to `digits`.
    public mutating func writeHex(_ value: UInt64, digits: Int = 1) {
        var text: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 2 + 16 digits fit in 24 bytes
        withUnsafeMutableBytes(of: &text) { raw in
            raw[0] = UInt8(ascii: "0")
            raw[1] = UInt8(ascii: "x")
            var n = 1
            while n < 16, n < digits || value >> UInt64(4 * n) != 0 { n += 1 }
            for i in 0..<n {
                raw[2 + i] = HexDigits.digit(UInt8(truncatingIfNeeded: value >> UInt64(4 * (n - 1 - i))))
            }
            write(UnsafeRawBufferPointer(rebasing: raw[0..<(2 + n)]))
        }
    }

    /// `value` in decimal.
    public mutating func writeDecimal(_ value: UInt64) {
        var text: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 20 digits fit in 24 bytes
        withUnsafeMutableBytes(of: &text) { raw in
            var n = 0
            var rest = value
            repeat {
                raw[23 - n] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                n += 1
            } while rest != 0
            write(UnsafeRawBufferPointer(rebasing: raw[(24 - n)..<24]))
        }
    }
}
