// `elfkit symbols FILE`: the symbol tables, like `readelf -sW`.
//
// This is the command that meets big inputs (swift-frontend has ~300k
// symbols), so the table is formatted by hand into one output buffer and
// written in large chunks; no Strings are made per symbol. Every table is
// validated before the first byte is written, so a malformed file still
// produces either the whole listing or only an error.

import ArgumentParser
import ElfKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct SymbolsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "symbols",
        abstract: "List the symbol tables, .dynsym and .symtab (like readelf -sW).")

    @OptionGroup var options: CommonOptions

    @Flag(help: "Only the dynamic symbol table (like readelf --dyn-syms).")
    var dynamic = false

    @Argument(help: "The ELF file to read.")
    var file: String

    func run() {
        let input = ElfInput.open(file)
        let sections = input.sections()
        var tables: [SymbolTableView] = []
        for s in sections where s.type == .dynsym || (!dynamic && s.type == .symtab) {
            do throws(ElfError) {
                tables.append(try SymbolTableView(input: input, sections: sections, section: s))
            } catch {
                input.fail(error)
            }
        }
        let out = Output()
        out.streaming = true  // nothing below can fail
        if options.json {
            writeJSON(input, tables, out)
        } else {
            for t in tables { writeText(input, t, out, style: options.style) }
        }
        out.flush()
    }

    // MARK: Text

    private func writeText(_ input: ElfInput, _ t: SymbolTableView, _ out: Output, style: Style) {
        out.newline()
        style.beginBold(out)
        out.text("Symbol table '")
        out.printable(input.sectionName(t.section))
        out.text("' contains ")
        out.decimal(UInt64(t.table.count))
        out.text(t.table.count == 1 ? " entry:" : " entries:")
        style.end(out)
        out.newline()
        if input.is64 {
            out.text("   Num:    Value          Size Type    Bind   Vis      Ndx Name\n")
        } else {
            out.text("   Num:    Value  Size Type    Bind   Vis      Ndx Name\n")
        }
        let valueWidth = input.is64 ? 16 : 8
        let machine = input.machine
        let osABI = input.osABI
        for i in 0..<t.table.count {
            guard let sym = try? t.table.symbol(at: i) else { continue }
            out.decimal(UInt64(i), width: 6)
            out.byte(0x3a); out.byte(0x20)
            out.hex(sym.value, width: valueWidth)
            out.byte(0x20)
            if sym.size <= 99999 { out.decimal(sym.size, width: 5) } else { out.prefixedHex(sym.size) }
            out.byte(0x20)
            let type = sym.info & 0xf
            if let name = ReadelfNames.symbolType(type, machine: machine, osABI: osABI) {
                out.text(name, left: 7)
            } else {
                out.text(ReadelfNames.symbolTypeFallback(type), left: 7)
            }
            out.byte(0x20)
            let binding = sym.info >> 4
            if let name = ReadelfNames.symbolBinding(binding, osABI: osABI) {
                out.text(name, left: 6)
            } else {
                out.text(ReadelfNames.symbolBindingFallback(binding), left: 6)
            }
            out.byte(0x20)
            out.text(ReadelfNames.symbolVisibility(sym.other), left: 7)
            if sym.other & ~3 != 0 {
                out.text(" [<other>: ")
                out.hex(UInt64(sym.other & ~3))
                out.text("] ")
            }
            out.byte(0x20)
            let shndx = t.resolvedSectionIndex(sym)
            t.writeNdx(shndx, out)
            out.byte(0x20)
            let name = t.nameBytes(sym, shndx: shndx)
            t.writeName(name, out)
            t.versions.writeSuffix(sym, name: name, out)
            out.newline()
            out.flushIfFull()
        }
    }

    // MARK: JSON

    private func writeJSON(_ input: ElfInput, _ tables: [SymbolTableView], _ out: Output) {
        let j = JSONWriter(out)
        j.beginObject()
        j.field("file", file)
        j.key("tables")
        j.beginArray()
        let machine = input.machine
        let osABI = input.osABI
        for t in tables {
            j.beginObject()
            j.key("name"); j.sectionName(input.sectionName(t.section))
            j.field("sectionIndex", t.section.index)
            j.field("type", t.section.type == .dynsym ? "dynsym" : "symtab")
            j.field("count", t.table.count)
            j.key("symbols")
            j.beginArray()
            for i in 0..<t.table.count {
                guard let sym = try? t.table.symbol(at: i) else { continue }
                j.nextElementOnNewLine()
                j.beginObject()
                j.field("index", i)
                j.key("name")
                let shndx = t.resolvedSectionIndex(sym)
                let name = t.nameBytes(sym, shndx: shndx)
                if let name { j.string(bytes: name) } else { j.null() }
                j.fieldWithHex("value", "valueHex", sym.value)
                j.field("size", sym.size)
                let type = sym.info & 0xf
                j.field("type", UInt64(type))
                if let name = ReadelfNames.symbolType(type, machine: machine, osABI: osABI) {
                    j.field("typeName", name)
                } else {
                    j.field("typeName", ReadelfNames.symbolTypeFallback(type))
                }
                let binding = sym.info >> 4
                j.field("binding", UInt64(binding))
                if let name = ReadelfNames.symbolBinding(binding, osABI: osABI) {
                    j.field("bindingName", name)
                } else {
                    j.field("bindingName", ReadelfNames.symbolBindingFallback(binding))
                }
                j.field("visibility", UInt64(sym.other & 3))
                j.field("visibilityName", ReadelfNames.symbolVisibility(sym.other))
                j.field("other", UInt64(sym.other))
                j.field("sectionIndex", UInt64(shndx))
                j.key("ndx")
                j.string(ndx: shndx, t)
                t.versions.writeJSON(sym, name: name, j)
                j.endObject()
                out.flushIfFull()
            }
            j.endArray()
            j.endObject()
        }
        j.endArray()
        j.endObject()
        out.newline()
    }
}
