import ArgumentParser
import Glibc
import Paging

let toolVersion = "0.1.0"

/// A problem with the input: printed as `paging-calc: error: ...` and exit 2.
struct UsageFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

struct PagingCalc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paging-calc",
        abstract: "Split a virtual address into page-table indices, build one from indices, or decode an entry.",
        discussion: """
            Schemes: \(SchemeName.all.joined(separator: ", ")).
            AArch64 takes --granule 4k|16k|64k and --va-bits 25...52 (64 - TCR_ELx.TnSZ; above 48 means
            FEAT_LPA2 with 4k/16k, FEAT_LVA with 64k).
            Numbers may be hexadecimal (0x...), binary (0b...) or decimal, with '_' separators.

            Examples:
              paging-calc 0xdeadbeef x86_64
              paging-calc 0xffff800000001000 aarch64 --granule 4k --va-bits 48
              paging-calc --indices 511,510,0,0 x86_64
              paging-calc --pte 0x8000000000200083 x86_64 --level PD
              paging-calc walk --root 0x1000 --memory mem.bin 0xdeadbeef x86_64   (see paging-calc walk --help)
              paging-calc walk --root 0x1000 --memory mem.bin --all x86_64        (memory map of every mapping)
              paging-calc maps PID                                                 (see paging-calc maps --help)
            Exit status: 0 success, 1 failure, 2 bad input. A non-canonical address is bad input: its
            decomposition is still printed, the warning goes to stderr and the status is 2.
            """,
        version: toolVersion)

    @Argument(help: ArgumentHelp("ADDR ARCH, or just ARCH with --indices or --pte.", valueName: "ADDR-AND-ARCH"))
    var positional: [String] = []

    @Option(help: ArgumentHelp("Build the address from comma-separated indices, root level first.", valueName: "I,J,..."))
    var indices: String?

    @Option(help: "The page offset added to the address built from --indices (default 0).")
    var offset: String?

    @Flag(help: "With --indices on AArch64: the TTBR1 (upper) range instead of TTBR0.")
    var upper = false

    @Option(help: ArgumentHelp("Decode a page-table entry.", valueName: "VALUE"))
    var pte: String?

    @Option(help: "With --pte: the level the entry is at (e.g. PD, L2, VPN[1]; default: the last level).")
    var level: String?

    @Option(help: "AArch64 translation granule: 4k, 16k or 64k.")
    var granule: String = "4k"

    @Option(help: "AArch64 virtual-address bits (default 48).")
    var vaBits: Int = 48

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    @Flag(help: "Never color the output (also: NO_COLOR in the environment; colors are only used on a terminal).")
    var noColor = false

    static func main() {
        signal(SIGPIPE, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "walk" {
            runCommand(WalkCommand.self, Array(arguments.dropFirst()))
        } else if arguments.first == "maps" {
            runCommand(MapsCommand.self, Array(arguments.dropFirst()))
        } else {
            runCommand(Self.self, arguments)
        }
    }

    func run() throws {
        let modes = (indices != nil ? 1 : 0) + (pte != nil ? 1 : 0)
        guard modes <= 1 else { throw UsageFailure("--indices and --pte cannot be used together: give one of them (or neither, with ADDR ARCH)") }
        let expected = modes == 1 ? 1 : 2
        guard positional.count == expected else {
            if modes == 1 {
                throw UsageFailure("expected one argument, the scheme (ARCH), got \(positional.count); schemes: \(SchemeName.all.joined(separator: ", "))")
            }
            throw UsageFailure("expected ADDR ARCH, got \(positional.count) argument(s); e.g. paging-calc 0xdeadbeef x86_64")
        }
        let archName = positional[expected - 1]
        let scheme = try SchemeName.parse(archName, granule: granule, vaBits: vaBits)
        let style = Style(enabled: !json && !noColor && isatty(1) != 0 && !Self.noColorEnvironment)
        var out = ""
        if let indices {
            let list = try parseIndices(indices)
            let offsetValue = try offset.map { try parseNumber($0, what: "offset") } ?? 0
            let address: UInt64
            do {
                address = try scheme.address(indices: list, offset: offsetValue, upperHalf: upper)
            } catch {
                throw UsageFailure(describe(error, scheme: scheme, arch: archName))
            }
            out = Report.address(address, scheme: scheme, arch: archName, json: json, style: style,
                                 indices: list)
        } else if let pte {
            let raw = try parseNumber(pte, what: "entry")
            if scheme.entryBytes == 4 && raw >> 32 != 0 {
                throw UsageFailure("entry '\(pte)' is wider than the 32 bits of a \(archName) entry")
            }
            let depth = try levelDepth(level, scheme: scheme, arch: archName)
            out = Report.entry(raw, depth: depth, scheme: scheme, arch: archName, json: json, style: style)
        } else {
            let text = positional[0]
            let address = try parseNumber(text, what: "address")
            guard scheme.fits(address) else {
                throw UsageFailure("address '\(text)' is too wide for \(archName): addresses are \(scheme.addressWidth) bits (at most 0x\(hex(UInt64((1 << UInt64(scheme.addressWidth)) - 1))))")
            }
            out = Report.address(address, scheme: scheme, arch: archName, json: json, style: style, indices: nil)
            let check = scheme.canonicalCheck(address)
            if !check.isCanonical {
                // Bad input, but the decomposition still helps: print it, then fail with 2.
                writeStdout(out)
                writeStderr("paging-calc: warning: \(Report.canonicalProblem(address, check: check, scheme: scheme, arch: archName))\n")
                throw ExitCode(2)
            }
        }
        writeStdout(out)
    }

    static var noColorEnvironment: Bool {
        if let v = getenv("NO_COLOR") { return v.pointee != 0 }
        return false
    }

    func levelDepth(_ name: String?, scheme: PagingScheme, arch: String) throws -> Int {
        guard let name else { return scheme.levelCount - 1 }
        var names: [String] = []
        for d in 0..<scheme.levelCount {
            let n = "\(scheme.levelName(d))"
            if n.lowercased() == name.lowercased() { return d }
            names.append(n)
        }
        throw UsageFailure("unknown level '\(name)' for \(arch); valid levels: \(names.joined(separator: ", "))")
    }

    func parseIndices(_ text: String) throws -> [Int] {
        var list: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let p = part.trimmingCharacters()
            guard let n = try? parseNumber(p, what: "index"), n <= UInt64(Int.max) else {
                throw UsageFailure("index '\(p)' in --indices '\(text)' is not a number; expected comma-separated indices like 511,510,0,0")
            }
            list.append(Int(n))
        }
        return list
    }

    func describe(_ error: PagingSchemeError, scheme: PagingScheme, arch: String) -> String {
        switch error {
        case .wrongIndexCount(let given, let expected):
            var leafCounts: [String] = []
            for d in 0..<scheme.levelCount where scheme.level(d).allowsLeaf { leafCounts.append("\(d + 1)") }
            return "\(given) indices given; \(arch) has \(expected) levels (\(levelList(scheme))); give \(leafCounts.joined(separator: " or ")) indices"
        case .indexOutOfRange(let depth, let index, let limit):
            return "index \(index) for \(scheme.levelName(depth)) is out of range: valid indices are 0...\(limit - 1)"
        case .offsetTooLarge(let offset, let limit):
            return "offset 0x\(hex(offset)) does not fit in the page: valid offsets are 0...0x\(hex(limit - 1))"
        case .unsupportedVirtualAddressBits(let granule, let bits):
            return vaBitsProblem(bits, granule)
        }
    }
}

func levelList(_ scheme: PagingScheme) -> String {
    (0..<scheme.levelCount).map { "\(scheme.levelName($0))" }.joined(separator: ", ")
}

func granuleName(_ g: AArch64Granule) -> String {
    switch g {
    case .size4K: return "4k"
    case .size16K: return "16k"
    case .size64K: return "64k"
    }
}

/// The VA sizes the Arm ARM allows with granule `g` (see `AArch64Granule.supports`).
func validVABits(_ g: AArch64Granule) -> String {
    let extra = g == .size64K ? "FEAT_LVA" : "FEAT_LPA2"
    return "\(AArch64Granule.minimumVirtualAddressBits)...\(AArch64Granule.largestPlainVirtualAddressBits) "
        + "(TCR_ELx.TnSZ 39...16), or up to \(AArch64Granule.maximumVirtualAddressBits) with \(extra) "
        + "(common: 39 and 48 with 4k, 47 with 16k, 42 with 64k, 52)"
}

func vaBitsProblem(_ bits: Int, _ g: AArch64Granule) -> String {
    "--va-bits \(bits) is not a valid AArch64 virtual-address size with the \(granuleName(g)) granule; valid: \(validVABits(g))"
}

enum SchemeName {
    static let all = ["x86_64", "x86_64-la57", "i386", "i386-pae", "aarch64",
                      "riscv32-sv32", "riscv64-sv39", "riscv64-sv48", "riscv64-sv57"]

    static func parse(_ name: String, granule: String, vaBits: Int) throws -> PagingScheme {
        switch name.lowercased() {
        case "x86_64", "x86-64", "amd64": return .x86_64
        case "x86_64-la57", "x86-64-la57", "la57": return .x86_64LA57
        case "i386", "i686", "x86": return .i386
        case "i386-pae", "i686-pae", "pae": return .i386PAE
        case "riscv32-sv32", "sv32": return .sv32
        case "riscv64-sv39", "sv39": return .sv39
        case "riscv64-sv48", "sv48": return .sv48
        case "riscv64-sv57", "sv57": return .sv57
        case "aarch64", "arm64":
            let g: AArch64Granule
            switch granule.lowercased() {
            case "4k", "4kib", "4096": g = .size4K
            case "16k", "16kib", "16384": g = .size16K
            case "64k", "64kib", "65536": g = .size64K
            default: throw UsageFailure("unknown granule '\(granule)'; valid granules: 4k, 16k, 64k")
            }
            do {
                return try PagingScheme.aarch64(granule: g, virtualAddressBits: vaBits)
            } catch {
                throw UsageFailure(vaBitsProblem(vaBits, g))
            }
        default:
            throw UsageFailure("unknown scheme '\(name)'; valid schemes: \(all.joined(separator: ", "))")
        }
    }
}

/// Parses 0x..., 0b..., 0o... or decimal, with '_' separators, into 64 bits.
func parseNumber(_ text: String, what: String) throws -> UInt64 {
    var s = Substring(text.trimmingCharacters().lowercased()).filter { $0 != "_" }[...]
    var radix = 10
    if s.hasPrefix("0x") { radix = 16; s = s.dropFirst(2) }
    else if s.hasPrefix("0b") { radix = 2; s = s.dropFirst(2) }
    else if s.hasPrefix("0o") { radix = 8; s = s.dropFirst(2) }
    guard !s.isEmpty, s.allSatisfy({ $0.isHexDigit }) else {
        throw UsageFailure("\(what) '\(text)' is not a number; expected hexadecimal (0x...), binary (0b...) or decimal")
    }
    guard let v = UInt64(s, radix: radix) else {
        if s.allSatisfy({ $0.isHexDigit && (radix == 16 || Int(String($0), radix: radix) != nil) }) {
            throw UsageFailure("\(what) '\(text)' does not fit in 64 bits")
        }
        throw UsageFailure("\(what) '\(text)' is not a number; expected hexadecimal (0x...), binary (0b...) or decimal")
    }
    return v
}

func hex(_ v: UInt64) -> String { String(v, radix: 16) }

func hex(_ v: UInt64, digits: Int) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: max(0, digits - s.count)) + s
}

extension StringProtocol {
    func trimmingCharacters() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}

func writeStdout(_ s: String) {
    var s = s
    s.withUTF8 { p in
        var done = 0
        while done < p.count {
            let n = write(1, p.baseAddress! + done, p.count - done)
            if n <= 0 { break }
            done += n
        }
    }
}

func writeStderr(_ s: String) {
    var s = s
    s.withUTF8 { p in _ = write(2, p.baseAddress, p.count) }
}
