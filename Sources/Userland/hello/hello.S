// A stand-in user program for the boot archive: a tiny static x86_64 ELF
// that `make kernel` packs into .build/kernel/initrd.img until the real
// user programs (Sources/Userland/Programs, Embedded Swift over the Keel
// syscall ABI) replace it. It only has to be a valid, loadable program with
// separate text, read-only data and writable data segments (W^X); it
// makes no system call, since the syscall ABI belongs to the user-space
// work, and spins politely if ever started.

        .section .text, "ax", @progbits
        .global _start
        .type _start, @function
_start:
        lea     message(%rip), %rsi
        mov     $message_end - message, %edx
        mov     %edx, counter(%rip)
1:      pause
        jmp     1b
        .size _start, . - _start

        .section .rodata, "a", @progbits
message:
        .ascii  "Hello from the boot archive!\n"
message_end:

        .section .data, "aw", @progbits
        .p2align 2
counter:
        .long   0

        .section .note.GNU-stack, "", @progbits
