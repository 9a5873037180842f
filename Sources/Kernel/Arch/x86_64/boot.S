// PVH entry: QEMU's `-kernel` jumps here in 32-bit protected mode, paging off,
// with %ebx = physical address of the hvm_start_info structure.
// We zero .bss, build throw-away identity page tables for the first 4 GiB
// (2 MiB pages), enter long mode and call the Swift entry `kernel_main`.
// The kernel replaces these tables with its own as soon as it can.

#define PVH_NOTE_PHYS32_ENTRY 18

        .section .note.pvh, "a", @note
        .p2align 2
        .long 4                     // name size ("Xen\0")
        .long 4                     // desc size
        .long PVH_NOTE_PHYS32_ENTRY
        .asciz "Xen"
        .long pvh_start

        .section .boot.text, "ax", @progbits
        .code32
        .global pvh_start
pvh_start:
        cli
        cld
        mov %ebx, %esi              // keep start_info across the bss wipe

        // Zero .bss (QEMU's ELF loader does, but don't rely on it).
        mov $__bss_start, %edi
        mov $__bss_end, %ecx
        sub %edi, %ecx
        xor %eax, %eax
        rep stosb
        mov %esi, pvh_start_info_paddr

        mov $boot_stack_top, %esp

        // PML4[0] -> PDPT, PDPT[0..3] -> four page directories of 2 MiB pages.
        mov $boot_pdpt, %eax
        or $0x3, %eax
        mov %eax, boot_pml4
        mov $boot_pd, %eax
        or $0x3, %eax
        mov $boot_pdpt, %edi
        mov $4, %ecx
1:      mov %eax, (%edi)
        add $4096, %eax
        add $8, %edi
        loop 1b
        // 2048 entries: physical 0..4 GiB, present|writable|huge.
        mov $boot_pd, %edi
        xor %ecx, %ecx
2:      mov %ecx, %eax
        shl $21, %eax
        or $0x83, %eax
        mov %eax, (%edi,%ecx,8)
        mov %ecx, %eax
        shr $11, %eax               // high dword: (i << 21) >> 32
        mov %eax, 4(%edi,%ecx,8)
        inc %ecx
        cmp $2048, %ecx
        jne 2b

        mov $boot_pml4, %eax
        mov %eax, %cr3
        mov %cr4, %eax
        or $(1 << 5), %eax          // PAE
        mov %eax, %cr4
        mov $0xC0000080, %ecx       // EFER
        rdmsr
        or $((1 << 8) | (1 << 11)), %eax   // LME | NXE
        wrmsr
        mov %cr0, %eax
        or $((1 << 31) | (1 << 16) | 1), %eax  // PG | WP | PE
        mov %eax, %cr0

        lgdt boot_gdt_pointer
        ljmp $0x08, $long_mode_entry

        .code64
long_mode_entry:
        mov $0x10, %ax
        mov %ax, %ds
        mov %ax, %es
        mov %ax, %ss
        xor %ax, %ax
        mov %ax, %fs
        mov %ax, %gs

        // SSE on (Swift emits it): CR0.EM=0, CR0.MP=1, CR4.OSFXSR|OSXMMEXCPT.
        // Interrupt entry saves the FPU/SSE state with fxsave, so handlers may use it too.
        mov %cr0, %rax
        and $~(1 << 2), %rax
        or $(1 << 1), %rax
        mov %rax, %cr0
        mov %cr4, %rax
        or $((1 << 9) | (1 << 10)), %rax
        mov %rax, %cr4
        fninit

        movabs $boot_stack_top, %rsp
        xor %ebp, %ebp              // terminates the frame-pointer chain
        mov pvh_start_info_paddr(%rip), %edi
        call kernel_main
3:      cli
        hlt
        jmp 3b

        .section .rodata
        .p2align 3
boot_gdt:
        .quad 0
        .quad 0x00af9a000000ffff    // 0x08: 64-bit code
        .quad 0x00cf92000000ffff    // 0x10: data
boot_gdt_end:
boot_gdt_pointer:
        .word boot_gdt_end - boot_gdt - 1
        .long boot_gdt

        .section .bss
        .p2align 12
boot_pml4:      .skip 4096
boot_pdpt:      .skip 4096
boot_pd:        .skip 4096 * 4

// Kernel stacks. Each is preceded by a guard page that the kernel leaves
// unmapped in its own page tables (see KernelStacks.swift for the list).
#define STACK(name, size) \
        .p2align 12; .global name##_guard; name##_guard: .skip 4096; \
        .global name##_bottom; name##_bottom: .skip size; .global name##_top; name##_top:

        STACK(boot_stack, 65536)
        STACK(double_fault_stack, 16384)
        STACK(nmi_stack, 16384)
        STACK(machine_check_stack, 16384)
        STACK(debug_stack, 16384)

// The kernel log's ring buffer lives in .bss so it works before the heap does.
        .p2align 12
        .global kernel_log_ring
kernel_log_ring: .skip 65536

        .p2align 12
        .global kernel_idt
kernel_idt: .skip 4096

// A copy of the PVH boot information: QEMU leaves it in page 0, which the
// kernel's own page tables leave unmapped to catch null pointers.
        .p2align 12
        .global boot_info_copy
boot_info_copy: .skip 16384

// The GDB stub's packet and reply buffers and its monitor-output scratch.
        .p2align 12
        .global gdb_packet_buffer
gdb_packet_buffer: .skip 16384
        .global gdb_reply_buffer
gdb_reply_buffer: .skip 16384 + 64
        .global gdb_breakpoints
gdb_breakpoints: .skip 16 * 64
        .global gdb_user_breakpoints
gdb_user_breakpoints: .skip 16 * 64
        .p2align 12
        .global gdb_monitor_scratch
gdb_monitor_scratch: .skip 73728

        .p2align 3
        .global pvh_start_info_paddr
pvh_start_info_paddr: .quad 0
