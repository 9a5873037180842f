import CPU

/// Interrupt-driven receive on COM1: the IRQ 4 handler drains the UART into a
/// ring buffer; the monitor takes bytes out with interrupts masked.
enum ConsoleInput {
    private static let capacity = 1024
    nonisolated(unsafe) private static var storage = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    nonisolated(unsafe) private static var head = 0, tail = 0
    nonisolated(unsafe) private(set) static var dropped: UInt64 = 0

    static func enable() {
        _ = storage                                    // allocate before interrupts can arrive
        ProgrammableInterruptController.unmask(irq: 4)
    }

    static func receiveInterrupt() {
        while let byte = SerialPort.com1.readByte() {
            let next = (head + 1) % capacity
            if next == tail { dropped += 1; continue }
            storage[head] = byte
            head = next
        }
        ConsoleReaders.wakeAll()
    }

    /// Whether a byte is waiting (interrupts off).
    static var hasInput: Bool { head != tail }

    /// The next byte if there is one (interrupts off): the read system call.
    static func takeByte() -> UInt8? {
        guard head != tail else { return nil }
        let byte = storage[tail]
        tail = (tail + 1) % capacity
        return byte
    }

    /// Next received byte, sleeping until one arrives.
    static func readByte() -> UInt8 {
        while true {
            cpu_cli()
            if head != tail {
                let byte = storage[tail]
                tail = (tail + 1) % capacity
                cpu_sti()
                return byte
            }
            cpu_sti_hlt()
        }
    }
}
