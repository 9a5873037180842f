// x86_64 instructions Swift cannot express, as static inline functions that
// the Swift compiler imports and inlines. Plus accessors for symbols defined
// by the linker script and boot.S.
#pragma once
#include <stdint.h>

static inline void cpu_outb(uint16_t port, uint8_t value) { __asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port)); }
static inline uint8_t cpu_inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline void cpu_outw(uint16_t port, uint16_t value) { __asm__ volatile("outw %0, %1" : : "a"(value), "Nd"(port)); }
static inline void cpu_outl(uint16_t port, uint32_t value) { __asm__ volatile("outl %0, %1" : : "a"(value), "Nd"(port)); }

static inline uint64_t cpu_read_cr0(void) { uint64_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline uint64_t cpu_read_cr2(void) { uint64_t v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline uint64_t cpu_read_cr3(void) { uint64_t v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline uint64_t cpu_read_cr4(void) { uint64_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void cpu_write_cr3(uint64_t v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline uint64_t cpu_read_rflags(void) { uint64_t v; __asm__ volatile("pushfq; popq %0" : "=r"(v)); return v; }
static inline uint64_t cpu_read_rbp(void) { uint64_t v; __asm__ volatile("mov %%rbp, %0" : "=r"(v)); return v; }
static inline uint64_t cpu_read_rsp(void) { uint64_t v; __asm__ volatile("mov %%rsp, %0" : "=r"(v)); return v; }

static inline uint64_t cpu_rdmsr(uint32_t msr) {
    uint32_t lo, hi; __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr)); return ((uint64_t)hi << 32) | lo;
}
static inline void cpu_wrmsr(uint32_t msr, uint64_t v) {
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}
static inline uint64_t cpu_rdtsc(void) { uint32_t lo, hi; __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)); return ((uint64_t)hi << 32) | lo; }

static inline void cpu_cli(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void cpu_sti(void) { __asm__ volatile("sti" ::: "memory"); }
static inline void cpu_hlt(void) { __asm__ volatile("hlt" ::: "memory"); }
/// Enables interrupts and halts atomically (sti's one-instruction shadow), so a
/// wake-up interrupt cannot slip in between the check and the halt.
static inline void cpu_sti_hlt(void) { __asm__ volatile("sti; hlt" ::: "memory"); }
static inline void cpu_pause(void) { __asm__ volatile("pause"); }
static inline void cpu_invlpg(uint64_t addr) { __asm__ volatile("invlpg (%0)" : : "r"(addr) : "memory"); }
static inline void cpu_int3(void) { __asm__ volatile("int3"); }
static inline void cpu_ud2(void) { __asm__ volatile("ud2"); }

struct cpu_descriptor_pointer { uint16_t limit; uint64_t base; } __attribute__((packed));

static inline void cpu_lgdt(uint64_t base, uint16_t limit) {
    struct cpu_descriptor_pointer p = { limit, base }; __asm__ volatile("lgdt %0" : : "m"(p));
}
static inline void cpu_lidt(uint64_t base, uint16_t limit) {
    struct cpu_descriptor_pointer p = { limit, base }; __asm__ volatile("lidt %0" : : "m"(p));
}
static inline void cpu_ltr(uint16_t selector) { __asm__ volatile("ltr %0" : : "r"(selector)); }

/// Reloads CS (far return) and the data segment registers after a new GDT.
static inline void cpu_reload_segments(uint16_t code, uint16_t data) {
    __asm__ volatile(
        "pushq %q0\n\t"
        "leaq 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "lretq\n"
        "1:\n\t"
        "mov %w1, %%ds\n\tmov %w1, %%es\n\tmov %w1, %%ss\n\t"
        : : "r"((uint64_t)code), "r"(data) : "rax", "memory");
}

// Division by zero, with the divisor hidden from the optimizer (selftest).
static inline uint64_t cpu_divide(uint64_t a, uint64_t b) {
    uint64_t q; __asm__ volatile("xor %%edx, %%edx; divq %2" : "=a"(q) : "a"(a), "r"(b) : "rdx"); return q;
}

// Symbols from kernel.ld and boot.S.
#define KEEL_SYMBOL_ADDRESS(fn, sym) \
    static inline uint64_t fn(void) { extern char sym[]; return (uint64_t)(uintptr_t)sym; }
KEEL_SYMBOL_ADDRESS(layout_kernel_start, __kernel_start)
KEEL_SYMBOL_ADDRESS(layout_kernel_end, __kernel_end)
KEEL_SYMBOL_ADDRESS(layout_text_start, __text_start)
KEEL_SYMBOL_ADDRESS(layout_text_end, __text_end)
KEEL_SYMBOL_ADDRESS(layout_rodata_start, __rodata_start)
KEEL_SYMBOL_ADDRESS(layout_rodata_end, __rodata_end)
KEEL_SYMBOL_ADDRESS(layout_data_start, __data_start)
KEEL_SYMBOL_ADDRESS(layout_data_end, __data_end)
KEEL_SYMBOL_ADDRESS(layout_ksymtab_start, __ksymtab_start)
KEEL_SYMBOL_ADDRESS(layout_ksymtab_end, __ksymtab_end)
KEEL_SYMBOL_ADDRESS(layout_isr_stub_table, isr_stub_table)
KEEL_SYMBOL_ADDRESS(stack_boot_guard, boot_stack_guard)
KEEL_SYMBOL_ADDRESS(stack_boot_top, boot_stack_top)
KEEL_SYMBOL_ADDRESS(stack_double_fault_guard, double_fault_stack_guard)
KEEL_SYMBOL_ADDRESS(stack_double_fault_top, double_fault_stack_top)
KEEL_SYMBOL_ADDRESS(stack_nmi_guard, nmi_stack_guard)
KEEL_SYMBOL_ADDRESS(stack_nmi_top, nmi_stack_top)
KEEL_SYMBOL_ADDRESS(stack_machine_check_guard, machine_check_stack_guard)
KEEL_SYMBOL_ADDRESS(stack_machine_check_top, machine_check_stack_top)
KEEL_SYMBOL_ADDRESS(stack_debug_guard, debug_stack_guard)
KEEL_SYMBOL_ADDRESS(stack_debug_top, debug_stack_top)
KEEL_SYMBOL_ADDRESS(storage_log_ring, kernel_log_ring)
KEEL_SYMBOL_ADDRESS(storage_idt, kernel_idt)
KEEL_SYMBOL_ADDRESS(storage_boot_info, boot_info_copy)
#define BOOT_INFO_COPY_SIZE 16384
KEEL_SYMBOL_ADDRESS(storage_gdb_packet_buffer, gdb_packet_buffer)
KEEL_SYMBOL_ADDRESS(storage_gdb_reply_buffer, gdb_reply_buffer)
KEEL_SYMBOL_ADDRESS(storage_gdb_monitor_scratch, gdb_monitor_scratch)
KEEL_SYMBOL_ADDRESS(storage_gdb_breakpoints, gdb_breakpoints)
KEEL_SYMBOL_ADDRESS(storage_gdb_user_breakpoints, gdb_user_breakpoints)
#define GDB_BREAKPOINT_CAPACITY 64
#define GDB_PACKET_BUFFER_SIZE 16384
#define GDB_REPLY_BUFFER_SIZE (16384 + 64)
#define GDB_MONITOR_SCRATCH_SIZE 73728

static inline uint64_t boot_start_info_address(void) { extern uint64_t pvh_start_info_paddr; return pvh_start_info_paddr; }

/// The general registers of the caller, in InterruptFrame order (r15 first,
/// then r14 … rax), for `panic()` reports that have no interrupt frame.
static inline void cpu_capture_registers(uint64_t out[15]) {
    __asm__ volatile(
        "mov %%r15, 0(%0)\n\tmov %%r14, 8(%0)\n\tmov %%r13, 16(%0)\n\tmov %%r12, 24(%0)\n\t"
        "mov %%r11, 32(%0)\n\tmov %%r10, 40(%0)\n\tmov %%r9, 48(%0)\n\tmov %%r8, 56(%0)\n\t"
        "mov %%rbp, 64(%0)\n\tmov %%rdi, 72(%0)\n\tmov %%rsi, 80(%0)\n\tmov %%rdx, 88(%0)\n\t"
        "mov %%rcx, 96(%0)\n\tmov %%rbx, 104(%0)\n\tmov %%rax, 112(%0)\n\t"
        : : "r"(out) : "memory");
}

/// A load the optimizer cannot remove or move (selftests touching bad memory).
static inline uint64_t cpu_volatile_read(uint64_t address) {
    uint64_t v; __asm__ volatile("movq (%1), %0" : "=r"(v) : "r"(address) : "memory"); return v;
}

// --- For the GDB stub ---
static inline uint64_t cpu_read_cr8(void) { uint64_t v; __asm__ volatile("mov %%cr8, %0" : "=r"(v)); return v; }
static inline void cpu_write_cr0(uint64_t v) { __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
static inline uint16_t cpu_read_ds(void) { uint16_t v; __asm__ volatile("mov %%ds, %0" : "=r"(v)); return v; }
static inline uint16_t cpu_read_es(void) { uint16_t v; __asm__ volatile("mov %%es, %0" : "=r"(v)); return v; }
static inline uint16_t cpu_read_fs(void) { uint16_t v; __asm__ volatile("mov %%fs, %0" : "=r"(v)); return v; }
static inline uint16_t cpu_read_gs(void) { uint16_t v; __asm__ volatile("mov %%gs, %0" : "=r"(v)); return v; }

/// Debug registers DR0-DR3 (addresses), DR6 (status), DR7 (control); SDM Vol. 3B §17.2.
static inline uint64_t cpu_read_dr(int n) {
    uint64_t v = 0;
    switch (n) {
    case 0: __asm__ volatile("mov %%dr0, %0" : "=r"(v)); break;
    case 1: __asm__ volatile("mov %%dr1, %0" : "=r"(v)); break;
    case 2: __asm__ volatile("mov %%dr2, %0" : "=r"(v)); break;
    case 3: __asm__ volatile("mov %%dr3, %0" : "=r"(v)); break;
    case 6: __asm__ volatile("mov %%dr6, %0" : "=r"(v)); break;
    case 7: __asm__ volatile("mov %%dr7, %0" : "=r"(v)); break;
    }
    return v;
}
static inline void cpu_write_dr(int n, uint64_t v) {
    switch (n) {
    case 0: __asm__ volatile("mov %0, %%dr0" : : "r"(v)); break;
    case 1: __asm__ volatile("mov %0, %%dr1" : : "r"(v)); break;
    case 2: __asm__ volatile("mov %0, %%dr2" : : "r"(v)); break;
    case 3: __asm__ volatile("mov %0, %%dr3" : : "r"(v)); break;
    case 6: __asm__ volatile("mov %0, %%dr6" : : "r"(v)); break;
    case 7: __asm__ volatile("mov %0, %%dr7" : : "r"(v)); break;
    }
}

// --- Tasks and system calls ---
static inline void cpu_set_syscall_stack(uint64_t top) { extern uint64_t syscall_kernel_rsp; syscall_kernel_rsp = top; }
void switch_context(uint64_t *save_rsp, uint64_t new_rsp, void *save_fpu, void *new_fpu);
static inline void cpu_fxsave(void *area) { __asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory"); }
static inline void cpu_fxrstor(const void *area) { __asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory"); }
KEEL_SYMBOL_ADDRESS(entry_syscall, syscall_entry)
KEEL_SYMBOL_ADDRESS(entry_task_start_user, task_start_user)
KEEL_SYMBOL_ADDRESS(entry_task_start_kernel, task_start_kernel)
KEEL_SYMBOL_ADDRESS(entry_idle_task, idle_task_main)
#define MSR_EFER 0xC0000080u
#define MSR_STAR 0xC0000081u
#define MSR_LSTAR 0xC0000082u
#define MSR_FMASK 0xC0000084u
