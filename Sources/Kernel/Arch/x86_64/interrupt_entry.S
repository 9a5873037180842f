// Interrupt and exception entry stubs for vectors 0-47 and 255.
// Each stub pushes a dummy error code where the CPU pushes none (Intel SDM
// Vol. 3A §6.13), then its vector number, and jumps to the common path,
// which saves every general register and the FPU/SSE state (fxsave) and calls
// Swift's `interrupt_dispatch(frame, fxsaveArea)`. The saved-register layout is
// InterruptFrame in InterruptFrame.swift: keep the two in sync
// (interrupt_frame.inc holds the register pushes).

#include "interrupt_frame.inc"

        .section .text
        .code64

.macro STUB vector, has_error_code
        .global isr_stub_\vector
        .p2align 4
isr_stub_\vector:
        .if \has_error_code == 0
        pushq $0
        .endif
        pushq $\vector
        jmp interrupt_common
.endm

// Vectors whose exceptions push an error code: #DF 8, #TS 10, #NP 11, #SS 12,
// #GP 13, #PF 14, #AC 17, #CP 21, #VC 29, #SX 30.
        STUB 0, 0
        STUB 1, 0
        STUB 2, 0
        STUB 3, 0
        STUB 4, 0
        STUB 5, 0
        STUB 6, 0
        STUB 7, 0
        STUB 8, 1
        STUB 9, 0
        STUB 10, 1
        STUB 11, 1
        STUB 12, 1
        STUB 13, 1
        STUB 14, 1
        STUB 15, 0
        STUB 16, 0
        STUB 17, 1
        STUB 18, 0
        STUB 19, 0
        STUB 20, 0
        STUB 21, 1
        STUB 22, 0
        STUB 23, 0
        STUB 24, 0
        STUB 25, 0
        STUB 26, 0
        STUB 27, 0
        STUB 28, 0
        STUB 29, 1
        STUB 30, 1
        STUB 31, 0
        .irp v, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,255
        STUB \v, 0
        .endr

        .p2align 4
interrupt_common:
        PUSH_GENERAL_REGISTERS
        cld
        mov %rsp, %rbx              // frame (callee-saved across the call)
        and $~0xf, %rsp
        sub $512, %rsp
        fxsave64 (%rsp)
        mov %rbx, %rdi
        mov %rsp, %rsi
        // A frame record whose return address is the interrupted rip lets a
        // backtrace taken inside a handler continue into the interrupted code.
        pushq 8*17(%rbx)            // frame->rip
        pushq 8*8(%rbx)             // frame->rbp
        mov %rsp, %rbp
        call interrupt_dispatch
        add $16, %rsp
        fxrstor64 (%rsp)
        mov %rbx, %rsp
        // Fall through: back to the interrupted code.

// Restores every register from the frame at rsp and returns with iretq: the
// end of every interrupt, a task's first entry into user space
// (context_switch.S), and a system call whose frame the debugger changed.
        .global return_from_frame_iret
return_from_frame_iret:
        popq %r15
        popq %r14
        popq %r13
        popq %r12
        popq %r11
        popq %r10
        popq %r9
        popq %r8
        popq %rbp
        popq %rdi
        popq %rsi
        popq %rdx
        popq %rcx
        popq %rbx
        popq %rax
        add $16, %rsp               // vector and error code
        iretq

// Table of stub addresses, indexed by vector (0 where there is none).
        .section .rodata
        .p2align 3
        .global isr_stub_table
isr_stub_table:
        .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
        .quad isr_stub_\v
        .endr
        .fill 255 - 48, 8, 0
        .quad isr_stub_255
