/// The 32 CPU exception vectors (SDM Vol. 3A Table 6-1): mnemonic and name.
struct ExceptionKind {
    let vector: Int

    var mnemonic: StaticString {
        switch vector {
        case 0: return "#DE"
        case 1: return "#DB"
        case 2: return "NMI"
        case 3: return "#BP"
        case 4: return "#OF"
        case 5: return "#BR"
        case 6: return "#UD"
        case 7: return "#NM"
        case 8: return "#DF"
        case 9: return "#CSO"
        case 10: return "#TS"
        case 11: return "#NP"
        case 12: return "#SS"
        case 13: return "#GP"
        case 14: return "#PF"
        case 16: return "#MF"
        case 17: return "#AC"
        case 18: return "#MC"
        case 19: return "#XM"
        case 20: return "#VE"
        case 21: return "#CP"
        case 28: return "#HV"
        case 29: return "#VC"
        case 30: return "#SX"
        default: return "#RES"
        }
    }

    var name: StaticString {
        switch vector {
        case 0: return "Divide Error"
        case 1: return "Debug"
        case 2: return "Non-Maskable Interrupt"
        case 3: return "Breakpoint"
        case 4: return "Overflow"
        case 5: return "BOUND Range Exceeded"
        case 6: return "Invalid Opcode"
        case 7: return "Device Not Available"
        case 8: return "Double Fault"
        case 9: return "Coprocessor Segment Overrun"
        case 10: return "Invalid TSS"
        case 11: return "Segment Not Present"
        case 12: return "Stack-Segment Fault"
        case 13: return "General Protection"
        case 14: return "Page Fault"
        case 16: return "x87 Floating-Point Error"
        case 17: return "Alignment Check"
        case 18: return "Machine Check"
        case 19: return "SIMD Floating-Point Exception"
        case 20: return "Virtualization Exception"
        case 21: return "Control Protection"
        case 28: return "Hypervisor Injection"
        case 29: return "VMM Communication"
        case 30: return "Security Exception"
        default: return "Reserved"
        }
    }

    /// Whether the CPU pushes an error code (otherwise the stub pushed 0).
    var hasErrorCode: Bool {
        switch vector {
        case 8, 10, 11, 12, 13, 14, 17, 21, 29, 30: return true
        default: return false
        }
    }
}
