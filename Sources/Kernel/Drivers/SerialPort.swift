import CPU

/// A 16550 UART on the legacy I/O ports (COM1 0x3F8, COM2 0x2F8).
/// COM1 is the console; COM2 is reserved for the GDB stub.
struct SerialPort {
    let base: UInt16

    static let com1 = SerialPort(base: 0x3F8)
    static let com2 = SerialPort(base: 0x2F8)

    // Register offsets (16550 data sheet).
    private enum Register: UInt16 {
        case data = 0, interruptEnable = 1, fifoControl = 2, lineControl = 3
        case modemControl = 4, lineStatus = 5
    }
    private static let lineStatusDataReady: UInt8 = 0x01
    private static let lineStatusTransmitEmpty: UInt8 = 0x20

    private func read(_ r: Register) -> UInt8 { cpu_inb(base + r.rawValue) }
    private func write(_ r: Register, _ v: UInt8) { cpu_outb(base + r.rawValue, v) }

    /// 115200 baud, 8N1, FIFOs on. `receiveInterrupt` enables the
    /// "received data available" interrupt (IRQ4 for COM1, IRQ3 for COM2).
    func initialize(receiveInterrupt: Bool) {
        write(.interruptEnable, 0)
        write(.lineControl, 0x80)          // DLAB: divisor latch access
        write(.data, 1)                    // divisor 1 = 115200 baud
        write(.interruptEnable, 0)
        write(.lineControl, 0x03)          // 8 data bits, no parity, 1 stop bit
        write(.fifoControl, 0xC7)          // enable + clear FIFOs, 14-byte threshold
        write(.modemControl, 0x0B)         // DTR | RTS | OUT2 (OUT2 gates the IRQ line)
        if receiveInterrupt { write(.interruptEnable, 0x01) }
    }

    var hasInput: Bool { read(.lineStatus) & Self.lineStatusDataReady != 0 }

    func readByte() -> UInt8? { hasInput ? read(.data) : nil }

    func writeByte(_ byte: UInt8) {
        while read(.lineStatus) & Self.lineStatusTransmitEmpty == 0 { cpu_pause() }
        write(.data, byte)
    }

    /// Sends a buffer 16 bytes at a time: once the transmitter is empty the
    /// FIFO takes 16 bytes without further status reads (16550 data sheet).
    func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        var i = 0
        while i < bytes.count {
            while read(.lineStatus) & Self.lineStatusTransmitEmpty == 0 { cpu_pause() }
            let end = min(i + Self.fifoDepth, bytes.count)
            while i < end { write(.data, bytes[i]); i += 1 }
        }
    }

    private static let fifoDepth = 16

    /// Polls until a byte arrives (the GDB stub's loop while the kernel is stopped).
    func waitForByte() -> UInt8 {
        while true {
            if let byte = readByte() { return byte }
            cpu_pause()
        }
    }
}
