// User program entry. The kernel starts a task here in ring 3 with rsp at the
// top of its stack (16-byte aligned) and every other register zero.
// The runtime gets its heap arena (below, in .bss), then the program's
// `main` (from @main) runs; its return value is the exit status.

#define USER_HEAP_SIZE (256 * 1024)

        .section .text._start, "ax", @progbits
        .global _start
_start:
        xor %ebp, %ebp              // ends the frame-pointer chain (user backtraces)
        and $-16, %rsp
        lea user_heap_arena(%rip), %rdi
        mov $USER_HEAP_SIZE, %esi
        call keel_runtime_start
        xor %edi, %edi
        xor %esi, %esi
        call main
        mov %eax, %edi
        call keel_runtime_exit
        ud2

// keel_syscall(number, a1, a2, a3, a4, a5, a6): the C calling convention in,
// the kernel's syscall convention out (docs/syscalls.md): rax = number,
// rdi rsi rdx r10 r8 r9 = arguments, rax = result; syscall clobbers rcx, r11.
        .section .text.keel_syscall, "ax", @progbits
        .global keel_syscall
keel_syscall:
        mov %rdi, %rax
        mov %rsi, %rdi
        mov %rdx, %rsi
        mov %rcx, %rdx
        mov %r8, %r10
        mov %r9, %r8
        mov 8(%rsp), %r9
        syscall
        ret

        .section .bss
        .p2align 12
user_heap_arena: .skip USER_HEAP_SIZE

        .section .text.keel_rdtsc, "ax", @progbits
        .global keel_rdtsc
keel_rdtsc:
        rdtsc
        shl $32, %rdx
        or %rdx, %rax
        ret

// Deliberate faults for the test programs (Swift cannot write these).
        .section .text.keel_privileged_instruction, "ax", @progbits
        .global keel_privileged_instruction
keel_privileged_instruction:
        push %rbp
        mov %rsp, %rbp
        hlt                          // CPL 3: #GP
        pop %rbp
        ret

        // The first byte of the program's text (_start, at its link base): for writing to R+X memory.
        .section .text.keel_text_start, "ax", @progbits
        .global keel_text_start
keel_text_start:
        lea _start(%rip), %rax
        ret

        .section .text.keel_invalid_opcode, "ax", @progbits
        .global keel_invalid_opcode
keel_invalid_opcode:
        push %rbp
        mov %rsp, %rbp
        .byte 0x0f, 0xff             // UD0: #UD (not ud2, which is how Swift traps)
        pop %rbp
        ret
