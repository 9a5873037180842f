/// The kernel console on COM1. Everything printed here can also be kept in the
/// kernel log ring (see KernelLog). Works before the heap exists: only
/// StaticString, byte buffers and integers, no String needed.
enum Console {
    static func write(_ byte: UInt8) {
        if byte == UInt8(ascii: "\n") { SerialPort.com1.writeByte(UInt8(ascii: "\r")) }
        SerialPort.com1.writeByte(byte)
    }

    static func write(_ text: StaticString) {
        text.withUTF8Buffer { for b in $0 { write(b) } }
    }

    static func write(_ text: String) {
        var copy = text
        copy.withUTF8 { for b in $0 { write(b) } }
    }

    static func write(bytes: UnsafeRawBufferPointer) {
        for b in bytes { write(b) }
    }
}
