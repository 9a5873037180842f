import CPU

/// The kernel log: leveled messages, each line timestamped with the uptime,
/// echoed to the console and kept in a 64 KiB ring in .bss that always holds
/// the most recent lines (the `log` monitor command and, later, the GDB stub's
/// `monitor log` read it). Works before the heap: StaticString and integers
/// through `TextWriter`.
enum LogLevel: UInt8 {
    case debug, info, warning, error

    var label: StaticString {
        switch self {
        case .debug: return "debug"
        case .info: return "info"
        case .warning: return "warn"
        case .error: return "error"
        }
    }
}

struct LogRing {
    static let capacity = 65536
    private let storage: UnsafeMutablePointer<UInt8>
    private(set) var written: UInt64 = 0      // total bytes ever appended

    init(storage: UnsafeMutablePointer<UInt8>) { self.storage = storage }

    mutating func append(_ byte: UInt8) {
        storage[Int(written % UInt64(Self.capacity))] = byte
        written += 1
    }

    /// Calls `body` with the retained bytes, oldest first, starting at a line
    /// boundary when the ring has wrapped (a half-overwritten line is skipped).
    func forEachByte(_ body: (UInt8) -> Void) {
        let count = Int(min(written, UInt64(Self.capacity)))
        var index = Int((written - UInt64(count)) % UInt64(Self.capacity))
        var skipping = written > UInt64(Self.capacity)
        for _ in 0..<count {
            let byte = storage[index]
            if !skipping { body(byte) } else if byte == UInt8(ascii: "\n") { skipping = false }
            index = (index + 1) % Self.capacity
        }
    }
}

enum KernelLog {
    nonisolated(unsafe) static var ring = LogRing(storage: UnsafeMutablePointer(bitPattern: UInt(storage_log_ring()))!)
    nonisolated(unsafe) static var minimumConsoleLevel = LogLevel.info

    /// Writes to the console and the ring.
    static let writer = TextWriter(sink: { byte in
        ring.append(byte)
        Console.write(byte)
    })

    /// Starts a line: `[    1.234] info: `, then the caller writes the text
    /// through the returned writer and calls `end()`.
    static func begin(_ level: LogLevel) -> TextWriter {
        let w = writer
        let ms = Timer.uptimeMilliseconds
        w.write("[")
        w.decimal(ms / 1000, width: 5)
        w.write(".")
        let frac = ms % 1000
        if frac < 100 { w.write("0") }
        if frac < 10 { w.write("0") }
        w.decimal(frac)
        w.write("] ")
        w.write(level.label)
        w.write(": ")
        return w
    }

    static func log(_ level: LogLevel, _ text: StaticString) {
        let w = begin(level); w.write(text); w.newline()
    }

    static func log(_ level: LogLevel, _ text: String) {
        let w = begin(level); w.write(text); w.newline()
    }

    static func info(_ text: String) { log(.info, text) }
    static func warning(_ text: String) { log(.warning, text) }
    static func error(_ text: String) { log(.error, text) }
}
