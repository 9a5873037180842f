import KeelABI

/// The console (COM1) through the console handle.
public enum Console {
    public static func write(_ bytes: UnsafeRawBufferPointer, handle: Handle = .console) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        _ = Syscall.raw(SyscallNumber.write.rawValue, UInt64(handle.raw), address(base), UInt64(bytes.count))
    }

    public static func write(_ text: String) {
        var copy = text
        copy.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    public static func write(_ text: StaticString) {
        write(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Reads at least one byte (blocks until the console has input).
    public static func read(into buffer: UnsafeMutableRawBufferPointer, handle: Handle = .console) throws(SyscallError) -> Int {
        Int(try Syscall.call(.read, UInt64(handle.raw), address(buffer.baseAddress), UInt64(buffer.count)))
    }

    /// One byte of input.
    public static func readByte() -> UInt8 {
        var byte: UInt8 = 0
        let n = withUnsafeMutableBytes(of: &byte) { raw in
            (try? read(into: raw)) ?? 0
        }
        return n == 1 ? byte : 0
    }
}
