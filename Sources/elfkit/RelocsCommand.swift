// `elfkit relocs FILE`: the relocation sections (SHT_REL, SHT_RELA and
// SHT_RELR), like `readelf -rW` (binutils 2.40 dump_relocations and
// dump_relr_relocations). Every table is decoded before the first byte is
// printed, so a malformed one produces only the error.

import ArgumentParser
import ElfKit

struct RelocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relocs",
        abstract: "List the relocation sections: REL, RELA and RELR (like readelf -rW).")

    @OptionGroup var options: CommonOptions

    @Argument(help: "The ELF file to read.")
    var file: String

    /// One relocation section, decoded.
    struct Table {
        let section: ElfSectionHeader
        let rows: [ElfRelocation]
        /// The symbol table the entries index (nil: sh_link is 0 or not a symbol table).
        let symbols: SymbolTableView?
        /// RELR sections: the number of words and the relocated addresses.
        let relrWords: Int
        let relr: [UInt64]
        var isRELR: Bool { section.type == .relr }
    }

    func run() {
        let input = ElfInput.open(file)
        let sections = input.sections()
        var tables: [Table] = []
        for s in sections where (s.type == .rel || s.type == .rela || s.type == .relr) && s.size != 0 {
            do throws(ElfError) { tables.append(try Self.decode(input, sections, s)) } catch { input.fail(error) }
        }
        let text = RelocationText(input: input, sections: sections)
        let out = Output()
        out.streaming = true  // nothing below can fail
        if options.json {
            text.writeJSON(file: file, tables, out)
        } else if tables.isEmpty {
            out.text(Self.hasDynamicRelocations(input)
                ? "\nThere are no static relocations in this file.\nTo see the dynamic relocations add --use-dynamic to the command line.\n"
                : "\nThere are no relocations in this file.\n")
        } else {
            for t in tables { writeText(t, text, out) }
        }
        out.flush()
    }

    static func decode(_ input: ElfInput, _ sections: [ElfSectionHeader], _ s: ElfSectionHeader) throws(ElfError) -> Table {
        if s.type == .relr {
            var it = try input.file.relrAddresses(in: s)
            var addresses: [UInt64] = []
            while let a = try it.next() { addresses.append(a) }
            return Table(section: s, rows: [], symbols: nil, relrWords: it.entryCount, relr: addresses)
        }
        let table = try input.file.relocationTable(at: s.index)
        var rows: [ElfRelocation] = []
        rows.reserveCapacity(table.count)
        for i in 0..<table.count { rows.append(try table.relocation(at: i)) }
        var symbols: SymbolTableView? = nil
        if s.link != 0, Int(s.link) < sections.count {
            let linked = sections[Int(s.link)]
            if linked.type == .symtab || linked.type == .dynsym {
                symbols = try SymbolTableView(input: input, sections: sections, section: linked)
            }
        }
        return Table(section: s, rows: rows, symbols: symbols, relrWords: 0, relr: [])
    }

    /// Whether the dynamic section names relocation tables (readelf's hint about -D).
    static func hasDynamicRelocations(_ input: ElfInput) -> Bool {
        guard let (_, table) = DynamicCommand.table(input) else { return false }
        for tag: Int64 in [8, 18, 35, 2] {
            if let v = try? table.value(of: ElfDynamicTag(rawValue: tag)), v != 0 { return true }
        }
        return false
    }

    private func writeText(_ t: Table, _ text: RelocationText, _ out: Output) {
        let input = text.input
        let count = t.isRELR ? t.relrWords : t.rows.count
        out.newline()
        options.style.beginBold(out)
        out.text("Relocation section '")
        out.printable(input.sectionName(t.section))
        out.text("' at offset ")
        out.prefixedHex(t.section.offset)
        out.text(" contains ")
        out.decimal(UInt64(count))
        out.text(count == 1 ? " entry:" : " entries:")
        options.style.end(out)
        out.newline()
        if t.isRELR {
            out.text("  ")
            out.decimal(UInt64(t.relr.count))
            out.text(t.relr.count == 1 ? " offset\n" : " offsets\n")
            for a in t.relr {
                out.hex(a, width: input.is64 ? 16 : 8)
                out.newline()
                out.flushIfFull()
            }
            return
        }
        let rela = t.section.type == .rela
        switch (input.is64, rela) {
        case (true, true):
            out.text("    Offset             Info             Type               Symbol's Value  Symbol's Name + Addend\n")
        case (true, false):
            out.text("    Offset             Info             Type               Symbol's Value  Symbol's Name\n")
        case (false, true):
            out.text(" Offset     Info    Type                Sym. Value  Symbol's Name + Addend\n")
        case (false, false):
            out.text(" Offset     Info    Type                Sym. Value  Symbol's Name\n")
        }
        for r in t.rows {
            text.writeRow(r, rela: rela, symbols: t.symbols, out)
            out.flushIfFull()
        }
    }
}
