// What readelf (binutils 2.40, -W) prints for one note: the type name and
// the description that follows it on the same line (process_note,
// print_gnu_note, print_gnu_property_note, print_stapsdt_note).
// Notes are few, so these build Strings.

import ElfKit

enum NoteText {
    /// The owner as readelf matches it: a prefix of the name bytes.
    static func owner(_ note: ElfNote, hasPrefix prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        guard note.name.count >= p.count else { return false }
        for i in 0..<p.count where note.name[i] != p[i] { return false }
        return true
    }

    static func hex8(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 8 - s.count)) + s
    }

    static func byteHex(_ b: UInt8) -> String {
        (b < 16 ? "0" : "") + String(b, radix: 16)
    }

    /// readelf's name for the note type (get_gnu_elf_note_type, get_stapsdt_note_type, get_note_type).
    static func typeName(_ note: ElfNote) -> String {
        let t = note.type.rawValue
        if note.name.isEmpty || !owner(note, hasPrefix: "GNU") && !owner(note, hasPrefix: "stapsdt") {
            switch t {
            case 1: return "NT_VERSION (version)"
            case 2: return "NT_ARCH (architecture)"
            case 4: return "GO BUILDID"
            case 0x100: return "OPEN"
            case 0x101: return "func"
            case 0xcafe_1a7e: return "FDO_PACKAGING_METADATA"
            default: return "Unknown note type: (0x" + hex8(t) + ")"
            }
        }
        if owner(note, hasPrefix: "stapsdt") {
            return t == 3 ? "NT_STAPSDT (SystemTap probe descriptors)" : "Unknown note type: (0x" + hex8(t) + ")"
        }
        switch t {
        case 1: return "NT_GNU_ABI_TAG (ABI version tag)"
        case 2: return "NT_GNU_HWCAP (DSO-supplied software HWCAP info)"
        case 3: return "NT_GNU_BUILD_ID (unique build ID bitstring)"
        case 4: return "NT_GNU_GOLD_VERSION (gold version)"
        case 5: return "NT_GNU_PROPERTY_TYPE_0"
        case 0x100: return "NT_GNU_BUILD_ATTRIBUTE_OPEN"
        case 0x101: return "NT_GNU_BUILD_ATTRIBUTE_FUNC"
        default: return "Unknown note type: (0x" + hex8(t) + ")"
        }
    }

    /// The text after the type name and its tab, up to and including the final newline.
    static func description(_ note: ElfNote, machine: UInt16) -> String {
        let d = note.descriptor
        let fields = Words(bytes: d, order: note.byteOrder)
        if !note.name.isEmpty && owner(note, hasPrefix: "GNU") {
            switch note.type.rawValue {
            case 3:
                return "    Build ID: " + d.map { byteHex($0) }.joined() + "\n"
            case 1:
                guard d.count >= 16 else { return "    <corrupt GNU_ABI_TAG>\n" }
                let os = ["Linux", "Hurd", "Solaris", "FreeBSD", "NetBSD", "Syllable", "NaCl"]
                let n = fields.u32(0)
                let name = n < os.count ? os[Int(n)] : "Unknown"
                return "    OS: \(name), ABI: \(fields.u32(4)).\(fields.u32(8)).\(fields.u32(12))\n"
            case 4:
                let end = d.firstIndex(of: 0) ?? d.count
                return "    Version: " + String(decoding: d[0..<end], as: UTF8.self) + "\n"
            case 2:
                guard d.count >= 8 else { return "      Hardware Capabilities: " }
                return "      Hardware Capabilities: num entries: \(fields.u32(0)), enabled mask: "
                    + String(fields.u32(4), radix: 16) + "\n"
            case 5:
                return "      Properties: " + properties(note, machine: machine) + "\n"
            default:
                return "    Description data: " + d.map { byteHex($0) + " " }.joined() + "\n"
            }
        }
        if owner(note, hasPrefix: "stapsdt"), note.type.rawValue == 3, let s = stapsdt(note) { return s }
        if d.isEmpty { return "\n" }
        return "   description data: " + d.map { byteHex($0) + " " }.joined() + "\n"
    }

    /// print_stapsdt_note: three addresses, then provider, name and argument strings.
    static func stapsdt(_ note: ElfNote) -> String? {
        let w = note.fileClass == .elf64 ? 8 : 4
        let d = note.descriptor
        guard d.count >= 3 * w else { return nil }
        let f = Words(bytes: d, order: note.byteOrder)
        func word(_ i: Int) -> String {
            let v = w == 8 ? f.u64(i * w) : UInt64(f.u32(i * w))
            let s = String(v, radix: 16)
            return "0x" + String(repeating: "0", count: max(0, 2 * w - s.count)) + s
        }
        var strings: [String] = []
        var start = 3 * w
        while strings.count < 3 {
            guard start < d.count, let nul = d[start...].firstIndex(of: 0) else { return nil }
            strings.append(String(decoding: d[start..<nul], as: UTF8.self))
            start = nul + 1
        }
        return "    Provider: \(strings[0])\n    Name: \(strings[1])\n    Location: \(word(0)), Base: \(word(1)), "
            + "Semaphore: \(word(2))\n    Arguments: \(strings[2])\n"
    }

    // MARK: GNU properties

    /// The properties of an NT_GNU_PROPERTY_TYPE_0 note, joined with ", " as readelf -W does.
    static func properties(_ note: ElfNote, machine: UInt16) -> String {
        let d = note.descriptor
        let size = note.fileClass == .elf64 ? 8 : 4
        guard d.count >= 8, d.count % size == 0 else {
            return "<corrupt GNU_PROPERTY_TYPE, size = 0x" + String(d.count, radix: 16) + ">"
        }
        let f = Words(bytes: d, order: note.byteOrder)
        var out = ""
        var at = 0
        while at < d.count {
            guard d.count - at >= 8 else { return out + "<corrupt descsz: 0x\(String(d.count, radix: 16))>" }
            let type = f.u32(at)
            let datasz = Int(f.u32(at + 4))
            at += 8
            guard datasz <= d.count - at else {
                return out + "<corrupt type (0x\(String(type, radix: 16))) datasz: 0x\(String(datasz, radix: 16))>"
            }
            let data = UnsafeRawBufferPointer(rebasing: d[at..<at + datasz])
            out += property(type: type, data: data, note: note, machine: machine, size: size)
            at += (datasz + size - 1) & ~(size - 1)
            if at >= d.count { break }
            out += ", "
        }
        return out
    }

    static func property(type: UInt32, data: UnsafeRawBufferPointer, note: ElfNote, machine: UInt16,
                         size: Int) -> String {
        let f = Words(bytes: data, order: note.byteOrder)
        let word: UInt32? = data.count == 4 ? f.u32(0) : nil
        func corrupt(_ label: String) -> String { label + "<corrupt length: 0x\(String(data.count, radix: 16))> " }
        func bits(_ label: String, _ names: [UInt32: String], none: Bool = true) -> String {
            guard let v = word else { return corrupt(label) }
            return label + bitList(v, names, none: none)
        }
        if type >= 0xc000_0000 && type <= 0xdfff_ffff {
            if machine == 62 || machine == 3 || machine == 6 {
                switch type {
                case 0xc001_0002: return bits("x86 ISA used: ", x86ISA)
                case 0xc000_8002: return bits("x86 ISA needed: ", x86ISA)
                case 0xc000_0002: return bits("x86 feature: ", x86Feature1)
                case 0xc001_0001: return bits("x86 feature used: ", x86Feature2)
                case 0xc000_8001: return bits("x86 feature needed: ", x86Feature2)
                default: break
                }
            } else if machine == 183, type == 0xc000_0000 {
                guard let v = word else { return "AArch64 feature: " + corrupt("") }
                return "AArch64 feature: " + bitList(v, [1: "BTI", 2: "PAC"], none: false)
            }
        } else {
            switch type {
            case 1:
                guard data.count == size else { return corrupt("stack size: ") }
                let v = size == 8 ? f.u64(0) : UInt64(f.u32(0))
                return "stack size: " + (v == 0 ? "0" : "0x" + String(v, radix: 16))
            case 2:
                return "no copy on protected " + (data.isEmpty ? "" : corrupt(""))
            case 0xb000_8000:
                return bits("1_needed: ", [1: "indirect external access"], none: false)
            case 0xb000_0000...0xb000_ffff:
                let label = type <= 0xb000_7fff ? "UINT32_AND (0x" : "UINT32_OR (0x"
                guard let v = word else { return corrupt(label + String(type, radix: 16) + "): ") }
                return label + String(type, radix: 16) + "): " + (v == 0 ? "0" : "0x" + String(v, radix: 16))
            default: break
            }
        }
        let kind = type < 0xc000_0000 ? "unknown" : type < 0xe000_0000 ? "processor-specific" : "application-specific"
        return "<\(kind) type 0x\(String(type, radix: 16)) data: " + data.map { byteHex($0) + " " }.joined() + ">"
    }

    static let x86ISA: [UInt32: String] = [1: "x86-64-baseline", 2: "x86-64-v2", 4: "x86-64-v3", 8: "x86-64-v4"]
    static let x86Feature1: [UInt32: String] = [1: "IBT", 2: "SHSTK", 4: "LAM_U48", 8: "LAM_U57"]
    static let x86Feature2: [UInt32: String] = [
        1: "x86", 2: "x87", 4: "MMX", 8: "XMM", 0x10: "YMM", 0x20: "ZMM", 0x40: "FXSR", 0x80: "XSAVE",
        0x100: "XSAVEOPT", 0x200: "XSAVEC", 0x400: "TMM", 0x800: "MASK",
    ]

    /// Set bits lowest first, by name or "<unknown: N>", joined with ", "; "<None>" for 0 when `none`.
    static func bitList(_ value: UInt32, _ names: [UInt32: String], none: Bool) -> String {
        if value == 0 { return none ? "<None>" : "" }
        var parts: [String] = []
        var v = value
        while v != 0 {
            let bit = v & (0 &- v)
            v &= ~bit
            parts.append(names[bit] ?? "<unknown: \(String(bit, radix: 16))>")
        }
        return parts.joined(separator: ", ")
    }
}

/// Integers at byte offsets of a descriptor in the file's byte order; 0 past the end.
struct Words {
    let bytes: UnsafeRawBufferPointer
    let order: ByteOrder

    func load<T: FixedWidthInteger>(_ at: Int, as: T.Type) -> T {
        guard at >= 0, at <= bytes.count - MemoryLayout<T>.size else { return 0 }
        let raw = bytes.loadUnaligned(fromByteOffset: at, as: T.self)
        return order == .little ? T(littleEndian: raw) : T(bigEndian: raw)
    }

    func u32(_ at: Int) -> UInt32 { load(at, as: UInt32.self) }
    func u64(_ at: Int) -> UInt64 { load(at, as: UInt64.self) }
}
