// `elfkit sections FILE`: the section header table, like `readelf -SW`.

import ArgumentParser
import ElfKit

struct SectionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sections",
        abstract: "List the section headers (like readelf -SW).")

    @OptionGroup var options: CommonOptions

    @Argument(help: "The ELF file to read.")
    var file: String

    func run() {
        let input = ElfInput.open(file)
        let sections = input.sections()
        let out = Output()
        if options.json {
            writeJSON(input, sections, out)
        } else {
            writeText(input, sections, out, style: options.style)
        }
        out.flush()
    }

    private func writeText(_ input: ElfInput, _ sections: [ElfSectionHeader], _ out: Output, style: Style) {
        guard !sections.isEmpty else {
            out.text("\nThere are no sections in this file.\n")
            return
        }
        out.text(sections.count == 1 ? "There is 1 section header" : "There are \(sections.count) section headers")
        out.text(", starting at offset ")
        out.prefixedHex(input.header.sectionHeaderOffset)
        out.text(":\n\n")
        style.beginBold(out); out.text(sections.count == 1 ? "Section Header:" : "Section Headers:"); style.end(out)
        out.newline()
        if input.is64 {
            out.text("  [Nr] Name              Type            Address          Off    Size   ES Flg Lk Inf Al\n")
        } else {
            out.text("  [Nr] Name              Type            Addr     Off    Size   ES Flg Lk Inf Al\n")
        }
        for s in sections {
            out.text("  [")
            out.decimal(UInt64(s.index), width: 2)
            out.text("] ")
            let columns = out.printable(input.sectionName(s))
            out.spaces(17 - columns)
            out.byte(0x20)
            out.text(ReadelfNames.sectionType(s.type.rawValue, machine: input.machine), left: 15)
            out.byte(0x20)
            out.hex(s.address, width: input.is64 ? 16 : 8)
            out.byte(0x20); out.hex(s.offset, width: 6)
            out.byte(0x20); out.hex(s.size, width: 6)
            out.byte(0x20); out.hex(s.entrySize, width: 2)
            out.byte(0x20)
            out.text(ReadelfNames.sectionFlagLetters(s.flags.rawValue, machine: input.machine, osABI: input.osABI),
                     right: 3)
            out.byte(0x20)
            out.decimal(UInt64(s.link), width: 2)
            out.byte(0x20)
            out.decimal(UInt64(s.info), width: 3)
            out.byte(0x20)
            out.decimal(s.addressAlignment, width: 2)
            out.newline()
        }
        out.text(ReadelfNames.flagKey(machine: input.machine, osABI: input.osABI))
    }

    private func writeJSON(_ input: ElfInput, _ sections: [ElfSectionHeader], _ out: Output) {
        let j = JSONWriter(out)
        j.beginObject()
        j.field("file", file)
        j.fieldWithHex("sectionHeaderOffset", "sectionHeaderOffsetHex", input.header.sectionHeaderOffset)
        j.field("sectionNameTableIndex", input.file.sectionNameTableIndex)
        j.key("sections")
        j.beginArray()
        for s in sections {
            j.beginObject()
            j.field("index", s.index)
            j.key("name"); j.sectionName(input.sectionName(s))
            j.field("nameOffset", UInt64(s.nameOffset))
            j.field("type", UInt64(s.type.rawValue))
            j.field("typeName", ReadelfNames.sectionType(s.type.rawValue, machine: input.machine))
            j.fieldWithHex("address", "addressHex", s.address)
            j.fieldWithHex("offset", "offsetHex", s.offset)
            j.fieldWithHex("size", "sizeHex", s.size)
            j.fieldWithHex("entrySize", "entrySizeHex", s.entrySize)
            j.fieldWithHex("flags", "flagsHex", s.flags.rawValue)
            j.field("flagLetters",
                    ReadelfNames.sectionFlagLetters(s.flags.rawValue, machine: input.machine, osABI: input.osABI))
            j.field("link", UInt64(s.link))
            j.field("info", UInt64(s.info))
            j.field("alignment", s.addressAlignment)
            j.endObject()
        }
        j.endArray()
        j.endObject()
        out.newline()
    }
}
