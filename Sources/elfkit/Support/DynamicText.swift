// How readelf (binutils 2.40, process_dynamic_section and
// get_dynamic_type) prints one dynamic entry's type and value.

import ElfKit

struct DynamicText {
    let input: ElfInput
    let strings: ElfStringTable?
    /// The PT_INTERP path: a DT_NEEDED naming it gets " program interpreter".
    let interpreter: UnsafeRawBufferPointer?

    /// readelf's get_dynamic_type.
    func tagName(_ tag: Int64) -> String {
        if let name = ElfDynamicTag(rawValue: tag).name { return name }
        if tag == 0x6fff_fdf4 { return "GNU_FLAGS_1" }
        let raw = UInt64(bitPattern: tag) & (input.is64 ? ~0 : 0xffff_ffff)
        if tag >= 0x7000_0000 && tag <= 0x7fff_ffff {
            switch (input.machine, tag) {
            case (21, 0x7000_0000): return "PPC64_GLINK"
            case (21, 0x7000_0001): return "PPC64_OPD"
            case (21, 0x7000_0002): return "PPC64_OPDSZ"
            case (21, 0x7000_0003): return "PPC64_OPT"
            case (20, 0x7000_0000): return "PPC_GOT"
            case (20, 0x7000_0001): return "PPC_OPT"
            case (183, 0x7000_0001): return "AARCH64_BTI_PLT"
            case (183, 0x7000_0003): return "AARCH64_PAC_PLT"
            case (183, 0x7000_0005): return "AARCH64_VARIANT_PCS"
            default: return "Processor Specific: " + String(raw, radix: 16)
            }
        }
        if tag >= 0x6000_000d && tag <= 0x6fff_f000 {
            return "Operating System specific: " + String(raw, radix: 16)
        }
        return "<unknown>: " + String(raw, radix: 16)
    }

    /// The string at `offset` of the dynamic string table (to its end if no NUL follows), or nil.
    func string(_ offset: UInt64) -> UnsafeRawBufferPointer? {
        guard let bytes = strings?.bytes, offset < UInt64(bytes.count) else { return nil }
        let rest = UnsafeRawBufferPointer(rebasing: bytes[Int(offset)...])
        return UnsafeRawBufferPointer(rebasing: rest[..<(rest.firstIndex(of: 0) ?? rest.endIndex)])
    }

    /// The value column, without the newline.
    func writeValue(_ e: ElfDynamicEntry, _ out: Output) {
        let v = e.value
        switch e.tag.rawValue {
        case 30:  // DT_FLAGS
            out.text(bitNames(v, { ElfDynamicFlagNames.flag(bit: $0) ?? "unknown" }))
        case 0x6fff_fffb:  // DT_FLAGS_1
            out.text("Flags:" + flagWords(v, { ElfDynamicFlagNames.flag1(bit: $0) }))
        case 0x6fff_fdfc:  // DT_FEATURE
            out.text("Flags:" + flagWords(v, { [0: "PARINIT", 1: "CONFEXP"][$0] }))
        case 0x6fff_fdfd:  // DT_POSFLAG_1
            out.text("Flags:" + flagWords(v, { [0: "LAZYLOAD", 1: "GROUPPERM"][$0] }))
        case 0x6fff_fdf4:  // DT_GNU_FLAGS_1
            out.text("Flags:" + flagWords(v, { [0: "UNIQUE"][$0] }))
        case 20:  // DT_PLTREL
            out.text(tagName(Int64(bitPattern: v)))
        case 0x7fff_fffd, 0x7fff_ffff, 0x6fff_fefa, 0x6fff_fefb, 0x6fff_fefc:
            let label = [0x7fff_fffd: "Auxiliary library", 0x7fff_ffff: "Filter library",
                         0x6fff_fefa: "Configuration file", 0x6fff_fefb: "Dependency audit library",
                         0x6fff_fefc: "Audit library"][e.tag.rawValue]!
            out.text(label + ": ")
            if let s = string(v) { out.byte(0x5b); out.bytes(s); out.byte(0x5d) } else { out.prefixedHex(v) }
        case 0x7fff_fffe:  // DT_USED
            if let s = string(v) {
                out.text("Not needed object: ["); out.bytes(s); out.byte(0x5d)
            } else {
                out.prefixedHex(v)
            }
        case 1, 14, 15, 29:
            guard let s = string(v) else { out.prefixedHex(v); return }
            switch e.tag.rawValue {
            case 1:
                out.text("Shared library: ["); out.bytes(s); out.byte(0x5d)
                if let interpreter, interpreter.elementsEqual(s) { out.text(" program interpreter") }
            case 14: out.text("Library soname: ["); out.bytes(s); out.byte(0x5d)
            case 15: out.text("Library rpath: ["); out.bytes(s); out.byte(0x5d)
            default: out.text("Library runpath: ["); out.bytes(s); out.byte(0x5d)
            }
        case 2, 8, 9, 10, 11, 18, 19, 27, 28, 33, 35, 37, 0x6fff_fdf6, 0x6fff_fdf7, 0x6fff_fdf9, 0x6fff_fdfa,
             0x6fff_fdfb:
            out.decimal(v); out.text(" (bytes)")
        case 0x6fff_fff9, 0x6fff_fffa, 0x6fff_fffd, 0x6fff_ffff:
            out.decimal(v)
        case 24:  // DT_BIND_NOW: the value is ignored
            break
        case 0x7000_0001 where input.machine == 183, 0x7000_0003 where input.machine == 183:
            break  // AArch64 BTI/PAC PLT markers: no value
        default:
            out.prefixedHex(v)
        }
    }

    /// print_dynamic_flags: names lowest bit first, space-separated, "unknown" for unnamed bits.
    func bitNames(_ v: UInt64, _ name: (Int) -> String) -> String {
        var parts: [String] = []
        var rest = v
        while rest != 0 {
            let bit = rest.trailingZeroBitCount
            rest &= rest - 1
            parts.append(name(bit))
        }
        return parts.joined(separator: " ")
    }

    /// " NAME NAME" for known bits then " %lx" of the unknown ones; " None" for 0.
    func flagWords(_ v: UInt64, _ name: (Int) -> String?) -> String {
        if v == 0 { return " None" }
        var text = ""
        var rest = v
        for bit in 0..<64 where v & (1 << UInt64(bit)) != 0 {
            if let n = name(bit) { text += " " + n; rest &= ~(1 << UInt64(bit)) }
        }
        if rest != 0 { text += " " + String(rest, radix: 16) }
        return text
    }

    func writeJSON(_ e: ElfDynamicEntry, _ j: JSONWriter) {
        j.nextElementOnNewLine()
        j.beginObject()
        j.field("index", e.index)
        j.key("tag"); j.number(Int(e.tag.rawValue))
        j.field("tagHex", "0x" + String(UInt64(bitPattern: e.tag.rawValue) & (input.is64 ? ~0 : 0xffff_ffff),
                                        radix: 16))
        j.field("tagName", tagName(e.tag.rawValue))
        j.fieldWithHex("value", "valueHex", e.value)
        let text = Output(capacity: 256)
        writeValue(e, text)
        j.key("text"); j.string(bytes: text.contents)
        if [1, 14, 15, 29, 0x7fff_fffd, 0x7fff_fffe, 0x7fff_ffff, 0x6fff_fefa, 0x6fff_fefb, 0x6fff_fefc]
            .contains(e.tag.rawValue) {
            j.key("string")
            if let s = string(e.value) { j.string(bytes: s) } else { j.null() }
        }
        j.endObject()
    }
}
