/// Turns syscall arguments into strace's text. Inputs are read at the
/// syscall's entry (before the call can change them, and before execve
/// replaces the memory); outputs at its exit.
public struct ArgumentFormatter {
    /// strace's `-s`: how many bytes of a buffer are shown.
    public var stringLimit = 32
    /// Paths are shown whole (up to PATH_MAX).
    let pathLimit = 4096

    public init(stringLimit: Int = 32) { self.stringLimit = stringLimit }

    /// The text of each argument known at entry; nil for outputs.
    public func entry<M: TraceeMemory>(_ signature: SyscallSignature, _ args: [UInt64], _ memory: M) -> [String?] {
        signature.arguments.enumerated().map { index, kind in
            let value = args[index]
            switch kind {
            case .outBuffer, .outIntPair, .statOut, .rlimitOut, .waitStatusOut: return nil
            case .waitOptions: return ValueNames.flags(value, ValueNames.waitOptions)
            case .int: return String(Int32(truncatingIfNeeded: value))
            case .long: return String(Int64(bitPattern: value))
            case .createMode(let flagsArgument):
                // O_CREAT or O_TMPFILE (__O_TMPFILE 020000000): otherwise the mode is not passed.
                guard args[flagsArgument] & 0o100 != 0 || args[flagsArgument] & 0o20000000 != 0 else { return "" }
                return "0" + String(value & 0o7777, radix: 8).leftPadded(to: 3).replacingSpaces()
            case .resource:
                return value < UInt64(ValueNames.resources.count) ? ValueNames.resources[Int(value)] : String(value)
            case .rlimitIn: return rlimit(at: value, memory)
            case .size: return String(value)
            case .pointer: return pointer(value)
            case .hex: return value == 0 ? "0" : "0x" + String(value, radix: 16)
            case .mode: return "0" + String(value & 0o7777, radix: 8).leftPadded(to: 3).replacingSpaces()
            case .dirfd:
                let fd = Int32(truncatingIfNeeded: value)
                return fd == -100 ? "AT_FDCWD" : String(fd)
            case .path:
                guard value != 0 else { return "NULL" }
                guard let (bytes, truncated) = memory.string(at: value, limit: pathLimit) else { return pointer(value) }
                return quote(bytes, truncated: truncated)
            case .inBuffer(let lengthArgument):
                let length = Int(min(args[lengthArgument], UInt64(Int32.max)))
                return buffer(at: value, length: length, memory)
            case .openFlags:
                let access = ["O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"][Int(value & 3)]
                let rest = ValueNames.flags(value & ~3, ValueNames.openFlags, zero: "")
                return rest.isEmpty ? access : access + "|" + rest
            case .accessMode: return ValueNames.flags(value, ValueNames.accessMode, zero: "F_OK")
            case .mmapProtection: return ValueNames.flags(value, ValueNames.mmapProtection, zero: "PROT_NONE")
            case .mmapFlags:
                let type = ["0", "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE"][Int(value & 3)]
                let rest = ValueNames.flags(value & ~3, ValueNames.mmapFlags, zero: "")
                return rest.isEmpty ? type : type + "|" + rest
            case .whence:
                return value < UInt64(ValueNames.whence.count) ? ValueNames.whence[Int(value)] : String(value)
            case .signal: return ValueNames.signal(Int64(Int32(truncatingIfNeeded: value)))
            case .atFlags: return ValueNames.flags(value, ValueNames.atFlags)
            case .sigprocmaskHow:
                return value < 3 ? ValueNames.sigprocmaskHow[Int(value)] : String(value)
            case .archPrctlCode: return ValueNames.archPrctl[value] ?? "0x" + String(value, radix: 16)
            case .stringArray: return stringArray(at: value, memory)
            }
        }
    }

    /// Fills in the outputs once the call returned `result`.
    public func exit<M: TraceeMemory>(_ signature: SyscallSignature, _ args: [UInt64], entry: [String?],
                                      result: Int64, _ memory: M) -> [String] {
        signature.arguments.enumerated().map { index, kind in
            if let text = entry[index] { return text }
            let value = args[index]
            switch kind {
            case .outBuffer:
                guard result >= 0 else { return pointer(value) }
                return buffer(at: value, length: Int(min(result, Int64(Int32.max))), memory)
            case .statOut:
                guard result == 0 else { return pointer(value) }
                return stat(at: value, memory)
            case .rlimitOut:
                guard result == 0 else { return pointer(value) }
                return rlimit(at: value, memory)
            case .waitStatusOut:
                guard result > 0, value != 0, let status = memory.word(at: value) else { return pointer(value) }
                return "[" + waitStatus(Int32(truncatingIfNeeded: status)) + "]"
            case .outIntPair:
                guard result == 0 else { return pointer(value) }
                let bytes = memory.read(value, count: 8)
                guard bytes.count == 8 else { return pointer(value) }
                let a = Int32(bitPattern: UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24)
                let b = Int32(bitPattern: UInt32(bytes[4]) | UInt32(bytes[5]) << 8 | UInt32(bytes[6]) << 16 | UInt32(bytes[7]) << 24)
                return "[\(a), \(b)]"
            default:
                return pointer(value)
            }
        }
    }

    /// x86_64 struct stat: st_mode (u32) at 24, st_rdev at 40, st_size at 48.
    func stat<M: TraceeMemory>(at address: UInt64, _ memory: M) -> String {
        guard address != 0 else { return "NULL" }
        let bytes = memory.read(address, count: 56)
        guard bytes.count == 56 else { return pointer(address) }
        func field(_ offset: Int, _ size: Int) -> UInt64 {
            (0..<size).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
        }
        let mode = field(24, 4)
        let types: [UInt64: String] = [0o140000: "S_IFSOCK", 0o120000: "S_IFLNK", 0o100000: "S_IFREG",
                                       0o060000: "S_IFBLK", 0o040000: "S_IFDIR", 0o020000: "S_IFCHR",
                                       0o010000: "S_IFIFO"]
        let type = types[mode & 0o170000] ?? "0"
        let permissions = "0" + String(mode & 0o7777, radix: 8).leftPadded(to: 3).replacingSpaces()
        if mode & 0o170000 == 0o020000 || mode & 0o170000 == 0o060000 {
            let rdev = field(40, 8)
            let major = (rdev >> 8) & 0xfff | (rdev >> 32) & ~0xfff
            let minor = rdev & 0xff | (rdev >> 12) & ~0xff
            return "{st_mode=\(type)|\(permissions), st_rdev=makedev(0x\(String(major, radix: 16)), 0x\(String(minor, radix: 16))), ...}"
        }
        return "{st_mode=\(type)|\(permissions), st_size=\(Int64(bitPattern: field(48, 8))), ...}"
    }

    /// A wait status as strace shows it: the macros that hold, with their values.
    func waitStatus(_ s: Int32) -> String {
        let signal = s & 0x7f
        if signal == 0 { return "{WIFEXITED(s) && WEXITSTATUS(s) == \((s >> 8) & 0xff)}" }
        if s == 0xffff { return "{WIFCONTINUED(s)}" }
        if signal == 0x7f {
            let stop = ValueNames.signal(Int64((s >> 8) & 0xff))
            let event = (s >> 16) & 0xff
            return "{WIFSTOPPED(s) && WSTOPSIG(s) == \(stop)}" + (event != 0 ? " | PTRACE_EVENT_\(event) << 16" : "")
        }
        let core = s & 0x80 != 0 ? " && WCOREDUMP(s)" : ""
        return "{WIFSIGNALED(s) && WTERMSIG(s) == \(ValueNames.signal(Int64(signal)))\(core)}"
    }

    /// struct rlimit, with strace's `N*1024` and RLIM64_INFINITY.
    func rlimit<M: TraceeMemory>(at address: UInt64, _ memory: M) -> String {
        guard address != 0 else { return "NULL" }
        guard let current = memory.word(at: address), let maximum = memory.word(at: address + 8) else {
            return pointer(address)
        }
        func limit(_ v: UInt64) -> String {
            if v == UInt64.max { return "RLIM64_INFINITY" }
            if v > 0 && v % 1024 == 0 { return "\(v / 1024)*1024" }
            return String(v)
        }
        return "{rlim_cur=\(limit(current)), rlim_max=\(limit(maximum))}"
    }

    func pointer(_ value: UInt64) -> String { value == 0 ? "NULL" : "0x" + String(value, radix: 16) }

    func buffer<M: TraceeMemory>(at address: UInt64, length: Int, _ memory: M) -> String {
        let shown = min(length, stringLimit)
        let bytes = memory.read(address, count: shown)
        guard bytes.count == shown else { return pointer(address) }
        return quote(bytes, truncated: length > stringLimit)
    }

    /// `["a", "b"]` for a NULL-terminated array of strings (strace shows at most 32... here all, up to 64).
    func stringArray<M: TraceeMemory>(at address: UInt64, _ memory: M) -> String {
        guard address != 0 else { return "NULL" }
        var items: [String] = []
        var at = address
        while items.count < 64, let p = memory.word(at: at), p != 0 {
            guard let (bytes, truncated) = memory.string(at: p, limit: stringLimit) else { break }
            items.append(quote(bytes, truncated: truncated))
            at += 8
        }
        return "[" + items.joined(separator: ", ") + "]"
    }

    /// strace's quoting: C escapes for \t \n \v \f \r, `\"`, `\\`, octal
    /// for other non-printable bytes (three digits when a digit follows),
    /// `...` after the closing quote when cut short.
    public func quote(_ bytes: [UInt8], truncated: Bool) -> String {
        var out = "\""
        for (i, byte) in bytes.enumerated() {
            switch byte {
            case 0x09: out += "\\t"
            case 0x0a: out += "\\n"
            case 0x0b: out += "\\v"
            case 0x0c: out += "\\f"
            case 0x0d: out += "\\r"
            case 0x22: out += "\\\""
            case 0x5c: out += "\\\\"
            case 0x20...0x7e: out.append(Character(Unicode.Scalar(byte)))
            default:
                let next = i + 1 < bytes.count ? bytes[i + 1] : 0
                let octal = String(byte, radix: 8)
                if next >= 0x30 && next <= 0x37 {
                    out += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
                } else {
                    out += "\\" + octal
                }
            }
        }
        out += "\""
        if truncated { out += "..." }
        return out
    }
}
