/// The kernel command line (`-append`): space-separated `key=value` words.
/// Known keys: `selftest=NAME` (run a scenario and power off), `gdb=wait|off`
/// (the GDB stub, a later issue).
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
}
