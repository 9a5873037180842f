import Glibc

/// One finished syscall as strace prints it:
/// `name(args)` padded to 40 columns, ` = result`, errno name and message;
/// or, for a call whose entry was shown `<unfinished ...>`, its end:
/// `<... name resumed>args)` with the arguments decoded at exit.
public struct SyscallLine {
    public var pid: Int32?
    public var name: String
    public var arguments: [String]
    /// The end of a call shown unfinished: `arguments` are those after the entry's.
    public var resumed = false
    /// nil for a call that did not return (`= ?`).
    public var result: Int64?
    public var returnsAddress = false
    /// Seconds between entry and exit, for `-T`.
    public var duration: Double?

    public init(pid: Int32? = nil, name: String, arguments: [String], result: Int64?,
                returnsAddress: Bool = false, duration: Double? = nil) {
        self.pid = pid
        self.name = name
        self.arguments = arguments
        self.result = result
        self.returnsAddress = returnsAddress
        self.duration = duration
    }

    public var text: String {
        var call = SyscallLine.prefix(pid)
        call += (resumed ? "<... \(name) resumed>" : name + "(") + arguments.filter { !$0.isEmpty }.joined(separator: ", ") + ")"
        if call.count < 40 { call += String(repeating: " ", count: 40 - call.count) } else { call += " " }
        call += "= " + SyscallLine.resultText(result, address: returnsAddress)
        if let duration { call += " <" + SyscallLine.seconds(duration) + ">" }
        return call
    }

    static func prefix(_ pid: Int32?) -> String {
        pid.map { "[pid \(String($0).leftPadded(to: 5))] " } ?? ""
    }

    /// The entry of a call cut short by another task's line, as strace
    /// shows it: `name(` and the arguments known at entry, each followed by
    /// `, ` when more are to come at exit, then ` <unfinished ...>`.
    public static func unfinished(pid: Int32?, name: String, entryArguments: [String], more: Bool) -> String {
        let known = entryArguments.filter { !$0.isEmpty }.joined(separator: ", ")
        return prefix(pid) + name + "(" + known + (more && !known.isEmpty ? ", " : "") + " <unfinished ...>"
    }

    static func resultText(_ result: Int64?, address: Bool) -> String {
        guard let result else { return "?" }
        if result < 0 && result >= -4095 {
            let errno = Int(-result)
            switch errno {
            case 512: return "? ERESTARTSYS (To be restarted if SA_RESTART is set)"
            case 513: return "? ERESTARTNOINTR (To be restarted)"
            case 514: return "? ERESTARTNOHAND (To be restarted if no handler)"
            case 516: return "? ERESTART_RESTARTBLOCK (Interrupted by signal)"
            default: break
            }
            let name = errno < ErrnoNames.linux.count && !ErrnoNames.linux[errno].isEmpty
                ? ErrnoNames.linux[errno] : "E\(errno)"
            return "-1 \(name) (\(String(cString: strerror(Int32(errno)))))"
        }
        if address { return "0x" + String(UInt64(bitPattern: result), radix: 16) }
        return String(result)
    }

    /// Six decimals, as strace's -T.
    static func seconds(_ value: Double) -> String {
        let micros = Int((value * 1_000_000).rounded())
        let fraction = String(micros % 1_000_000)
        return "\(micros / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    func replacingSpaces() -> String { String(map { $0 == " " ? "0" : $0 }) }
}
