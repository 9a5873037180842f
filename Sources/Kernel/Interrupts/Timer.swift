import CPU

/// The periodic timer: PIT channel 0 at 1 kHz on IRQ 0, and the uptime it counts.
enum Timer {
    static let frequency: UInt64 = 1000
    private static let pitInputHz: UInt64 = 1_193_182
    nonisolated(unsafe) private(set) static var ticks: UInt64 = 0

    static func start() {
        let divisor = UInt16(pitInputHz / frequency)
        cpu_outb(0x43, 0x36)                                   // channel 0, lo/hi byte, mode 3
        cpu_outb(0x40, UInt8(truncatingIfNeeded: divisor))
        cpu_outb(0x40, UInt8(truncatingIfNeeded: divisor >> 8))
        ProgrammableInterruptController.unmask(irq: 0)
    }

    /// Every tick also drives the scheduler (sleepers, quantum, CPU time).
    static func tick() {
        ticks &+= 1
        Scheduler.tick()
    }

    static var uptimeMilliseconds: UInt64 { ticks * 1000 / frequency }

    /// Sleeps (hlt) until `count` more ticks have passed; needs interrupts on.
    static func wait(ticks count: UInt64) {
        let target = ticks + count
        while ticks < target { cpu_sti_hlt() }
    }
}
