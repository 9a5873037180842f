import Foundation

/// One register of the target: its name, number and place in the `g` packet.
public struct RegisterInfo: Equatable, Sendable {
    public var name: String
    public var number: Int
    public var bitSize: Int
    /// Byte offset in the `g` reply.
    public var offset: Int
    public var byteSize: Int { (bitSize + 7) / 8 }
}

/// The register file as the target describes it (GDB manual, Appendix G
/// "Target Descriptions"), or QEMU's x86_64 layout when the stub has no
/// description.
public struct RegisterLayout: Sendable {
    public private(set) var registers: [RegisterInfo]
    private var byName: [String: Int] = [:]

    public init(_ registers: [RegisterInfo]) {
        self.registers = registers
        for (i, r) in registers.enumerated() { byName[r.name] = i }
    }

    public func register(named name: String) -> RegisterInfo? {
        byName[name.lowercased()].map { registers[$0] }
    }

    public var names: [String] { registers.map(\.name) }

    /// Bytes of a `g` reply that holds every register.
    public var totalSize: Int { registers.map { $0.offset + $0.byteSize }.max() ?? 0 }

    /// Builds the layout from `<reg>` elements of the XML `documents`
    /// (target.xml and the files it includes, in include order).
    public init(targetDescription documents: [String]) {
        var parsed: [(name: String, bits: Int, number: Int)] = []
        var next = 0
        for document in documents {
            for tag in Self.elements(named: "reg", in: document) {
                guard let name = tag["name"], let bits = tag["bitsize"].flatMap({ Int($0) }) else { continue }
                let number = tag["regnum"].flatMap { Int($0) } ?? next
                parsed.append((name, bits, number))
                next = number + 1
            }
        }
        parsed.sort { $0.number < $1.number }
        var offset = 0
        var result: [RegisterInfo] = []
        for p in parsed {
            result.append(RegisterInfo(name: p.name.lowercased(), number: p.number, bitSize: p.bits, offset: offset))
            offset += (p.bits + 7) / 8
        }
        self.init(result)
    }

    /// The `href` of every `<xi:include>` in `document`.
    public static func includes(in document: String) -> [String] {
        elements(named: "xi:include", in: document).compactMap { $0["href"] }
    }

    /// Attributes of every `<name .../>` or `<name ...>` element.
    static func elements(named name: String, in document: String) -> [[String: String]] {
        var result: [[String: String]] = []
        var rest = document[...]
        while let open = rest.range(of: "<" + name) {
            let after = rest[open.upperBound...]
            guard let first = after.first, first == " " || first == "/" || first == ">" || first == "\n" || first == "\t",
                  let close = after.firstIndex(of: ">") else {
                rest = after
                continue
            }
            result.append(attributes(after[..<close]))
            rest = after[close...]
        }
        return result
    }

    private static func attributes(_ text: Substring) -> [String: String] {
        var result: [String: String] = [:]
        var rest = text
        while let eq = rest.firstIndex(of: "=") {
            let key = rest[..<eq].trimmingCharacters(in: CharacterSet(charactersIn: " \t\n/"))
            let afterEq = rest[rest.index(after: eq)...]
            guard let quote = afterEq.first, quote == "\"" || quote == "'" else { break }
            let valueStart = afterEq.index(after: afterEq.startIndex)
            guard let valueEnd = afterEq[valueStart...].firstIndex(of: quote) else { break }
            result[key] = String(afterEq[valueStart..<valueEnd])
            rest = afterEq[afterEq.index(after: valueEnd)...]
        }
        return result
    }

    /// QEMU's x86_64 gdbstub layout (the kernel stub uses the same): 16
    /// general registers, rip, eflags, segments, bases, control registers, efer.
    public static let amd64: RegisterLayout = {
        var regs: [(String, Int)] = ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
                                      "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"].map { ($0, 64) }
        regs += [("rip", 64), ("eflags", 32)]
        regs += ["cs", "ss", "ds", "es", "fs", "gs"].map { ($0, 32) }
        regs += ["fs_base", "gs_base", "k_gs_base", "cr0", "cr2", "cr3", "cr4", "cr8", "efer"].map { ($0, 64) }
        var offset = 0
        var infos: [RegisterInfo] = []
        for (i, r) in regs.enumerated() {
            infos.append(RegisterInfo(name: r.0, number: i, bitSize: r.1, offset: offset))
            offset += r.1 / 8
        }
        return RegisterLayout(infos)
    }()
}
