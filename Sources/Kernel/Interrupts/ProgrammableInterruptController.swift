import CPU

/// The two cascaded 8259 PICs, remapped so IRQ 0-15 arrive on vectors 32-47
/// (away from the CPU exceptions) and masked except for the lines in use.
enum ProgrammableInterruptController {
    private static let masterCommand: UInt16 = 0x20, masterData: UInt16 = 0x21
    private static let slaveCommand: UInt16 = 0xA0, slaveData: UInt16 = 0xA1
    nonisolated(unsafe) private static var mask: UInt16 = 0xFFFF

    static func initialize() {
        cpu_outb(masterCommand, 0x11); cpu_outb(slaveCommand, 0x11)    // ICW1: init, ICW4 follows
        cpu_outb(masterData, InterruptDescriptorTable.irqBase)          // ICW2: vector offsets
        cpu_outb(slaveData, InterruptDescriptorTable.irqBase + 8)
        cpu_outb(masterData, 0x04); cpu_outb(slaveData, 0x02)          // ICW3: slave on IRQ2
        cpu_outb(masterData, 0x01); cpu_outb(slaveData, 0x01)          // ICW4: 8086 mode
        mask = 0xFFFF & ~(1 << 2)                                        // cascade line open
        writeMask()
    }

    static func unmask(irq: Int) { mask &= ~(1 << UInt16(irq)); writeMask() }
    static func mask(irq: Int) { mask |= 1 << UInt16(irq); writeMask() }

    static func endOfInterrupt(irq: Int) {
        if irq >= 8 { cpu_outb(slaveCommand, 0x20) }
        cpu_outb(masterCommand, 0x20)
    }

    /// IRQ 7/15 fire spuriously; the in-service register tells (8259A data sheet).
    static func isSpurious(irq: Int) -> Bool {
        guard irq == 7 || irq == 15 else { return false }
        let command = irq == 7 ? masterCommand : slaveCommand
        cpu_outb(command, 0x0B)                                          // OCW3: read ISR
        let inService = cpu_inb(command) & 0x80 != 0
        if !inService && irq == 15 { cpu_outb(masterCommand, 0x20) }     // master saw the cascade
        return !inService
    }

    private static func writeMask() {
        cpu_outb(masterData, UInt8(truncatingIfNeeded: mask))
        cpu_outb(slaveData, UInt8(truncatingIfNeeded: mask >> 8))
    }
}
