/// The state of the CPU where the kernel stopped for the debugger: the
/// registers interrupt_entry.S saved (InterruptFrame) and its fxsave area.
/// Changes made through it take effect when the trap returns (iretq,
/// fxrstor). A stop at a caught system call carries its number (gdb's
/// orig_rax); every other stop has -1 there, as Linux does.
struct TrapContext {
    let frame: UnsafeMutablePointer<InterruptFrame>
    let fpu: UnsafeMutableRawPointer
    let systemCall: UInt64

    init(frame: UnsafeMutablePointer<InterruptFrame>, fpu: UnsafeMutableRawPointer, systemCall: UInt64 = .max) {
        self.frame = frame
        self.fpu = fpu
        self.systemCall = systemCall
    }

    static let trapFlag: UInt64 = 1 << 8
    static let interruptFlag: UInt64 = 1 << 9
    static let resumeFlag: UInt64 = 1 << 16

    /// General register `n` in gdb's amd64 order (rax rbx rcx rdx rsi rdi rbp rsp r8-r15).
    func general(_ n: Int) -> UInt64 {
        let f = frame.pointee
        switch n {
        case 0: return f.rax
        case 1: return f.rbx
        case 2: return f.rcx
        case 3: return f.rdx
        case 4: return f.rsi
        case 5: return f.rdi
        case 6: return f.rbp
        case 7: return f.rsp
        case 8: return f.r8
        case 9: return f.r9
        case 10: return f.r10
        case 11: return f.r11
        case 12: return f.r12
        case 13: return f.r13
        case 14: return f.r14
        default: return f.r15
        }
    }

    func setGeneral(_ n: Int, _ v: UInt64) {
        switch n {
        case 0: frame.pointee.rax = v
        case 1: frame.pointee.rbx = v
        case 2: frame.pointee.rcx = v
        case 3: frame.pointee.rdx = v
        case 4: frame.pointee.rsi = v
        case 5: frame.pointee.rdi = v
        case 6: frame.pointee.rbp = v
        // rsp is restored by iretq from the frame; changing it moves the stack under the trap.
        case 7: frame.pointee.rsp = v
        case 8: frame.pointee.r8 = v
        case 9: frame.pointee.r9 = v
        case 10: frame.pointee.r10 = v
        case 11: frame.pointee.r11 = v
        case 12: frame.pointee.r12 = v
        case 13: frame.pointee.r13 = v
        case 14: frame.pointee.r14 = v
        default: frame.pointee.r15 = v
        }
    }
}
