import CPU

/// A task's kernel stack: 32 KiB of fresh frames in the kernel's PML4 slot
/// 128 (shared by every address space), above the heap's 1 GiB, each with
/// 32 KiB of unmapped pages below it as a guard. 32 KiB leaves room for the
/// GDB stub, which runs on whatever stack the kernel stopped on. Interrupts and system calls from the
/// task's ring-3 code land on its top (TSS.rsp0, the syscall entry).
struct TaskKernelStack {
    static let region: UInt64 = 0x0000_4000_8000_0000
    static let pages = 8
    /// 64 KiB per slot: 32 KiB unmapped (guard), then the stack.
    static let slotSize: UInt64 = 64 * 1024
    static let maximumSlots = 4096

    nonisolated(unsafe) private static var freeSlots: [Int] = []
    nonisolated(unsafe) private static var nextSlot = 0

    let slot: Int
    var top: UInt64 { Self.region + UInt64(slot + 1) * Self.slotSize }
    var bottom: UInt64 { top - UInt64(Self.pages) * 4096 }

    static func allocate() -> TaskKernelStack? {
        let slot: Int
        if let reused = freeSlots.popLast() {
            slot = reused
        } else {
            guard nextSlot < maximumSlots else { return nil }
            slot = nextSlot
            nextSlot += 1
        }
        let stack = TaskKernelStack(slot: slot)
        guard KernelAddressSpace.mapFreshPages(at: stack.bottom, count: pages) else {
            freeSlots.append(slot)
            return nil
        }
        return stack
    }

    func free() {
        KernelAddressSpace.unmapAndFree(at: bottom, count: Self.pages)
        Self.freeSlots.append(slot)
    }
}
