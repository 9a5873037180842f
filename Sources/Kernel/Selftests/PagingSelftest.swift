import CPU
import Paging

/// Reads the kernel's live page tables back and checks the protections it
/// promised: null page and stack guard pages unmapped, text R+X, rodata and
/// the symbol table R+NX, data/bss RW+NX, heap RW+NX in the low half with
/// bits 60-63 clear (the Swift pointer rule).
enum PagingSelftest {
    @inline(never) static func run() -> Bool {
        guard let mapper = KernelAddressSpace.mapper else { return false }
        var passed = true

        func check(_ name: StaticString, _ address: UInt64, mapped: Bool,
                   writable: Bool = false, executable: Bool = false) {
            let translation = mapper.translate(address)
            let w = KernelLog.begin(.info)
            w.write("paging: "); w.write(name); w.write(" "); w.hex(address)
            var ok = (translation != nil) == mapped
            if let t = translation {
                let isWritable = t.flags.contains(.writable)
                let isExecutable = !t.flags.contains(.noExecute)
                w.write(" -> "); w.hex(t.physicalAddress)
                w.write(isWritable ? " RW" : " R-"); w.write(isExecutable ? "X" : "-")
                ok = ok && isWritable == writable && isExecutable == executable
            } else {
                w.write(" unmapped")
            }
            w.write(ok ? " ok" : " WRONG"); w.newline()
            passed = passed && ok
        }

        check("null page", 0, mapped: false)
        check("null page end", 0xFFF, mapped: false)
        check("text", layout_text_start(), mapped: true, executable: true)
        check("rodata", layout_rodata_start(), mapped: true)
        check("data", layout_data_start(), mapped: true, writable: true)
        check("bss (log ring)", storage_log_ring(), mapped: true, writable: true)
        check("symbol table", layout_ksymtab_start(), mapped: true)
        KernelStacks.forEach { stack in
            check(stack.name, stack.guardPage, mapped: false)
            check(stack.name, stack.top - 8, mapped: true, writable: true)
        }
        check("heap", KernelHeap.base, mapped: true, writable: true)
        check("RAM above the kernel", alignUp(layout_kernel_end(), 0x20_0000) + 0x20_0000, mapped: true, writable: true)
        return passed && KernelHeap.base >> 60 == 0
    }
}
