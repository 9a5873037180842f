import CPtrace
import GDBStub
import Glibc

extension TracedProcess {
    func generalRegisters(_ tid: pid_t) throws(SystemError) -> user_regs_struct {
        if let cached = threads[tid]?.general { return cached }
        let regs = try Ptrace.getRegisters(tid)
        threads[tid]?.general = regs
        return regs
    }

    func setGeneralRegisters(_ tid: pid_t, _ regs: user_regs_struct) throws(SystemError) {
        try Ptrace.setRegisters(tid, regs)
        threads[tid]?.general = regs
    }

    func floatingRegisters(_ tid: pid_t) throws(SystemError) -> user_fpregs_struct {
        if let cached = threads[tid]?.floating { return cached }
        let regs = try Ptrace.getFPRegisters(tid)
        threads[tid]?.floating = regs
        return regs
    }

    /// Registers of `tid` (general ones only unless `floating`).
    func registerFile(_ tid: pid_t, floating: Bool) throws(SystemError) -> AMD64RegisterFile {
        AMD64RegisterFile(general: try generalRegisters(tid),
                          floating: floating ? try floatingRegisters(tid) : user_fpregs_struct())
    }

    func store(_ file: AMD64RegisterFile, _ tid: pid_t, floating: Bool) throws(SystemError) {
        try setGeneralRegisters(tid, file.general)
        if floating {
            try Ptrace.setFPRegisters(tid, file.floating)
            threads[tid]?.floating = file.floating
        }
    }

    // MARK: Memory

    /// Reads with process_vm_readv, falling back to /proc/PID/mem (pages
    /// the process cannot read itself, e.g. PROT_NONE); breakpoints show
    /// their original bytes.
    public func readMemory(at address: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard !hasEnded, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var n = keel_vm_read(pid, base, buffer.count, address)
        if n <= 0 && memoryFile >= 0 {
            n = pread(memoryFile, base, buffer.count, off_t(Int64(bitPattern: address)))
        }
        guard n > 0 else { return 0 }
        if !breakpoints.isEmpty {
            let end = address &+ UInt64(n)
            for (bp, original) in breakpoints where bp >= address && bp < end {
                buffer[Int(bp - address)] = original
            }
        }
        return n
    }

    /// Writes through /proc/PID/mem (which may write read-only text, as
    /// breakpoints need), falling back to process_vm_writev.
    func writeRaw(at address: UInt64, _ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { writeRaw(at: address, $0) }
    }

    func writeRaw(at address: UInt64, _ bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
        if memoryFile >= 0 {
            let n = pwrite(memoryFile, base, bytes.count, off_t(Int64(bitPattern: address)))
            if n > 0 { return n }
        }
        return max(0, keel_vm_write(pid, base, bytes.count, address))
    }

    /// A debugger write: where it covers an int3 of ours, the new byte
    /// becomes the saved original and the int3 stays.
    public func writeMemory(at address: UInt64, from bytes: UnsafeRawBufferPointer) -> Int {
        guard !hasEnded else { return 0 }
        let n = writeRaw(at: address, bytes)
        if n > 0 && !breakpoints.isEmpty {
            let end = address &+ UInt64(n)
            for (bp, _) in breakpoints where bp >= address && bp < end {
                breakpoints[bp] = bytes[Int(bp - address)]
                _ = writeRaw(at: bp, [0xcc])
            }
        }
        return n
    }

    // MARK: Breakpoints

    public func insertBreakpoint(at address: UInt64) -> Bool {
        if breakpoints[address] != nil { return true }
        var original: UInt8 = 0
        let n = withUnsafeMutableBytes(of: &original) { readMemory(at: address, into: $0) }
        guard n == 1, writeRaw(at: address, [0xcc]) == 1 else { return false }
        breakpoints[address] = original
        return true
    }

    public func removeBreakpoint(at address: UInt64) -> Bool {
        guard let original = breakpoints.removeValue(forKey: address) else { return false }
        return writeRaw(at: address, [original]) == 1
    }

    // MARK: Threads

    func threadName(_ tid: pid_t) -> String? {
        guard var name = ProcFiles.text("/proc/\(pid)/task/\(tid)/comm") else { return nil }
        while name.last == "\n" { name.removeLast() }
        return name
    }
}
