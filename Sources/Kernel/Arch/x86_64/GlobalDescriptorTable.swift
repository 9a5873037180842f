import CPU

/// The kernel's GDT and TSS (Intel SDM Vol. 3A §3.4.5, §7.2.3).
/// Selectors: 0x08 kernel code, 0x10 kernel data, 0x18 user data, 0x20 user
/// code, 0x28 the 64-bit TSS (two slots). The order is what SYSRET needs:
/// it loads SS from STAR[63:48] + 8 and CS from STAR[63:48] + 16 (SystemCalls.swift).
/// The TSS carries the interrupt stack table: IST stacks for exceptions that
/// must not run on a possibly broken kernel stack.
enum GlobalDescriptorTable {
    static let kernelCode: UInt16 = 0x08
    static let kernelData: UInt16 = 0x10
    static let taskState: UInt16 = 0x28
    static let userData: UInt16 = 0x18 | 3
    static let userCode: UInt16 = 0x20 | 3

    /// IST slot numbers (1-based, as the IDT gate encodes them).
    enum InterruptStack: UInt8, CaseIterable {
        case doubleFault = 1, nmi = 2, machineCheck = 3, debug = 4
    }

    // 7 descriptors (the TSS takes two) and the 104-byte 64-bit TSS, both in .bss.
    nonisolated(unsafe) private static var entries: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
        (0, 0, 0, 0, 0, 0, 0)
    nonisolated(unsafe) private static var tss = TaskStateSegment()

    static func load() {
        tss.rsp0 = stack_boot_top()
        tss.setInterruptStack(.doubleFault, top: stack_double_fault_top())
        tss.setInterruptStack(.nmi, top: stack_nmi_top())
        tss.setInterruptStack(.machineCheck, top: stack_machine_check_top())
        tss.setInterruptStack(.debug, top: stack_debug_top())
        tss.ioMapBase = UInt16(MemoryLayout<TaskStateSegment>.size)

        let tssBase = withUnsafeMutablePointer(to: &tss) { UInt64(UInt(bitPattern: $0)) }
        let tssLimit = UInt64(MemoryLayout<TaskStateSegment>.size - 1)
        entries.1 = 0x00AF_9A00_0000_FFFF          // code: present, DPL0, L=1
        entries.2 = 0x00CF_9200_0000_FFFF          // data: present, DPL0, writable
        entries.3 = 0x00CF_F200_0000_FFFF          // user data, DPL3
        entries.4 = 0x00AF_FA00_0000_FFFF          // user code, DPL3, L=1
        // 64-bit available TSS descriptor (type 9), split across two slots.
        entries.5 = (tssLimit & 0xFFFF)
            | ((tssBase & 0xFF_FFFF) << 16)
            | (0x89 << 40)
            | (((tssLimit >> 16) & 0xF) << 48)
            | (((tssBase >> 24) & 0xFF) << 56)
        entries.6 = tssBase >> 32

        let base = withUnsafeMutablePointer(to: &entries) { UInt64(UInt(bitPattern: $0)) }
        cpu_lgdt(base, UInt16(MemoryLayout.size(ofValue: entries) - 1))
        cpu_reload_segments(kernelCode, kernelData)
        cpu_ltr(taskState)
    }

    /// The stack the CPU switches to on an interrupt or exception from ring 3
    /// (TSS.rsp0): the top of the current task's kernel stack.
    static func setKernelStack(top: UInt64) { tss.rsp0 = top }

    /// Where the IST stack of `slot` is (for reports: "on IST stack").
    static func interruptStackTop(_ slot: InterruptStack) -> UInt64 { tss.interruptStack(slot) }
}

/// 64-bit TSS layout (SDM Vol. 3A Figure 7-11). Packed: rsp0 sits at offset 4,
/// so the 64-bit fields are stored as 32-bit halves.
struct TaskStateSegment {
    private var words: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                        UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                        UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    private mutating func set64(atWord index: Int, _ value: UInt64) {
        withUnsafeMutableBytes(of: &words) { raw in
            raw.storeBytes(of: UInt32(truncatingIfNeeded: value), toByteOffset: index * 4, as: UInt32.self)
            raw.storeBytes(of: UInt32(truncatingIfNeeded: value >> 32), toByteOffset: index * 4 + 4, as: UInt32.self)
        }
    }
    private func get64(atWord index: Int) -> UInt64 {
        withUnsafeBytes(of: words) { raw in
            UInt64(raw.load(fromByteOffset: index * 4, as: UInt32.self))
                | UInt64(raw.load(fromByteOffset: index * 4 + 4, as: UInt32.self)) << 32
        }
    }

    var rsp0: UInt64 {
        get { get64(atWord: 1) }
        set { set64(atWord: 1, newValue) }
    }
    /// IST1 is at byte offset 36 (word 9).
    mutating func setInterruptStack(_ slot: GlobalDescriptorTable.InterruptStack, top: UInt64) {
        set64(atWord: 7 + 2 * Int(slot.rawValue), top)
    }
    func interruptStack(_ slot: GlobalDescriptorTable.InterruptStack) -> UInt64 {
        get64(atWord: 7 + 2 * Int(slot.rawValue))
    }
    var ioMapBase: UInt16 {
        get { withUnsafeBytes(of: words) { $0.load(fromByteOffset: 102, as: UInt16.self) } }
        set {
            withUnsafeMutableBytes(of: &words) { $0.storeBytes(of: newValue, toByteOffset: 102, as: UInt16.self) }
        }
    }
}
