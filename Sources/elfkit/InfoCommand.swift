// `elfkit info FILE`: the ELF file header, like `readelf -hW`.

import ArgumentParser
import ElfKit

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show the ELF file header (like readelf -hW).")

    @OptionGroup var options: CommonOptions

    @Argument(help: "The ELF file to read.")
    var file: String

    func run() {
        let input = ElfInput.open(file)
        let out = Output()
        if options.json {
            writeJSON(input, out)
        } else {
            writeText(input, out, style: options.style)
        }
        out.flush()
    }

    /// The header's raw and resolved counts (extended numbering through section 0).
    struct Counts {
        var programHeaders: String
        var sections: String
        var nameIndex: String
    }

    static func counts(_ input: ElfInput) -> Counts {
        let h = input.header
        var c = Counts(programHeaders: String(h.rawProgramHeaderCount), sections: String(h.rawSectionHeaderCount),
                       nameIndex: String(h.rawSectionNameTableIndex))
        if h.rawProgramHeaderCount == 0xffff { c.programHeaders += " (\(input.file.programHeaderCount))" }
        if h.rawSectionHeaderCount == 0 && h.sectionHeaderOffset != 0 { c.sections += " (\(input.file.sectionCount))" }
        if h.rawSectionNameTableIndex == 0xffff { c.nameIndex += " (\(input.file.sectionNameTableIndex))" }
        return c
    }

    private func writeText(_ input: ElfInput, _ out: Output, style: Style) {
        let h = input.header
        style.beginBold(out); out.text("ELF Header:"); style.end(out); out.newline()
        out.text("  Magic:   ")
        for i in 0..<16 {
            out.hex(UInt64(i < input.file.bytes.count ? input.file.bytes[i] : 0), width: 2)
            out.byte(0x20)
        }
        out.newline()
        func line(_ label: String, _ value: String) {
            out.text("  "); out.text(label, left: 35); out.text(value); out.newline()
        }
        line("Class:", input.is64 ? "ELF64" : "ELF32")
        line("Data:", h.byteOrder == .little ? "2's complement, little endian" : "2's complement, big endian")
        line("Version:", "1 (current)")
        line("OS/ABI:", ReadelfNames.osABI(h.osABI, machine: input.machine))
        line("ABI Version:", String(h.abiVersion))
        line("Type:", ReadelfNames.fileType(h.type.rawValue, isPIE: input.isPIE()))
        line("Machine:", ReadelfNames.machine(input.machine))
        line("Version:", "0x" + String(h.version, radix: 16))
        line("Entry point address:", "0x" + String(h.entry, radix: 16))
        line("Start of program headers:", "\(h.programHeaderOffset) (bytes into file)")
        line("Start of section headers:", "\(h.sectionHeaderOffset) (bytes into file)")
        line("Flags:", "0x" + String(h.flags, radix: 16) + ReadelfNames.machineFlags(h.flags, machine: input.machine))
        line("Size of this header:", "\(h.headerSize) (bytes)")
        line("Size of program headers:", "\(h.programHeaderEntrySize) (bytes)")
        let c = InfoCommand.counts(input)
        line("Number of program headers:", c.programHeaders)
        line("Size of section headers:", "\(h.sectionHeaderEntrySize) (bytes)")
        line("Number of section headers:", c.sections)
        line("Section header string table index:", c.nameIndex)
    }

    private func writeJSON(_ input: ElfInput, _ out: Output) {
        let h = input.header
        let j = JSONWriter(out)
        j.beginObject()
        j.field("file", file)
        j.key("ident"); j.beginArray()
        for i in 0..<16 { j.number(UInt64(i < input.file.bytes.count ? input.file.bytes[i] : 0)) }
        j.endArray()
        j.field("class", input.is64 ? "ELF64" : "ELF32")
        j.field("data", h.byteOrder == .little ? "little" : "big")
        j.field("identVersion", 1)
        j.field("osABI", UInt64(h.osABI))
        j.field("osABIName", ReadelfNames.osABI(h.osABI, machine: input.machine))
        j.field("abiVersion", UInt64(h.abiVersion))
        j.field("type", UInt64(h.type.rawValue))
        j.field("typeName", ReadelfNames.fileTypeShort(h.type.rawValue))
        j.field("typeDescription", ReadelfNames.fileType(h.type.rawValue, isPIE: input.isPIE()))
        j.field("machine", UInt64(input.machine))
        j.field("machineName", ReadelfNames.machine(input.machine))
        j.fieldWithHex("version", "versionHex", UInt64(h.version))
        j.fieldWithHex("entry", "entryHex", h.entry)
        j.field("programHeaderOffset", h.programHeaderOffset)
        j.field("sectionHeaderOffset", h.sectionHeaderOffset)
        j.fieldWithHex("flags", "flagsHex", UInt64(h.flags))
        j.field("headerSize", UInt64(h.headerSize))
        j.field("programHeaderEntrySize", UInt64(h.programHeaderEntrySize))
        j.field("programHeaderCount", input.file.programHeaderCount)
        j.field("rawProgramHeaderCount", UInt64(h.rawProgramHeaderCount))
        j.field("sectionHeaderEntrySize", UInt64(h.sectionHeaderEntrySize))
        j.field("sectionHeaderCount", input.file.sectionCount)
        j.field("rawSectionHeaderCount", UInt64(h.rawSectionHeaderCount))
        j.field("sectionNameTableIndex", input.file.sectionNameTableIndex)
        j.field("rawSectionNameTableIndex", UInt64(h.rawSectionNameTableIndex))
        j.endObject()
        out.newline()
    }
}
