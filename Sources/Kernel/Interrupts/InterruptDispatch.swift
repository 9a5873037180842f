import CPU

/// Where every interrupt and exception arrives (called from interrupt_entry.S).
@_cdecl("interrupt_dispatch")
func interruptDispatch(_ rawFrame: UnsafeMutableRawPointer, _ fpuState: UnsafeMutableRawPointer) {
    let context = TrapContext(frame: rawFrame.assumingMemoryBound(to: InterruptFrame.self), fpu: fpuState)
    let vector = Int(context.frame.pointee.vector)
    switch vector {
    case 0..<32:
        ExceptionHandler.handle(context)
    case 32..<48:
        let irq = vector - Int(InterruptDescriptorTable.irqBase)
        if ProgrammableInterruptController.isSpurious(irq: irq) { return }
        // Acknowledge first: the COM2 handler may stop the kernel for gdb for a long time.
        ProgrammableInterruptController.endOfInterrupt(irq: irq)
        handleIRQ(irq, context)
        // A tick or an input byte may have made a better task ready.
        Scheduler.preemptionPoint(returningToUser: context.frame.pointee.cs & 3 == 3)
    default:
        break   // spurious vector 255
    }
}

private func handleIRQ(_ irq: Int, _ context: TrapContext) {
    switch irq {
    case 0: Timer.tick()
    case 3: Debugger.receiveInterrupt(context)
    case 4: ConsoleInput.receiveInterrupt()
    default: break
    }
}
