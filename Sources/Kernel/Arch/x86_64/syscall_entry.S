// The `syscall` entry (Intel SDM Vol. 2B SYSCALL; Vol. 3A §5.8.8) and the way
// back to ring 3 with sysret (the other, iretq, is interrupt_entry.S's
// return_from_frame_iret).
//
// SYSCALL leaves rsp on the user stack, rcx = user rip, r11 = user rflags, and
// IF/TF/DF/AC cleared by IA32_FMASK. One CPU, interrupts off: the user rsp is
// parked in a variable and the current task's kernel stack top comes from
// another (the scheduler sets it on every switch, together with TSS.rsp0).
// The entry builds the same frame as interrupt_entry.S (InterruptFrame, vector
// SYSCALL_VECTOR), so the scheduler, the fault reporter and the debugger see
// one layout whichever way a task entered the kernel.

#include "interrupt_frame.inc"

#define SYSCALL_VECTOR 0x80
#define USER_CODE 0x23
#define USER_DATA 0x1b

        .section .text
        .code64
        .global syscall_entry
        .p2align 4
syscall_entry:
        mov %rsp, syscall_user_rsp(%rip)
        mov syscall_kernel_rsp(%rip), %rsp
        pushq $USER_DATA                // ss
        pushq syscall_user_rsp(%rip)    // rsp
        pushq %r11                      // rflags
        pushq $USER_CODE                // cs
        pushq %rcx                      // rip
        pushq $0                        // error code
        pushq $SYSCALL_VECTOR
        PUSH_GENERAL_REGISTERS
        cld
        mov %rsp, %rdi
        // A frame record with rbp 0 ends kernel backtraces at the user boundary.
        pushq 8*17(%rdi)
        pushq $0
        mov %rsp, %rbp
        call syscall_dispatch
        add $16, %rsp
        // Fall through: back to user space with sysret when the frame allows it.

// Returns to ring 3 from the frame at rsp with SYSRET: rcx and r11 carry rip
// and rflags, as the syscall ABI says they are clobbered. A frame whose rip is
// not a user address (the debugger changed it) takes the iretq path.
        .global return_to_user_sysret
return_to_user_sysret:
        mov 8*17(%rsp), %rcx            // rip
        mov %rcx, %r11
        sar $47, %r11
        jnz return_from_frame_iret
        popq %r15
        popq %r14
        popq %r13
        popq %r12
        popq %r11                       // (reloaded with rflags below)
        popq %r10
        popq %r9
        popq %r8
        popq %rbp
        popq %rdi
        popq %rsi
        popq %rdx
        add $8, %rsp                    // rcx (holds rip)
        popq %rbx
        popq %rax
        add $16, %rsp                   // vector, error code
        mov 16(%rsp), %r11              // rflags
        mov 24(%rsp), %rsp              // user rsp
        sysretq

        .section .data
        .p2align 3
        .global syscall_kernel_rsp
syscall_kernel_rsp: .quad 0
        .global syscall_user_rsp
syscall_user_rsp: .quad 0
