import CPU

/// Where every interrupt and exception arrives (called from interrupt_entry.S).
@_cdecl("interrupt_dispatch")
func interruptDispatch(_ rawFrame: UnsafeMutableRawPointer, _ fpuState: UnsafeMutableRawPointer) {
    let frame = rawFrame.assumingMemoryBound(to: InterruptFrame.self)
    let vector = Int(frame.pointee.vector)
    switch vector {
    case 0..<32:
        ExceptionHandler.handle(frame)
    case 32..<48:
        let irq = vector - Int(InterruptDescriptorTable.irqBase)
        if ProgrammableInterruptController.isSpurious(irq: irq) { return }
        handleIRQ(irq)
        ProgrammableInterruptController.endOfInterrupt(irq: irq)
    default:
        break   // spurious vector 255
    }
}

private func handleIRQ(_ irq: Int) {
    switch irq {
    case 0: Timer.tick()
    case 4: ConsoleInput.receiveInterrupt()
    default: break
    }
}
