/// The kernel command line (`-append`): space-separated `key=value` words.
/// Known keys: `selftest=NAME` (run a scenario and power off), `gdb=wait|off`
/// (the GDB stub: wait for gdb at boot, or no stub).
struct KernelCommandLine {
    private(set) var options: [(key: String, value: String)] = []

    init(_ bytes: UnsafeRawBufferPointer) {
        var word: [UInt8] = []
        for byte in bytes {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                add(word); word.removeAll()
            } else {
                word.append(byte)
            }
        }
        add(word)
    }

    private mutating func add(_ word: [UInt8]) {
        guard !word.isEmpty else { return }
        if let eq = word.firstIndex(of: UInt8(ascii: "=")) {
            options.append((String(decoding: word[..<eq], as: UTF8.self),
                            String(decoding: word[(eq + 1)...], as: UTF8.self)))
        } else {
            options.append((String(decoding: word, as: UTF8.self), ""))
        }
    }

    func value(for key: String) -> String? {
        options.last(where: { $0.key == key })?.value
    }

    enum DebuggerMode { case on, wait, off }

    /// `gdb=wait|off|on` read straight from the bytes: the stub starts
    /// before the heap, so no String or Array here.
    static func rawValue(of key: StaticString, in line: UnsafeRawBufferPointer) -> DebuggerMode {
        func matches(_ word: StaticString, at i: Int) -> Bool {
            let n = word.utf8CodeUnitCount
            guard i + n <= line.count else { return false }
            for j in 0..<n where line[i + j] != word.utf8Start[j] { return false }
            return i + n == line.count || line[i + n] == UInt8(ascii: " ")
        }
        var mode = DebuggerMode.on
        var i = 0
        while i < line.count {
            if i == 0 || line[i - 1] == UInt8(ascii: " ") {
                if matches("gdb=wait", at: i) { mode = .wait }
                if matches("gdb=off", at: i) { mode = .off }
                if matches("gdb=on", at: i) { mode = .on }
            }
            i += 1
        }
        return mode
    }
}
