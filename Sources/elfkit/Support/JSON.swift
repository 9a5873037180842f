// A streaming JSON writer over Output, for `--json`.
//
// Schema conventions (docs/elfkit.md): keys are camelCase; every number is
// a JSON number; where readelf shows a value in hex, the object also has
// the same key with a "Hex" suffix holding "0x…" (lowercase, no padding).
// 64-bit values above 2^53 are still written as exact integers;
// consumers that need them exactly should read the "Hex" string.

final class JSONWriter {
    let out: Output

    /// Nesting state behind a pointer (no exclusivity checks per value):
    /// bit d of `members` says whether the container at depth d has a member.
    private struct State {
        var depth = 0
        var members: UInt64 = 0
        /// Set between a key and its value, which needs no comma.
        var afterKey = false
    }

    private let state: UnsafeMutablePointer<State>

    init(_ out: Output) {
        self.out = out
        state = .allocate(capacity: 1)
        state.initialize(to: State())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    @inline(__always)
    private func separate() {
        if state.pointee.afterKey { state.pointee.afterKey = false; return }
        let d = state.pointee.depth
        guard d > 0 else { return }
        let bit: UInt64 = 1 << UInt64((d - 1) & 63)
        if state.pointee.members & bit != 0 { out.byte(0x2c) }
        state.pointee.members |= bit
    }

    private func push() {
        state.pointee.depth += 1
        state.pointee.members &= ~(1 << UInt64((state.pointee.depth - 1) & 63))
    }

    /// Starts the next array element on a new line (after its comma), so a
    /// long array has one element per line.
    func nextElementOnNewLine() {
        separate()
        out.newline()
        state.pointee.afterKey = true
    }

    func beginObject() { separate(); out.byte(0x7b); push() }
    func endObject() { state.pointee.depth -= 1; out.byte(0x7d) }
    func beginArray() { separate(); out.byte(0x5b); push() }
    func endArray() { state.pointee.depth -= 1; out.byte(0x5d) }

    /// Writes `"key":` and leaves the value to the next call.
    func key(_ k: StaticString) {
        separate()
        out.byte(0x22); out.text(k); out.byte(0x22); out.byte(0x3a)
        state.pointee.afterKey = true
    }

    func number(_ v: UInt64) { beginValue(); out.decimal(v) }
    func number(_ v: Int) { beginValue(); out.decimal(v) }
    func bool(_ v: Bool) { beginValue(); out.text(v ? "true" : "false") }
    func null() { beginValue(); out.text("null") }

    func hexString(_ v: UInt64) {
        beginValue()
        out.byte(0x22); out.prefixedHex(v); out.byte(0x22)
    }

    func string(_ s: StaticString) {
        beginValue()
        out.byte(0x22); out.text(s); out.byte(0x22)  // static strings here need no escaping
    }

    func string(_ s: String) {
        var s = s
        s.withUTF8 { string(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// A string from raw file bytes: escaped, and invalid UTF-8 replaced by U+FFFD.
    func string(bytes: UnsafeRawBufferPointer) {
        beginValue()
        out.byte(0x22)
        var high: UInt8 = 0
        for b in bytes { high |= b }
        if high < 0x80 {
            escape(bytes)
        } else {
            var repaired = String(decoding: bytes, as: UTF8.self)
            repaired.withUTF8 { escape(UnsafeRawBufferPointer($0)) }
        }
        out.byte(0x22)
    }

    private func escape(_ bytes: UnsafeRawBufferPointer) {
        var special: UInt8 = 0
        for b in bytes { special |= (b < 0x20 ? 1 : 0) | (b == 0x22 ? 1 : 0) | (b == 0x5c ? 1 : 0) }
        if special == 0 { out.bytes(bytes); return }
        var start = 0
        for (i, b) in bytes.enumerated() where b < 0x20 || b == 0x22 || b == 0x5c {
            out.bytes(UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
            out.byte(0x5c)
            switch b {
            case 0x22: out.byte(0x22)
            case 0x5c: out.byte(0x5c)
            case 0x0a: out.byte(0x6e)
            case 0x09: out.byte(0x74)
            case 0x0d: out.byte(0x72)
            default:
                out.text("u00")
                out.hex(UInt64(b), width: 2)
            }
            start = i + 1
        }
        out.bytes(UnsafeRawBufferPointer(rebasing: bytes[start..<bytes.count]))
    }

    private func beginValue() { separate() }

    /// A string whose body `write` produces directly (it must need no escaping).
    func raw(_ write: (Output) -> Void) {
        beginValue()
        out.byte(0x22); write(out); out.byte(0x22)
    }

    // Conveniences: key + value.
    func field(_ k: StaticString, _ v: UInt64) { key(k); number(v) }
    func field(_ k: StaticString, _ v: Int) { key(k); number(v) }
    func field(_ k: StaticString, _ v: String) { key(k); string(v) }
    func field(_ k: StaticString, _ v: StaticString) { key(k); string(v) }
    func field(_ k: StaticString, _ v: Bool) { key(k); bool(v) }
    /// `k` as a number and `kHex` as a "0x…" string.
    func fieldWithHex(_ k: StaticString, _ hexKey: StaticString, _ v: UInt64) {
        key(k); number(v)
        key(hexKey); hexString(v)
    }
}
