import CPU

/// The register file the stub shows gdb: the layout of QEMU's own x86_64
/// gdbstub (gdb's i386-64bit feature: general registers, rip, eflags,
/// segments, fs/gs/k_gs bases, cr0/2/3/4/8, efer, x87, SSE), so gdb shows the
/// same registers through either stub. Then orig_rax (gdb's i386.linux
/// feature): the number of the system call a task stopped in, which gdb
/// needs before it allows `catch syscall`. 67 registers, 616 bytes in `g`.
enum RegisterLayout {
    static let count = 67
    static let totalSize = 616
    static let rip = 16

    /// Byte offset and size of register `n` in the `g` packet.
    static func slot(_ n: Int) -> (offset: Int, size: Int)? {
        switch n {
        case 0..<16: return (n * 8, 8)
        case 16: return (128, 8)
        case 17: return (136, 4)
        case 18..<24: return (140 + (n - 18) * 4, 4)
        case 24..<27: return (164 + (n - 24) * 8, 8)
        case 27..<33: return (188 + (n - 27) * 8, 8)
        case 33..<41: return (236 + (n - 33) * 10, 10)
        case 41..<49: return (316 + (n - 41) * 4, 4)
        case 49..<65: return (348 + (n - 49) * 16, 16)
        case 65: return (604, 4)
        case 66: return (608, 8)
        default: return nil
        }
    }

    /// Writes register `n` of `context` into `out` (little-endian, its size).
    static func read(_ n: Int, _ context: TrapContext, into out: UnsafeMutableRawBufferPointer) {
        guard let (_, size) = slot(n), out.count >= size else { return }
        func put(_ v: UInt64) { for i in 0..<size { out[i] = i < 8 ? UInt8(truncatingIfNeeded: v >> UInt64(8 * i)) : 0 } }
        let fx = context.fpu
        switch n {
        case 0..<16: put(context.general(n))
        case 16: put(context.frame.pointee.rip)
        case 17: put(context.frame.pointee.rflags)
        case 18: put(context.frame.pointee.cs)
        case 19: put(context.frame.pointee.ss)
        case 20: put(UInt64(cpu_read_ds()))
        case 21: put(UInt64(cpu_read_es()))
        case 22: put(UInt64(cpu_read_fs()))
        case 23: put(UInt64(cpu_read_gs()))
        case 24: put(cpu_rdmsr(0xC000_0100))
        case 25: put(cpu_rdmsr(0xC000_0101))
        case 26: put(cpu_rdmsr(0xC000_0102))
        case 27: put(cpu_read_cr0())
        case 28: put(cpu_read_cr2())
        case 29: put(cpu_read_cr3())
        case 30: put(cpu_read_cr4())
        case 31: put(cpu_read_cr8())
        case 32: put(cpu_rdmsr(0xC000_0080))
        case 33..<41:                                   // st0-7: 10 of the 16 bytes at 32 + 16i
            out.copyMemory(from: UnsafeRawBufferPointer(start: fx + 32 + (n - 33) * 16, count: 10))
        case 41..<49: put(fpuControl(n - 41, fx))
        case 49..<65:
            out.copyMemory(from: UnsafeRawBufferPointer(start: fx + 160 + (n - 49) * 16, count: 16))
        case 65: put(UInt64(fx.load(fromByteOffset: 24, as: UInt32.self)))
        default: put(context.systemCall)
        }
    }

    /// Sets register `n` from `bytes`. Returns false for registers the stub
    /// does not let gdb change (segments, bases, control registers, efer):
    /// the kernel's own invariants depend on them.
    static func write(_ n: Int, _ context: TrapContext, from bytes: UnsafeRawBufferPointer) -> Bool {
        guard let (_, size) = slot(n), bytes.count >= size else { return false }
        var v: UInt64 = 0
        for i in 0..<min(size, 8) { v |= UInt64(bytes[i]) << UInt64(8 * i) }
        let fx = context.fpu
        switch n {
        case 0..<16: context.setGeneral(n, v)
        case 16: context.frame.pointee.rip = v
        // Only the arithmetic, direction, trap and interrupt flags: IOPL and
        // the reserved bits would fault on iretq.
        case 17: context.frame.pointee.rflags = (context.frame.pointee.rflags & ~0xFD5) | (v & 0xFD5) | 2
        case 33..<41: UnsafeMutableRawPointer(fx + 32 + (n - 33) * 16).copyMemory(from: bytes.baseAddress!, byteCount: 10)
        case 41..<49: setFPUControl(n - 41, UInt32(truncatingIfNeeded: v), fx)
        case 49..<65: UnsafeMutableRawPointer(fx + 160 + (n - 49) * 16).copyMemory(from: bytes.baseAddress!, byteCount: 16)
        case 65: fx.storeBytes(of: UInt32(truncatingIfNeeded: v) & 0xFFFF, toByteOffset: 24, as: UInt32.self)
        // gdb writes -1 here whenever it sets the pc (so Linux would not restart a call); nothing to do.
        case 66: break
        default: return false
        }
        return true
    }

    /// fctrl, fstat, ftag, fiseg, fioff, foseg, fooff, fop from the fxsave64
    /// area (SDM Vol. 1 Table 10-2); gdb's amd64 layout puts the upper
    /// halves of FIP/FDP in fiseg/foseg. The abridged tag (1 bit per
    /// register) is widened to the full tag word: valid (00) or empty (11).
    private static func fpuControl(_ i: Int, _ fx: UnsafeMutableRawPointer) -> UInt64 {
        switch i {
        case 0: return UInt64(fx.load(fromByteOffset: 0, as: UInt16.self))
        case 1: return UInt64(fx.load(fromByteOffset: 2, as: UInt16.self))
        case 2:
            let abridged = fx.load(fromByteOffset: 4, as: UInt8.self)
            var full: UInt64 = 0
            for r in 0..<8 where abridged & (1 << UInt8(r)) == 0 { full |= 3 << UInt64(2 * r) }
            return full
        case 3: return UInt64(fx.load(fromByteOffset: 12, as: UInt32.self))
        case 4: return UInt64(fx.load(fromByteOffset: 8, as: UInt32.self))
        case 5: return UInt64(fx.load(fromByteOffset: 20, as: UInt32.self))
        case 6: return UInt64(fx.load(fromByteOffset: 16, as: UInt32.self))
        default: return UInt64(fx.load(fromByteOffset: 6, as: UInt16.self))
        }
    }

    private static func setFPUControl(_ i: Int, _ v: UInt32, _ fx: UnsafeMutableRawPointer) {
        switch i {
        case 0: fx.storeBytes(of: UInt16(truncatingIfNeeded: v), toByteOffset: 0, as: UInt16.self)
        case 1: fx.storeBytes(of: UInt16(truncatingIfNeeded: v), toByteOffset: 2, as: UInt16.self)
        case 2:
            var abridged: UInt8 = 0
            for r in 0..<8 where (v >> UInt32(2 * r)) & 3 != 3 { abridged |= 1 << UInt8(r) }
            fx.storeBytes(of: abridged, toByteOffset: 4, as: UInt8.self)
        case 3: fx.storeBytes(of: v, toByteOffset: 12, as: UInt32.self)
        case 4: fx.storeBytes(of: v, toByteOffset: 8, as: UInt32.self)
        case 5: fx.storeBytes(of: v, toByteOffset: 20, as: UInt32.self)
        case 6: fx.storeBytes(of: v, toByteOffset: 16, as: UInt32.self)
        default: fx.storeBytes(of: UInt16(truncatingIfNeeded: v), toByteOffset: 6, as: UInt16.self)
        }
    }
}
