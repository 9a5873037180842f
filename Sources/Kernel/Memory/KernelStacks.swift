import CPU

/// The kernel's stacks (reserved in boot.S's .bss), each with an unmapped
/// guard page below it, so an overflow faults instead of corrupting memory.
struct KernelStack {
    let name: StaticString
    let guardPage: UInt64
    let top: UInt64
    var bottom: UInt64 { guardPage + 4096 }
}

enum KernelStacks {
    static var all: (KernelStack, KernelStack, KernelStack, KernelStack, KernelStack) {
        (KernelStack(name: "boot stack", guardPage: stack_boot_guard(), top: stack_boot_top()),
         KernelStack(name: "#DF IST stack", guardPage: stack_double_fault_guard(), top: stack_double_fault_top()),
         KernelStack(name: "NMI IST stack", guardPage: stack_nmi_guard(), top: stack_nmi_top()),
         KernelStack(name: "#MC IST stack", guardPage: stack_machine_check_guard(), top: stack_machine_check_top()),
         KernelStack(name: "#DB IST stack", guardPage: stack_debug_guard(), top: stack_debug_top()))
    }

    static func forEach(_ body: (KernelStack) -> Void) {
        let s = all
        body(s.0); body(s.1); body(s.2); body(s.3); body(s.4)
    }

    /// Appends ` [guard page of the boot stack: stack overflow]` or ` [boot stack]`.
    /// With `isStackPointer`, an rsp at the very bottom of a stack counts as
    /// an overflow too: the push that faulted wrote just below it.
    static func describe(_ address: UInt64, isStackPointer: Bool = false, _ w: TextWriter) {
        forEach { stack in
            if address >= stack.guardPage && (address < stack.bottom || isStackPointer && address == stack.bottom) {
                w.write(" [guard page of the "); w.write(stack.name); w.write(": stack overflow]")
            } else if address >= stack.bottom && address < stack.top {
                w.write(" ["); w.write(stack.name); w.write("]")
            }
        }
    }
}
