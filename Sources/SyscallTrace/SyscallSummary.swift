/// strace -c: calls, errors and time per syscall, as its table.
public struct SyscallSummary {
    struct Row {
        var seconds: Double = 0
        var calls = 0
        var errors = 0
    }

    var rows: [String: Row] = [:]

    public init() {}

    public mutating func add(_ name: String, seconds: Double, failed: Bool) {
        var row = rows[name] ?? Row()
        row.seconds += seconds
        row.calls += 1
        if failed { row.errors += 1 }
        rows[name] = row
    }

    public var isEmpty: Bool { rows.isEmpty }

    /// The table, most time first (then most calls, then name), like strace's default.
    public var text: String {
        let total = rows.values.reduce(Row()) { Row(seconds: $0.seconds + $1.seconds, calls: $0.calls + $1.calls,
                                                     errors: $0.errors + $1.errors) }
        let rule = "------ ----------- ----------- --------- --------- ----------------"
        var lines = ["% time     seconds  usecs/call     calls    errors syscall", rule]
        let sorted = rows.sorted {
            ($0.value.seconds, $0.value.calls, $1.key) > ($1.value.seconds, $1.value.calls, $0.key)
        }
        for (name, row) in sorted {
            lines.append(Self.line(row, total: total.seconds, name: name))
        }
        lines.append(rule)
        lines.append(Self.line(total, total: total.seconds, name: "total"))
        return lines.joined(separator: "\n") + "\n"
    }

    static func line(_ row: Row, total: Double, name: String) -> String {
        let percent = total > 0 ? row.seconds / total * 100 : 0
        let usecs = row.calls > 0 ? Int(row.seconds * 1_000_000 / Double(row.calls)) : 0
        return fixed(percent, 2).leftPadded(to: 6) + " " + fixed(row.seconds, 6).leftPadded(to: 11) + " "
            + String(usecs).leftPadded(to: 11) + " " + String(row.calls).leftPadded(to: 9) + " "
            + (row.errors > 0 ? String(row.errors) : "").leftPadded(to: 9) + " " + name
    }

    /// `value` with `digits` decimals (no Foundation formatting needed).
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = String(scaled % Int(scale))
        return "\(whole)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
}
