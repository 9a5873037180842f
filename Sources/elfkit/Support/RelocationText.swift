// One relocation as readelf -rW prints it (binutils 2.40 dump_relocations),
// and the JSON form of `elfkit relocs`.

import ElfKit

struct RelocationText {
    let input: ElfInput
    let sections: [ElfSectionHeader]

    /// The type's name (ElfKit's table, or this tool's for machines ElfKit does not name).
    func typeName(_ type: UInt32) -> String? {
        if input.machine == 21 { return PPC64RelocationNames.name(type) }
        return input.file.header.machine.relocationTypeName(type)
    }

    func writeRow(_ r: ElfRelocation, rela: Bool, symbols: SymbolTableView?, _ out: Output) {
        let is64 = input.is64
        out.hex(is64 ? r.offset : r.offset & 0xffff_ffff, width: is64 ? 16 : 8)
        out.text("  ")
        out.hex(is64 ? r.info : r.info & 0xffff_ffff, width: is64 ? 16 : 8)
        out.byte(0x20)
        if let name = typeName(r.type) {
            out.text(name, left: 22)
        } else {
            out.text("unrecognized: ")
            out.text(String(r.type, radix: 16), left: 7)
        }
        if r.symbolIndex != 0 {
            // A bad index is reported by readelf on stderr; the row ends here.
            guard let symbols, Int(r.symbolIndex) < symbols.table.count,
                  let sym = try? symbols.table.symbol(at: Int(r.symbolIndex)) else {
                out.newline()
                return
            }
            let shndx = symbols.resolvedSectionIndex(sym)
            let name = sym.nameOffset == 0 ? nil : symbols.nameBytes(sym, shndx: shndx)
            out.byte(0x20)
            if sym.info & 0xf == 10 {  // STT_GNU_IFUNC: the name and "()" instead of the value
                let width = is64 ? 14 : 8
                var len = 6
                if let name { len = out.printable(name) } else { out.text("(null)") }
                writeVersion(sym, name, symbols, out)
                out.text("()")
                out.spaces(len <= width ? width + 1 - len : 1)
            } else {
                out.hex(is64 ? sym.value : sym.value & 0xffff_ffff, width: is64 ? 16 : 8)
                out.text(is64 ? " " : "   ")
            }
            if sym.nameOffset == 0 {
                if sym.info & 0xf == 3 { writeSectionName(shndx, out) } else { out.text("<null>") }
            } else if let name {
                out.printable(name)
                writeVersion(sym, name, symbols, out)
            }
            if rela, let addend = r.addend {
                out.text(addend < 0 ? " - " : " + ")
                out.hex(addend.magnitude)
            }
        } else if rela, let addend = r.addend {
            out.spaces(is64 ? 20 : 12)
            if addend < 0 { out.byte(0x2d) }
            out.hex(addend.magnitude)
        }
        out.newline()
    }

    /// "@VER" or "@@VER" after a dynamic symbol's name (readelf prints no "(N)" here).
    func writeVersion(_ sym: ElfSymbol, _ name: UnsafeRawBufferPointer?, _ symbols: SymbolTableView, _ out: Output) {
        guard !symbols.versions.isEmpty, let v = symbols.versions.version(of: sym, name: name) else { return }
        out.text(v.kind == .defaultVersion ? "@@" : "@")
        out.printable(v.name)
    }

    func writeSectionName(_ shndx: UInt32, _ out: Output) {
        if Int(shndx) < sections.count {
            out.printable(input.sectionName(sections[Int(shndx)]))
        } else if shndx == 0xfff1 {
            out.text("ABS")
        } else if shndx == 0xfff2 {
            out.text("COMMON")
        } else {
            out.text("<section 0x" + String(shndx, radix: 16) + ">")
        }
    }

    // MARK: JSON

    func writeJSON(file: String, _ tables: [RelocsCommand.Table], _ out: Output) {
        let j = JSONWriter(out)
        j.beginObject()
        j.field("file", file)
        j.key("tables")
        j.beginArray()
        for t in tables {
            j.beginObject()
            j.key("name"); j.sectionName(input.sectionName(t.section))
            j.field("sectionIndex", t.section.index)
            j.field("type", t.section.type == .rela ? "rela" : t.section.type == .rel ? "rel" : "relr")
            j.fieldWithHex("offset", "offsetHex", t.section.offset)
            if t.isRELR {
                j.field("count", t.relrWords)
                j.key("addresses")
                j.beginArray()
                for a in t.relr { j.number(a) }
                j.endArray()
                j.key("addressesHex")
                j.beginArray()
                for a in t.relr { j.hexString(a) }
                j.endArray()
            } else {
                j.field("count", t.rows.count)
                j.key("symbolTableIndex")
                if let s = t.symbols { j.number(s.section.index) } else { j.null() }
                j.key("relocations")
                j.beginArray()
                for r in t.rows {
                    writeJSON(r, symbols: t.symbols, j)
                    out.flushIfFull()
                }
                j.endArray()
            }
            j.endObject()
        }
        j.endArray()
        j.endObject()
        out.newline()
    }

    func writeJSON(_ r: ElfRelocation, symbols: SymbolTableView?, _ j: JSONWriter) {
        j.nextElementOnNewLine()
        j.beginObject()
        j.fieldWithHex("offset", "offsetHex", r.offset)
        j.fieldWithHex("info", "infoHex", r.info)
        j.field("type", UInt64(r.type))
        j.key("typeName")
        if let name = typeName(r.type) { j.string(name) } else { j.null() }
        j.field("symbolIndex", UInt64(r.symbolIndex))
        if r.symbolIndex != 0 {
            j.key("symbol")
            if let symbols, let sym = try? symbols.table.symbol(at: Int(r.symbolIndex)) {
                let shndx = symbols.resolvedSectionIndex(sym)
                j.beginObject()
                j.key("name")
                if let name = symbols.nameBytes(sym, shndx: shndx) { j.string(bytes: name) } else { j.null() }
                j.fieldWithHex("value", "valueHex", sym.value)
                symbols.versions.writeJSON(sym, name: symbols.nameBytes(sym, shndx: shndx), j)
                j.endObject()
            } else {
                j.null()
            }
        }
        if let addend = r.addend {
            j.key("addend"); j.number(Int(addend))
        }
        j.endObject()
    }
}
