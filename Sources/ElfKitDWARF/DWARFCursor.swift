// A forward reader over one DWARF section (or a slice of one).
//
// gimli-style: a few primitives (fixed-size integers in the file's byte
// order, LEB128, C strings, skips) on an unowned buffer. Reads past the end
// never trap and never leave the buffer: they return 0, park the cursor at
// the end and set `failed`, which callers check at structure boundaries
// (a unit, a line program, an abbreviation table) instead of after every
// byte. That keeps the DIE walk, the hot loop of the symbolizer, branch-light.

#if canImport(Glibc)
import Glibc
#endif

struct DWARFCursor {
    let base: UnsafeRawPointer?
    /// Reads stop here (an end inside the buffer bounds a unit or a program).
    let end: Int
    var offset: Int
    let bigEndian: Bool
    var failed = false

    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0, end: Int? = nil, bigEndian: Bool = false) {
        self.base = bytes.baseAddress
        let limit = bytes.count
        self.end = min(end ?? limit, limit)
        self.offset = min(max(offset, 0), self.end)
        self.bigEndian = bigEndian
        if offset > self.end || offset < 0 { failed = true }
    }

    var remaining: Int { end - offset }
    var isAtEnd: Bool { offset >= end }

    @inline(__always) mutating func fail() {
        failed = true
        offset = end
    }

    @inline(__always) mutating func u8() -> UInt8 {
        guard offset < end, let base else { fail(); return 0 }
        let v = base.load(fromByteOffset: offset, as: UInt8.self)
        offset += 1
        return v
    }

    @inline(__always) mutating func fixed<T: FixedWidthInteger>(_: T.Type) -> T {
        let n = MemoryLayout<T>.size
        guard end - offset >= n, let base else { fail(); return 0 }
        let raw = base.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += n
        return bigEndian ? T(bigEndian: raw) : T(littleEndian: raw)
    }

    @inline(__always) mutating func u16() -> UInt16 { fixed(UInt16.self) }
    @inline(__always) mutating func u32() -> UInt32 { fixed(UInt32.self) }
    @inline(__always) mutating func u64() -> UInt64 { fixed(UInt64.self) }

    /// A 3-byte unsigned integer (DW_FORM_strx3 / addrx3).
    mutating func u24() -> UInt64 {
        let a = UInt64(u8()), b = UInt64(u8()), c = UInt64(u8())
        return bigEndian ? (a << 16 | b << 8 | c) : (a | b << 8 | c << 16)
    }

    /// An unsigned integer of `size` bytes (1, 2, 4 or 8; anything else fails).
    @inline(__always) mutating func unsigned(size: Int) -> UInt64 {
        switch size {
        case 1: return UInt64(u8())
        case 2: return UInt64(u16())
        case 4: return UInt64(u32())
        case 8: return u64()
        case 3: return u24()
        default: fail(); return 0
        }
    }

    /// An offset of the unit's DWARF format (4 bytes in 32-bit DWARF, 8 in 64-bit).
    @inline(__always) mutating func offset(size: Int) -> UInt64 {
        size == 8 ? u64() : UInt64(u32())
    }

    /// ULEB128 (DWARF 5 §7.6). Bits beyond 64 are dropped, as LLVM does.
    @inline(__always) mutating func uleb() -> UInt64 {
        guard let base else { fail(); return 0 }
        // Fast path: one byte.
        if offset < end {
            let b = base.load(fromByteOffset: offset, as: UInt8.self)
            if b & 0x80 == 0 { offset += 1; return UInt64(b) }
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < end {
            let b = base.load(fromByteOffset: offset, as: UInt8.self)
            offset += 1
            if shift < 64 { result |= UInt64(b & 0x7f) &<< shift }
            if b & 0x80 == 0 { return result }
            shift += 7
        }
        fail()
        return result
    }

    /// SLEB128 (DWARF 5 §7.6).
    mutating func sleb() -> Int64 {
        guard let base else { fail(); return 0 }
        var result: Int64 = 0
        var shift: Int64 = 0
        var byte: UInt8 = 0x80
        while offset < end {
            byte = base.load(fromByteOffset: offset, as: UInt8.self)
            offset += 1
            if shift < 64 { result |= Int64(byte & 0x7f) &<< shift }
            shift += 7
            if byte & 0x80 == 0 {
                if shift < 64 && byte & 0x40 != 0 { result |= -1 &<< shift }
                return result
            }
        }
        fail()
        return result
    }

    /// Skips a LEB128 without decoding it.
    @inline(__always) mutating func skipLEB() {
        guard let base else { fail(); return }
        while offset < end {
            let b = base.load(fromByteOffset: offset, as: UInt8.self)
            offset += 1
            if b & 0x80 == 0 { return }
        }
        fail()
    }

    @inline(__always) mutating func skip(_ n: Int) {
        guard n >= 0, n <= end - offset else { fail(); return }
        offset += n
    }

    mutating func skip(_ n: UInt64) {
        guard n <= UInt64(end - offset) else { fail(); return }
        offset += Int(n)
    }

    /// Skips a NUL-terminated string and returns its start offset.
    @inline(__always) mutating func skipCString() -> Int {
        let start = offset
        guard let base, offset < end else { fail(); return start }
        guard let nul = memchr(base + offset, 0, end - offset) else { fail(); return start }
        offset = (UnsafeRawPointer(nul) - base) + 1
        return start
    }

    /// Reads a DWARF initial length (§7.4): 32-bit, or 0xffffffff then 64-bit.
    /// Returns the length and the offset size of the format (4 or 8).
    mutating func initialLength() -> (length: UInt64, offsetSize: Int) {
        let l = u32()
        if l == 0xffff_ffff { return (u64(), 8) }
        if l >= 0xffff_fff0 { fail(); return (0, 4) }
        return (UInt64(l), 4)
    }
}

/// A NUL-terminated string inside a section that outlives every use (no copy).
/// The pointer addresses the first byte; `count` excludes the NUL.
struct DWARFString: Equatable {
    var start: UnsafeRawPointer?
    var count: Int

    static var empty: DWARFString { DWARFString(start: nil, count: 0) }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start, count: count) }
    var isEmpty: Bool { count == 0 }

    static func == (a: DWARFString, b: DWARFString) -> Bool {
        a.count == b.count && (a.count == 0 || memcmp(a.start!, b.start!, a.count) == 0)
    }

    /// The string at `offset` in `section`, or nil if it is outside or unterminated.
    static func at(_ offset: UInt64, in section: UnsafeRawBufferPointer) -> DWARFString? {
        guard offset < UInt64(section.count), let base = section.baseAddress else { return nil }
        let start = base + Int(offset)
        guard let nul = memchr(start, 0, section.count - Int(offset)) else { return nil }
        return DWARFString(start: start, count: UnsafeRawPointer(nul) - start)
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
