import CPtrace
import Glibc

/// One thread's registers as ptrace gives them (PTRACE_GETREGS and
/// PTRACE_GETFPREGS), read and written in gdb's amd64-linux numbering:
/// 0-15 rax..r15, 16 rip, 17 eflags, 18-23 cs ss ds es fs gs, 24-31
/// st0-st7, 32-39 fctrl fstat ftag fiseg fioff foseg fooff fop, 40-55
/// xmm0-xmm15, 56 mxcsr, 57 orig_rax, 58 fs_base, 59 gs_base. The order
/// and sizes match `AMD64LinuxDescription`.
public struct AMD64RegisterFile {
    public var general: user_regs_struct
    public var floating: user_fpregs_struct

    public static let count = 60

    /// Byte size of register `n` in the `g` packet.
    public static func size(of n: Int) -> Int {
        switch n {
        case 0...16: return 8
        case 17...23: return 4
        case 24...31: return 10
        case 32...39: return 4
        case 40...55: return 16
        case 56: return 4
        case 57...59: return 8
        default: return 0
        }
    }

    /// The total size of a `g` reply (560 bytes).
    public static let totalSize: Int = (0..<count).reduce(0) { $0 + size(of: $1) }

    public init(general: user_regs_struct, floating: user_fpregs_struct) {
        self.general = general
        self.floating = floating
    }

    /// The general register `n` (0-23, 57-59) as a 64-bit value.
    public func generalValue(_ n: Int) -> UInt64? {
        let g = general
        switch n {
        case 0: return g.rax
        case 1: return g.rbx
        case 2: return g.rcx
        case 3: return g.rdx
        case 4: return g.rsi
        case 5: return g.rdi
        case 6: return g.rbp
        case 7: return g.rsp
        case 8: return g.r8
        case 9: return g.r9
        case 10: return g.r10
        case 11: return g.r11
        case 12: return g.r12
        case 13: return g.r13
        case 14: return g.r14
        case 15: return g.r15
        case 16: return g.rip
        case 17: return g.eflags
        case 18: return g.cs
        case 19: return g.ss
        case 20: return g.ds
        case 21: return g.es
        case 22: return g.fs
        case 23: return g.gs
        case 57: return g.orig_rax
        case 58: return g.fs_base
        case 59: return g.gs_base
        default: return nil
        }
    }

    mutating func setGeneral(_ n: Int, _ v: UInt64) {
        switch n {
        case 0: general.rax = v
        case 1: general.rbx = v
        case 2: general.rcx = v
        case 3: general.rdx = v
        case 4: general.rsi = v
        case 5: general.rdi = v
        case 6: general.rbp = v
        case 7: general.rsp = v
        case 8: general.r8 = v
        case 9: general.r9 = v
        case 10: general.r10 = v
        case 11: general.r11 = v
        case 12: general.r12 = v
        case 13: general.r13 = v
        case 14: general.r14 = v
        case 15: general.r15 = v
        case 16: general.rip = v
        case 17: general.eflags = v
        case 18: general.cs = v
        case 19: general.ss = v
        case 20: general.ds = v
        case 21: general.es = v
        case 22: general.fs = v
        case 23: general.gs = v
        case 57: general.orig_rax = v
        case 58: general.fs_base = v
        case 59: general.gs_base = v
        default: break
        }
    }

    /// Copies register `n`'s bytes (little-endian) into `buffer`; returns the count.
    public func read(_ n: Int, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let size = Self.size(of: n)
        guard size > 0, buffer.count >= size else { return 0 }
        if let value = generalValue(n) {
            withUnsafeBytes(of: value.littleEndian) { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<size])) }
            return size
        }
        var fp = floating
        withUnsafeBytes(of: &fp) { raw in
            switch n {
            case 24...31:
                let base = MemoryLayout<user_fpregs_struct>.offset(of: \.st_space)! + (n - 24) * 16
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[base..<(base + 10)]))
            case 40...55:
                let base = MemoryLayout<user_fpregs_struct>.offset(of: \.xmm_space)! + (n - 40) * 16
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[base..<(base + 16)]))
            default:
                let value = controlValue(n)
                withUnsafeBytes(of: value.littleEndian) { buffer.copyMemory(from: $0) }
            }
        }
        return size
    }

    /// x87 control registers as gdb's i387 numbering has them (the FXSAVE
    /// image keeps an abridged tag word and 64-bit instruction/operand pointers).
    func controlValue(_ n: Int) -> UInt32 {
        let f = floating
        switch n {
        case 32: return UInt32(f.cwd)
        case 33: return UInt32(f.swd)
        case 34: return UInt32(fullTagWord())
        case 35: return UInt32(truncatingIfNeeded: f.rip >> 32)
        case 36: return UInt32(truncatingIfNeeded: f.rip)
        case 37: return UInt32(truncatingIfNeeded: f.rdp >> 32)
        case 38: return UInt32(truncatingIfNeeded: f.rdp)
        case 39: return UInt32(f.fop)
        case 56: return f.mxcsr
        default: return 0
        }
    }

    /// The i387 tag word from FXSAVE's abridged one: empty (3) where the
    /// bit is clear, else valid (0), zero (1) or special (2) from the value
    /// (Intel SDM vol. 1, 10.5.1.1 "x87 State").
    func fullTagWord() -> UInt16 {
        var fp = floating
        let abridged = UInt16(fp.ftw)
        let top = Int((fp.swd >> 11) & 7)
        var tags: UInt16 = 0
        withUnsafeBytes(of: &fp) { raw in
            let base = MemoryLayout<user_fpregs_struct>.offset(of: \.st_space)!
            for physical in 0..<8 {
                var tag: UInt16 = 3
                if abridged & (1 << physical) != 0 {
                    // st(i) is physical register (top + i) % 8, stored as st_space[i].
                    let st = (physical - top + 8) % 8
                    let p = base + st * 16
                    var mantissa: UInt64 = 0
                    for i in 0..<8 { mantissa |= UInt64(raw[p + i]) << (8 * UInt64(i)) }
                    let exponent = (UInt16(raw[p + 8]) | UInt16(raw[p + 9]) << 8) & 0x7fff
                    if exponent == 0x7fff {
                        tag = 2
                    } else if exponent == 0 {
                        tag = mantissa == 0 ? 1 : 2
                    } else {
                        tag = mantissa >> 63 == 1 ? 0 : 2
                    }
                }
                tags |= tag << (2 * UInt16(physical))
            }
        }
        return tags
    }

    /// Sets register `n` from `bytes` (at least its size, little-endian).
    public mutating func write(_ n: Int, from bytes: UnsafeRawBufferPointer) -> Bool {
        let size = Self.size(of: n)
        guard size > 0, bytes.count >= size else { return false }
        var value: UInt64 = 0
        for i in 0..<min(size, 8) { value |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        if generalValue(n) != nil {
            setGeneral(n, value)
            return true
        }
        withUnsafeMutableBytes(of: &floating) { raw in
            switch n {
            case 24...31:
                let base = MemoryLayout<user_fpregs_struct>.offset(of: \.st_space)! + (n - 24) * 16
                UnsafeMutableRawBufferPointer(rebasing: raw[base..<(base + 10)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<10]))
            case 40...55:
                let base = MemoryLayout<user_fpregs_struct>.offset(of: \.xmm_space)! + (n - 40) * 16
                UnsafeMutableRawBufferPointer(rebasing: raw[base..<(base + 16)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<16]))
            default: break
            }
        }
        let v32 = UInt32(truncatingIfNeeded: value)
        switch n {
        case 32: floating.cwd = UInt16(truncatingIfNeeded: v32)
        case 33: floating.swd = UInt16(truncatingIfNeeded: v32)
        case 34:
            // Back to the abridged form: a bit per register that is not empty.
            var abridged: UInt16 = 0
            for i in 0..<8 where (v32 >> (2 * UInt32(i))) & 3 != 3 { abridged |= 1 << UInt16(i) }
            floating.ftw = abridged
        case 35: floating.rip = floating.rip & 0xffff_ffff | UInt64(v32) << 32
        case 36: floating.rip = floating.rip & ~0xffff_ffff | UInt64(v32)
        case 37: floating.rdp = floating.rdp & 0xffff_ffff | UInt64(v32) << 32
        case 38: floating.rdp = floating.rdp & ~0xffff_ffff | UInt64(v32)
        case 39: floating.fop = UInt16(truncatingIfNeeded: v32)
        case 56: floating.mxcsr = v32
        default: break
        }
        return true
    }
}
