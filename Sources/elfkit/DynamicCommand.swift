// `elfkit dynamic FILE`: the dynamic section, like `readelf -dW`.
//
// As readelf, the table is the PT_DYNAMIC segment (none without program
// headers, none when the .dynamic section is SHT_NOBITS as in separate
// debug files), entries up to the first DT_NULL, and strings from
// DT_STRTAB/DT_STRSZ (else the .dynamic section's sh_link).

import ArgumentParser
import ElfKit

struct DynamicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dynamic",
        abstract: "List the dynamic section: needed libraries, soname, flags, tables (like readelf -dW).")

    @OptionGroup var options: CommonOptions

    @Argument(help: "The ELF file to read.")
    var file: String

    func run() {
        let input = ElfInput.open(file)
        let found = Self.table(input)
        var entries: [ElfDynamicEntry] = []
        if let (_, table) = found {
            for i in 0..<table.count {
                do throws(ElfError) { entries.append(try table.entry(at: i)) } catch { input.fail(error) }
            }
        }
        let interpreter = input.segments().first { $0.type == .interp }
            .flatMap { SegmentsCommand.interpreter(input, $0) }
        let text = DynamicText(input: input, strings: found?.1.strings, interpreter: interpreter)
        let out = Output()
        if options.json {
            let j = JSONWriter(out)
            j.beginObject()
            j.field("file", file)
            if let (segment, _) = found {
                j.fieldWithHex("offset", "offsetHex", segment.offset)
            } else {
                j.key("offset"); j.null()
            }
            j.key("entries")
            j.beginArray()
            for e in entries { text.writeJSON(e, j) }
            j.endArray()
            j.endObject()
            out.newline()
        } else if let (segment, _) = found {
            out.newline()
            options.style.beginBold(out)
            out.text("Dynamic section at offset ")
            out.prefixedHex(segment.offset)
            out.text(" contains ")
            out.decimal(UInt64(entries.count))
            out.text(entries.count == 1 ? " entry:" : " entries:")
            options.style.end(out)
            out.text("\n  Tag        Type                         Name/Value\n")
            for e in entries {
                out.byte(0x20)
                out.prefixedHex(UInt64(bitPattern: e.tag.rawValue) & (input.is64 ? ~0 : 0xffff_ffff),
                                width: input.is64 ? 16 : 8)
                let name = text.tagName(e.tag.rawValue)
                out.text(" (")
                out.text(name)
                out.byte(0x29)
                out.spaces(max(1, (input.is64 ? 19 : 27) - name.utf8.count))
                text.writeValue(e, out)
                out.newline()
            }
        } else {
            out.text("\nThere is no dynamic section in this file.\n")
        }
        out.flush()
    }

    /// The PT_DYNAMIC segment and its table, or nil when readelf finds none.
    static func table(_ input: ElfInput) -> (ElfProgramHeader, ElfDynamicTable)? {
        guard let segment = input.segments().first(where: { $0.type == .dynamic }) else { return nil }
        let sections = input.sections()
        if sections.contains(where: { s in
            s.type == .nobits && { if case .bytes(let b) = input.sectionName(s) { return elfNameEquals(b, ".dynamic") }
                                   return false }()
        }) {
            return nil
        }
        do throws(ElfError) {
            if let table = try? input.file.dynamicTable(in: segment), table.strings != nil { return (segment, table) }
            // No usable DT_STRTAB: take the strings the .dynamic section links to, if any.
            var strings: ElfStringTable? = nil
            if let s = sections.first(where: { $0.type == .dynamic }), Int(s.link) < sections.count,
               sections[Int(s.link)].type == .strtab {
                strings = try? input.file.stringTable(at: Int(s.link))
            }
            let table = try ElfDynamicTable(
                bytes: try input.file.contents(of: segment), fileClass: input.file.fileClass,
                order: input.file.byteOrder, strings: strings, baseOffset: Int(clamping: segment.offset))
            return (segment, table)
        } catch {
            input.fail(error)
        }
    }
}
