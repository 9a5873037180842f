import CPU

/// Register section of exception and panic reports.
enum RegisterDump {
    static func write(_ f: InterruptFrame, _ w: TextWriter) {
        write(f, w) { address, w in Symbolizer.writeSymbol(address, to: w) }
    }

    /// With the symbol of RIP written by `symbol` (a user task's own symbols).
    static func write(_ f: InterruptFrame, _ w: TextWriter, symbol: (UInt64, TextWriter) -> Void) {
        row(w, "RAX", f.rax, "RBX", f.rbx, "RCX", f.rcx, "RDX", f.rdx)
        row(w, "RSI", f.rsi, "RDI", f.rdi, "RBP", f.rbp, "RSP", f.rsp)
        row(w, "R8 ", f.r8, "R9 ", f.r9, "R10", f.r10, "R11", f.r11)
        row(w, "R12", f.r12, "R13", f.r13, "R14", f.r14, "R15", f.r15)
        w.write("    RIP "); w.hex(f.rip); w.write("  "); symbol(f.rip, w); w.newline()
        w.write("    RFLAGS "); w.hex(f.rflags); writeFlags(f.rflags, w)
        w.write("  CS "); w.hex(f.cs, digits: 4); w.write("  SS "); w.hex(f.ss, digits: 4); w.newline()
        w.write("    CR0 "); w.hex(cpu_read_cr0()); w.write("  CR3 "); w.hex(cpu_read_cr3())
        w.write("  CR4 "); w.hex(cpu_read_cr4()); w.newline()
    }

    /// Registers of the caller of the function that calls this (for `panic()`):
    /// rip/rbp are taken from the caller's frame record so the backtrace starts there.
    @inline(__always)
    static func captureCurrent() -> InterruptFrame {
        var f = InterruptFrame(r15: 0, r14: 0, r13: 0, r12: 0, r11: 0, r10: 0, r9: 0, r8: 0,
                               rbp: 0, rdi: 0, rsi: 0, rdx: 0, rcx: 0, rbx: 0, rax: 0,
                               vector: 0, errorCode: 0, rip: 0, cs: 0x08, rflags: cpu_read_rflags(),
                               rsp: cpu_read_rsp(), ss: 0x10)
        withUnsafeMutablePointer(to: &f) { p in
            p.withMemoryRebound(to: UInt64.self, capacity: 15) { cpu_capture_registers($0) }
        }
        let rbp = cpu_read_rbp()
        if KernelAddressSpace.isReadable(rbp, length: 16) {
            let record = UnsafePointer<UInt64>(bitPattern: UInt(rbp))!
            f.rip = record[1]
            f.rbp = record[0]
        }
        return f
    }

    private static func row(_ w: TextWriter, _ n1: StaticString, _ v1: UInt64, _ n2: StaticString, _ v2: UInt64,
                            _ n3: StaticString, _ v3: UInt64, _ n4: StaticString, _ v4: UInt64) {
        w.write("    "); w.write(n1); w.write(" "); w.hex(v1)
        w.write("  "); w.write(n2); w.write(" "); w.hex(v2)
        w.write("  "); w.write(n3); w.write(" "); w.hex(v3)
        w.write("  "); w.write(n4); w.write(" "); w.hex(v4)
        w.newline()
    }

    private static func writeFlags(_ rflags: UInt64, _ w: TextWriter) {
        w.write(" [")
        var first = true
        func flag(_ bit: UInt64, _ name: StaticString) {
            guard rflags & (1 << bit) != 0 else { return }
            if !first { w.write(" ") }
            w.write(name)
            first = false
        }
        flag(0, "CF"); flag(2, "PF"); flag(4, "AF"); flag(6, "ZF"); flag(7, "SF")
        flag(8, "TF"); flag(9, "IF"); flag(10, "DF"); flag(11, "OF")
        w.write("]")
    }
}
