// Switching kernel stacks between tasks (always with interrupts off).
//
// switch_context(save_rsp, new_rsp, save_fpu, new_fpu): pushes the
// callee-saved registers (SysV ABI: everything else the caller already
// assumes clobbered), saves rsp into *save_rsp and the FPU/SSE state into
// save_fpu (fxsave, 512 bytes, 16-byte aligned), then loads the other task's.
// Returns into the other task where it last called switch_context, or into
// a new task's start routine (the stack TaskKernelStack prepares).

        .section .text
        .code64
        .global switch_context
        .p2align 4
switch_context:
        pushq %rbp
        pushq %rbx
        pushq %r12
        pushq %r13
        pushq %r14
        pushq %r15
        fxsave64 (%rdx)
        mov %rsp, (%rdi)
        mov %rsi, %rsp
        fxrstor64 (%rcx)
        popq %r15
        popq %r14
        popq %r13
        popq %r12
        popq %rbx
        popq %rbp
        ret

// First run of a user task: the prepared stack holds its initial
// InterruptFrame right above this return address.
        .global task_start_user
task_start_user:
        call task_first_run
        jmp return_from_frame_iret

// First run of a kernel task: rbx holds the Swift entry (never returns).
        .global task_start_kernel
task_start_kernel:
        call task_first_run
        xor %ebp, %ebp
        call *%rbx
        ud2
