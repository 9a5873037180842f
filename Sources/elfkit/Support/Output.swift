// A byte buffer for standard output, written with write(2) in large chunks.
//
// The table printers format every field by hand into this buffer (hex,
// decimal, padding) instead of building Strings: `elfkit symbols` prints
// hundreds of thousands of lines, and one String per field would cost more
// than reading the file. Nothing here allocates per line; the buffer grows
// only if a single item (a very long symbol name) does not fit.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

final class Output {
    /// The mutable state lives behind a pointer: stored `var`s of a class
    /// would pay a dynamic exclusivity check on every byte written, which
    /// was the largest cost of `elfkit symbols` before this.
    private struct State {
        var storage: UnsafeMutablePointer<UInt8>
        var capacity: Int
        var count: Int
        var streaming: Bool
    }

    private let state: UnsafeMutablePointer<State>
    private let fd: Int32

    var count: Int { state.pointee.count }

    /// Whether `flushIfFull()` may write before `flush()`. Commands that can
    /// still fail after they started formatting keep it off, so a failure
    /// leaves stdout empty.
    var streaming: Bool {
        get { state.pointee.streaming }
        set { state.pointee.streaming = newValue }
    }

    init(fd: Int32 = 1, capacity: Int = 1 << 20) {
        self.fd = fd
        state = .allocate(capacity: 1)
        state.initialize(to: State(storage: .allocate(capacity: capacity), capacity: capacity, count: 0,
                                   streaming: false))
    }

    deinit {
        state.pointee.storage.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    // MARK: Writing to the file descriptor

    /// Writes the buffered bytes when more than half the buffer is in use (streaming only).
    @inline(__always)
    func flushIfFull() {
        if state.pointee.streaming && state.pointee.count >= state.pointee.capacity / 2 { flush() }
    }

    /// Writes everything buffered so far.
    func flush() {
        var offset = 0
        let storage = state.pointee.storage
        let count = state.pointee.count
        while offset < count {
            let n = write(fd, storage + offset, count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                // The reader went away (`elfkit symbols x | head`): not our failure.
                if errno == EPIPE { exit(0) }
                Failure.exit(file: "stdout", "cannot write: " + String(cString: strerror(errno)))
            }
            offset += n
        }
        state.pointee.count = 0
    }

    /// Makes room for `n` more bytes (flushing when streaming, else growing)
    /// and returns where they go; `commit(_:)` then counts them.
    @inline(__always)
    func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        if state.pointee.count + n > state.pointee.capacity { grow(n) }
        return state.pointee.storage + state.pointee.count
    }

    @inline(__always)
    func commit(_ n: Int) { state.pointee.count += n }

    @inline(never)
    private func grow(_ n: Int) {
        if state.pointee.streaming { flush() }
        let count = state.pointee.count
        var capacity = state.pointee.capacity
        if count + n <= capacity { return }
        while capacity < count + n { capacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        bigger.update(from: state.pointee.storage, count: count)
        state.pointee.storage.deallocate()
        state.pointee.storage = bigger
        state.pointee.capacity = capacity
    }

    /// The bytes buffered so far (valid until the next write).
    var contents: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: state.pointee.storage, count: count) }

    // MARK: Text

    @inline(__always)
    func byte(_ b: UInt8) {
        reserve(1).pointee = b
        commit(1)
    }

    func newline() { byte(0x0a) }

    func bytes(_ b: UnsafeRawBufferPointer) {
        guard let base = b.baseAddress, b.count > 0 else { return }
        reserve(b.count).update(from: base.assumingMemoryBound(to: UInt8.self), count: b.count)
        commit(b.count)
    }

    func text(_ s: StaticString) {
        if s.hasPointerRepresentation {
            bytes(UnsafeRawBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
        } else {
            text(s.description)
        }
    }

    func text(_ s: String) {
        var s = s
        s.withUTF8 { bytes(UnsafeRawBufferPointer($0)) }
    }

    /// `s` left-aligned in a field of `width` (like %-Ns: never truncated).
    func text(_ s: StaticString, left width: Int) {
        text(s)
        spaces(width - s.utf8CodeUnitCount)
    }

    func text(_ s: String, left width: Int) {
        text(s)
        spaces(width - s.utf8.count)
    }

    /// `s` right-aligned in a field of `width` (like %Ns).
    func text(_ s: String, right width: Int) {
        spaces(width - s.utf8.count)
        text(s)
    }

    func spaces(_ n: Int) {
        guard n > 0 else { return }
        reserve(n).initialize(repeating: 0x20, count: n)
        commit(n)
    }

    // MARK: Numbers

    private static let hexDigits: StaticString = "0123456789abcdef"

    /// The number of hex digits `v` needs (at least 1).
    @inline(__always)
    static func hexDigitCount(_ v: UInt64) -> Int {
        v == 0 ? 1 : (64 - v.leadingZeroBitCount + 3) / 4
    }

    /// Lowercase hex, zero-padded to at least `width` digits (like %0Nlx).
    @inline(__always)
    func hex(_ v: UInt64, width: Int = 1) {
        let digits = max(width, Output.hexDigitCount(v))
        let p = reserve(digits)
        let table = Output.hexDigits.utf8Start
        var value = v
        var i = digits - 1
        while i >= 0 {
            p[i] = table[Int(value & 0xf)]
            value >>= 4
            i -= 1
        }
        commit(digits)
    }

    /// "0x" and lowercase hex, like %#lx except that 0 is "0x0".
    func prefixedHex(_ v: UInt64, width: Int = 1) {
        byte(0x30); byte(0x78)
        hex(v, width: width)
    }

    /// Like C's %#lx: "0" for zero, "0x…" otherwise.
    func alternateHex(_ v: UInt64) {
        if v == 0 { byte(0x30) } else { prefixedHex(v) }
    }

    @inline(__always)
    static func decimalDigitCount(_ v: UInt64) -> Int {
        var n = 1
        var x = v
        while x >= 10 { x /= 10; n += 1 }
        return n
    }

    /// Decimal, right-aligned with spaces in `width` columns (like %Nlu).
    @inline(__always)
    func decimal(_ v: UInt64, width: Int = 0) {
        let digits = Output.decimalDigitCount(v)
        let pad = width > digits ? width - digits : 0
        let p = reserve(pad + digits)
        if pad > 0 { p.initialize(repeating: 0x20, count: pad) }
        var value = v
        var i = pad + digits - 1
        while i >= pad {
            p[i] = UInt8(truncatingIfNeeded: 0x30 &+ value % 10)
            value /= 10
            i -= 1
        }
        commit(pad + digits)
    }

    func decimal(_ v: Int, width: Int = 0) {
        if v < 0 {
            let digits = Output.decimalDigitCount(UInt64(v.magnitude)) + 1
            spaces(width - digits)
            byte(0x2d)
            decimal(UInt64(v.magnitude))
        } else {
            decimal(UInt64(v), width: width)
        }
    }

    /// Decimal, zero-padded to `width` digits (like %0Nd).
    func decimal(_ v: UInt64, width: Int, zeroPadded: Bool) {
        guard zeroPadded else { return decimal(v, width: width) }
        let digits = Output.decimalDigitCount(v)
        for _ in 0..<max(0, width - digits) { byte(0x30) }
        decimal(v)
    }

    /// Decimal, left-aligned with spaces in `width` columns (like %-Nu).
    func decimalLeft(_ v: UInt64, width: Int) {
        decimal(v)
        spaces(width - Output.decimalDigitCount(v))
    }
}
