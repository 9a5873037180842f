/// A TextWriter into a caller's fixed buffer, for code that must not touch
/// the heap (the GDB stub can stop the kernel before its heap exists). A
/// closure that captured a local counter would be boxed on the heap, so the
/// position is static: one user at a time (the stub runs with interrupts off).
enum BufferWriter {
    nonisolated(unsafe) private static var buffer = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    nonisolated(unsafe) private(set) static var length = 0

    static let writer = TextWriter(sink: { byte in
        if length < buffer.count { buffer[length] = byte; length += 1 }
    })

    /// Starts writing at the beginning of `target`; returns the writer.
    static func begin(_ target: UnsafeMutableRawBufferPointer) -> TextWriter {
        buffer = target
        length = 0
        return writer
    }
}
