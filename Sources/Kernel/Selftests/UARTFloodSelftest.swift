import CPU

/// The serial ceiling for the GDB stub benchmark: streams bytes to COM2 as
/// fast as the UART takes them (the same FIFO-burst path the stub's replies
/// use), so the host can measure bytes per second on the wire.
enum UARTFloodSelftest {
    static let totalBytes = 1 << 20

    @inline(never) static func run() -> Bool {
        var chunk: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        let start = cpu_rdtsc()
        withUnsafeMutableBytes(of: &chunk) { raw in
            for i in 0..<raw.count { raw[i] = UInt8(ascii: "a") + UInt8(i % 26) }
            let bytes = UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: raw.count)
            for _ in 0..<(totalBytes / raw.count) { SerialPort.com2.write(bytes) }
        }
        let w = KernelLog.begin(.info)
        w.write("uartflood: "); w.decimal(totalBytes); w.write(" bytes to COM2 in "); w.decimal(cpu_rdtsc() - start)
        w.write(" TSC cycles"); w.newline()
        return true
    }
}
