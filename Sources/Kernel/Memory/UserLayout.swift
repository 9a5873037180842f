/// Where things live in the user half of a task's address space
/// (docs/userspace.md). The kernel is identity-mapped in PML4 slot 0 and its
/// heap and task stacks are in slot 128; every task shares those slots
/// (supervisor-only) and owns slots 1-127.
enum UserLayout {
    /// The lowest user address: PML4 slot 1 (512 GiB). Programs link here (user.ld).
    static let base: UInt64 = 0x0000_0080_0000_0000
    /// The end of the user half: PML4 slot 128 is the kernel's again.
    static let limit: UInt64 = 0x0000_4000_0000_0000
    static let firstSlot = 1
    static let endSlot = 128
    /// ELF segments must lie in [base, imageLimit).
    static let imageLimit: UInt64 = 0x0000_1000_0000_0000
    /// Shared memory regions are mapped upwards from here.
    static let sharedBase: UInt64 = 0x0000_2000_0000_0000
    /// The initial stack: `stackPages` pages below `stackTop`, with an unmapped
    /// guard page below them (an overflow faults there and is reported as such).
    static let stackTop: UInt64 = 0x0000_3000_0000_0000
    static let stackPages = 16
    static var stackBottom: UInt64 { stackTop - UInt64(stackPages) * 4096 }
    static var stackGuardPage: UInt64 { stackBottom - 4096 }

    static func contains(_ address: UInt64, length: UInt64) -> Bool {
        let (end, overflow) = address.addingReportingOverflow(length)
        return !overflow && address >= base && end <= limit
    }
}
