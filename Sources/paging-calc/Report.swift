import Paging
import MemoryMap

/// ANSI styling, used only when standard output is a terminal.
struct Style {
    let enabled: Bool
    static let palette = ["\u{1B}[31m", "\u{1B}[32m", "\u{1B}[33m", "\u{1B}[34m", "\u{1B}[35m", "\u{1B}[36m"]
    func color(_ s: String, _ i: Int) -> String {
        enabled ? Self.palette[i % Self.palette.count] + s + "\u{1B}[0m" : s
    }
    func dim(_ s: String) -> String { enabled ? "\u{1B}[2m" + s + "\u{1B}[0m" : s }
    func bold(_ s: String) -> String { enabled ? "\u{1B}[1m" + s + "\u{1B}[0m" : s }
}

/// Human units: 4 KiB, 2 MiB, 512 GiB.
func sizeText(_ bytes: UInt64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    var v = bytes, u = 0
    while v >= 1024 && v % 1024 == 0 && u < units.count - 1 { v /= 1024; u += 1 }
    return "\(v) \(units[u])"
}

func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }
func padLeft(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }

enum Report {
    static func schemeSummary(_ scheme: PagingScheme, arch: String) -> String {
        "\(arch): \(scheme.levelCount) levels, \(scheme.virtualAddressBits)-bit virtual addresses, \(sizeText(scheme.pageSize)) pages"
    }

    static func canonicalProblem(_ address: UInt64, check: CanonicalCheck, scheme: PagingScheme, arch: String) -> String {
        let va = scheme.virtualAddressBits
        let rule: String
        switch scheme.canonicalForm {
        case .signExtended:
            rule = "bits 63:\(va) must all equal bit \(va - 1) (\(check.upperHalf ? 1 : 0))"
        default:
            rule = "bits 63:\(va) must be all 0 (TTBR0) or all 1 (TTBR1); bit 63 is \(check.upperHalf ? "1, so all 1" : "0, so all 0")"
        }
        // The two valid ranges: below 2^(va-1) and from its sign extension up (x86_64, RISC-V), or
        // below 2^va and from ~0 << va up (AArch64, TTBR0/TTBR1).
        let lowBits = scheme.canonicalForm == .signExtended ? va - 1 : va
        let lowEnd: UInt64 = (1 << UInt64(lowBits)) - 1
        let valid = "valid: 0x\(hex(0, digits: 16))-0x\(hex(lowEnd, digits: 16)) and 0x\(hex(~lowEnd, digits: 16))-0xffffffffffffffff"
        return "0x\(hex(address, digits: scheme.addressWidth / 4)) is not canonical for \(arch): \(rule); offending bits: 0x\(hex(check.offendingBits, digits: 16)); \(valid)"
    }

    /// One field of the bit diagram.
    struct Field { var label: String; var high: Int; var low: Int; var color: Int }

    static func address(_ address: UInt64, scheme: PagingScheme, arch: String, json: Bool, style: Style,
                        indices: [Int]?) -> String {
        let check = scheme.canonicalCheck(address)
        let offsetDepth = (indices?.count ?? scheme.levelCount) - 1
        let offsetBits = scheme.level(offsetDepth).shift
        let offset = scheme.pageOffset(of: address, leafDepth: offsetDepth)
        if json { return addressJSON(address, scheme: scheme, arch: arch, check: check, indices: indices) }

        var fields: [Field] = []
        let va = scheme.virtualAddressBits
        if scheme.canonicalForm != .none {
            fields.append(Field(label: scheme.canonicalForm == .signExtended ? "sign-extension" : "TTBR select",
                                high: 63, low: va, color: -1))
        }
        for d in 0..<scheme.levelCount {
            let l = scheme.level(d)
            fields.append(Field(label: "\(l.name)", high: l.shift + l.indexBits - 1, low: l.shift, color: d))
        }
        fields.append(Field(label: "offset", high: scheme.pageShift - 1, low: 0, color: scheme.levelCount))

        var out = style.bold("0x\(hex(address, digits: scheme.addressWidth / 4))") + "  " + schemeSummary(scheme, arch: arch) + "\n\n"
        var ranges = "", bitsLine = "", labels = ""
        for f in fields {
            let width = max(f.high - f.low + 1, f.label.count, "\(f.high):\(f.low)".count)
            var b = ""
            for bit in stride(from: f.high, through: f.low, by: -1) { b += (address >> UInt64(bit)) & 1 == 1 ? "1" : "0" }
            ranges += pad("\(f.high):\(f.low)", width) + " "
            let colored = f.color < 0 ? style.dim(b) : style.color(b, f.color)
            bitsLine += colored + String(repeating: " ", count: width - b.count) + " "
            labels += (f.color < 0 ? style.dim(pad(f.label, width)) : style.color(pad(f.label, width), f.color)) + " "
        }
        out += "  " + ranges.trimmingCharacters() + "\n  " + bitsLine.trimmingCharacters() + "\n  " + labels.trimmingCharacters() + "\n\n"

        let nameWidth = max(6, (0..<scheme.levelCount).map { "\(scheme.levelName($0))".count }.max() ?? 0)
        let hexDigits = 4
        out += "  " + pad("Level", nameWidth) + "  " + pad("Bits", 6) + "  " + padLeft("Index", 5) + "  " + pad("Hex", hexDigits + 2) + "  Entry covers\n"
        for d in 0..<scheme.levelCount {
            let l = scheme.level(d)
            let i = l.index(of: address)
            var line = "  " + style.color(pad("\(l.name)", nameWidth), d) + "  " + pad("\(l.shift + l.indexBits - 1):\(l.shift)", 6)
            line += "  " + padLeft("\(i)", 5) + "  " + pad("0x" + hex(UInt64(i), digits: (l.indexBits + 3) / 4), hexDigits + 2)
            line += "  " + sizeText(l.bytesPerEntry) + (l.allowsLeaf && d < scheme.levelCount - 1 ? " (leaf allowed)" : "")
            out += line + "\n"
        }
        out += "  " + style.color(pad("offset", nameWidth), scheme.levelCount) + "  " + pad("\(offsetBits - 1):0", 6)
        out += "  " + padLeft("\(offset)", 5) + "  0x" + hex(offset) + "\n"
        var large: [String] = []
        for d in 0..<(scheme.levelCount - 1) where scheme.level(d).allowsLeaf && d != offsetDepth {
            large.append("\(sizeText(scheme.level(d).bytesPerEntry)) page 0x\(hex(scheme.pageOffset(of: address, leafDepth: d)))")
        }
        if !large.isEmpty { out += "  Offset in larger pages: " + large.joined(separator: ", ") + "\n" }
        switch scheme.canonicalForm {
        case .none: break
        case .signExtended:
            out += check.isCanonical
                ? "  Canonical: yes (\(check.upperHalf ? "upper" : "lower") half)\n"
                : "  Canonical: " + style.color("NO", 0) + " — " + canonicalProblem(address, check: check, scheme: scheme, arch: arch) + "\n"
        case .upperOrLowerRange:
            out += check.isCanonical
                ? "  Canonical: yes (\(check.upperHalf ? "TTBR1_ELx, upper range" : "TTBR0_ELx, lower range"))\n"
                : "  Canonical: " + style.color("NO", 0) + " — " + canonicalProblem(address, check: check, scheme: scheme, arch: arch) + "\n"
        }
        return out
    }

    static func addressJSON(_ address: UInt64, scheme: PagingScheme, arch: String, check: CanonicalCheck,
                            indices: [Int]?) -> String {
        let offsetDepth = (indices?.count ?? scheme.levelCount) - 1
        var levels: [String] = []
        for d in 0..<scheme.levelCount {
            let l = scheme.level(d)
            levels.append("{\"name\":\(jsonString("\(l.name)")),\"index\":\(l.index(of: address)),\"bits\":[\(l.shift + l.indexBits - 1),\(l.shift)],\"covers\":\(l.bytesPerEntry),\"coversText\":\(jsonString(sizeText(l.bytesPerEntry))),\"leafAllowed\":\(l.allowsLeaf)}")
        }
        var s = "{\"arch\":\(jsonString(arch)),\"address\":\"0x\(hex(address))\""
        s += ",\"canonical\":\(check.isCanonical)"
        switch scheme.canonicalForm {
        case .none: s += ",\"half\":null"
        case .signExtended: s += ",\"half\":\(check.upperHalf ? "\"upper\"" : "\"lower\"")"
        case .upperOrLowerRange: s += ",\"half\":\(check.upperHalf ? "\"TTBR1\"" : "\"TTBR0\"")"
        }
        if !check.isCanonical {
            s += ",\"nonCanonicalBits\":[\(check.checkedHigh),\(check.checkedLow)],\"offendingBits\":\"0x\(hex(check.offendingBits))\""
        }
        s += ",\"virtualAddressBits\":\(scheme.virtualAddressBits),\"pageSize\":\(scheme.pageSize)"
        if scheme.kind == .aarch64 { s += ",\"granule\":\(jsonString(granuleName(scheme.granule)))" }
        s += ",\"levels\":[\(levels.joined(separator: ","))]"
        let offset = scheme.pageOffset(of: address, leafDepth: offsetDepth)
        s += ",\"offset\":\(offset),\"offsetBits\":[\(scheme.level(offsetDepth).shift - 1),0]"
        var large: [String] = []
        for d in 0..<scheme.levelCount where scheme.level(d).allowsLeaf {
            let l = scheme.level(d)
            large.append("{\"level\":\(jsonString("\(l.name)")),\"pageSize\":\(l.bytesPerEntry),\"offset\":\(scheme.pageOffset(of: address, leafDepth: d))}")
        }
        s += ",\"pageOffsets\":[\(large.joined(separator: ","))]"
        return s + "}\n"
    }

    static func kindText(_ k: DecodedPageTableEntry.Kind) -> String {
        switch k {
        case .invalid: return "invalid"
        case .reserved: return "reserved"
        case .table: return "table"
        case .page: return "page"
        }
    }

    static func entry(_ raw: UInt64, depth: Int, scheme: PagingScheme, arch: String, json: Bool, style: Style) -> String {
        let d = scheme.decodeEntry(raw, depth: depth)
        var fields: [PageTableEntryField] = []
        scheme.forEachField(ofEntry: raw, depth: depth) { fields.append($0) }
        let levelName = "\(scheme.levelName(depth))"
        if json {
            var s = "{\"arch\":\(jsonString(arch)),\"entry\":\"0x\(hex(raw))\",\"level\":\(jsonString(levelName)),\"kind\":\"\(kindText(d.kind))\""
            s += ",\"physicalAddress\":\"0x\(hex(d.physicalAddress))\",\"pageSize\":\(d.pageSize)"
            s += ",\"fields\":[" + fields.map {
                "{\"name\":\(jsonString("\($0.name)")),\"meaning\":\(jsonString("\($0.meaning)")),\"bits\":[\($0.high),\($0.low)],\"value\":\($0.value)}"
            }.joined(separator: ",") + "]"
            s += ",\"set\":[" + fields.filter { $0.high == $0.low && $0.value != 0 }.map { jsonString("\($0.name)") }.joined(separator: ",") + "]"
            return s + "}\n"
        }
        var out = style.bold("0x\(hex(raw, digits: scheme.entryBytes * 2))") + "  \(arch) \(levelName) entry: "
        switch d.kind {
        case .invalid: out += "not present/valid\n"
        case .reserved: out += "reserved encoding (faults)\n"
        case .table: out += "table at physical 0x\(hex(d.physicalAddress))\n"
        case .page: out += "\(sizeText(d.pageSize)) page at physical 0x\(hex(d.physicalAddress))\n"
        }
        let nameWidth = max(5, fields.map { "\($0.name)".count }.max() ?? 0)
        out += "\n  " + pad("Field", nameWidth) + "  " + pad("Bits", 6) + "  Value  Meaning\n"
        for f in fields {
            let bitsText = f.high == f.low ? "\(f.high)" : "\(f.high):\(f.low)"
            let on = f.value != 0
            let value = f.high == f.low ? (on ? "1" : "0") : "0x" + hex(f.value)
            let name = pad("\(f.name)", nameWidth)
            out += "  " + (on ? style.color(name, 1) : style.dim(name)) + "  " + pad(bitsText, 6) + "  " + pad(value, 5) + "  \(f.meaning)\n"
        }
        let set = fields.filter { $0.high == $0.low && $0.value != 0 }.map { "\($0.name)" }
        out += "\n  Set: " + (set.isEmpty ? "none" : set.joined(separator: " ")) + "\n"
        return out
    }
}
