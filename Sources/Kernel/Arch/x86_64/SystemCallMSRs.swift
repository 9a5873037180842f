import CPU

/// Turns on `syscall`/`sysret` (Intel SDM Vol. 3A §5.8.8): EFER.SCE, the
/// selector bases in STAR, the entry point in LSTAR, and the rflags bits
/// cleared on entry in FMASK (IF: the entry runs with interrupts off until it
/// is on the kernel stack; TF: no single step into the kernel; DF, AC).
enum SystemCallMSRs {
    static func enable() {
        cpu_wrmsr(MSR_EFER, cpu_rdmsr(MSR_EFER) | 1)
        // SYSCALL: CS = STAR[47:32], SS = +8. SYSRET (64-bit): CS = STAR[63:48] + 16, SS = +8, both RPL 3.
        let star = (UInt64(GlobalDescriptorTable.kernelData) << 48) | (UInt64(GlobalDescriptorTable.kernelCode) << 32)
        cpu_wrmsr(MSR_STAR, star)
        cpu_wrmsr(MSR_LSTAR, entry_syscall())
        let interrupt: UInt64 = 1 << 9, trap: UInt64 = 1 << 8, direction: UInt64 = 1 << 10, alignment: UInt64 = 1 << 18
        cpu_wrmsr(MSR_FMASK, interrupt | trap | direction | alignment)
    }
}
