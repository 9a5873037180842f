/// The registers saved by interrupt_entry.S, lowest address first: the general
/// registers pushed by `interrupt_common`, the vector and error code pushed by
/// the stub, then what the CPU pushed (SDM Vol. 3A §6.14.2). Keep in sync
/// with the push order in interrupt_frame.inc.
struct InterruptFrame {
    var r15: UInt64, r14: UInt64, r13: UInt64, r12: UInt64
    var r11: UInt64, r10: UInt64, r9: UInt64, r8: UInt64
    var rbp: UInt64, rdi: UInt64, rsi: UInt64, rdx: UInt64
    var rcx: UInt64, rbx: UInt64, rax: UInt64
    var vector: UInt64, errorCode: UInt64
    var rip: UInt64, cs: UInt64, rflags: UInt64, rsp: UInt64, ss: UInt64
}
