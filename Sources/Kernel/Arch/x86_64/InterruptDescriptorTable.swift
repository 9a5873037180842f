import CPU

/// The IDT: 256 interrupt gates (SDM Vol. 3A §6.14.1). Vectors 0-31 are the
/// CPU exceptions, 32-47 the remapped 8259 IRQs, 255 the spurious vector. The
/// entry stubs (interrupt_entry.S) all lead to `interrupt_dispatch`.
enum InterruptDescriptorTable {
    static let vectorCount = 256
    static let irqBase: UInt8 = 32

    // 256 gates × 16 bytes, reserved in boot.S's .bss.
    private static var gates: UnsafeMutablePointer<UInt64> { UnsafeMutablePointer(bitPattern: UInt(storage_idt()))! }

    static func load() {
        let stubs = UnsafePointer<UInt64>(bitPattern: UInt(layout_isr_stub_table()))!
        for vector in 0..<vectorCount {
            let handler = stubs[vector]
            guard handler != 0 else { setGate(vector, 0, 0, 0); continue }
            // int3 (#BP) may be raised from ring 3: gdb's breakpoints in user
            // programs. Any other vector raised by `int n` in ring 3 is a #GP.
            setGate(vector, handler, interruptStack(for: vector), vector == 3 ? 3 : 0)
        }
        cpu_lidt(UInt64(UInt(bitPattern: gates)), UInt16(vectorCount * 16 - 1))
    }

    /// #DF, NMI and #MC run on their own stacks so they can be reported even
    /// when the kernel stack is gone; #DB too (single-stepping a debugger over
    /// stack-switching code). #PF deliberately runs on the current stack: a
    /// kernel stack overflow then faults while pushing the #PF frame, which
    /// the CPU escalates to #DF, reported from the #DF stack (the only way the
    /// overflow can be seen as such; with #PF on an IST stack the overflow is a
    /// plain page fault on the guard page and nested #PFs would reuse the stack).
    static func interruptStack(for vector: Int) -> UInt8 {
        switch vector {
        case 8: return GlobalDescriptorTable.InterruptStack.doubleFault.rawValue
        case 2: return GlobalDescriptorTable.InterruptStack.nmi.rawValue
        case 18: return GlobalDescriptorTable.InterruptStack.machineCheck.rawValue
        case 1: return GlobalDescriptorTable.InterruptStack.debug.rawValue
        default: return 0
        }
    }

    private static func setGate(_ vector: Int, _ handler: UInt64, _ ist: UInt8, _ dpl: UInt8) {
        let present: UInt64 = handler == 0 ? 0 : 1
        let typeAttributes: UInt64 = (present << 7) | (UInt64(dpl) << 5) | 0xE   // 64-bit interrupt gate
        gates[vector * 2] = (handler & 0xFFFF)
            | (UInt64(GlobalDescriptorTable.kernelCode) << 16)
            | (UInt64(ist & 0x7) << 32)
            | (typeAttributes << 40)
            | (((handler >> 16) & 0xFFFF) << 48)
        gates[vector * 2 + 1] = handler >> 32
    }
}
