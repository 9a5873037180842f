// `elfkit notes FILE`: the notes of SHT_NOTE sections (or, in a file without
// note sections, of PT_NOTE segments), like `readelf -nW`.
//
// Every note container is decoded before anything is printed, so a note
// whose sizes run out of its section fails the command with only an error.

import ArgumentParser
import ElfKit

struct NotesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notes",
        abstract: "List the notes: build ID, ABI tag, GNU properties, ... (like readelf -nW).")

    @OptionGroup var options: CommonOptions

    @Argument(help: "The ELF file to read.")
    var file: String

    /// One SHT_NOTE section or PT_NOTE segment with its decoded notes.
    struct Container {
        var section: ElfSectionHeader?
        var segment: ElfProgramHeader?
        var offset: UInt64
        var size: UInt64
        var alignment: Int
        var notes: [ElfNote]
    }

    func run() {
        let input = ElfInput.open(file)
        let containers = Self.containers(input)
        let out = Output()
        if options.json {
            writeJSON(input, containers, out)
        } else {
            writeText(input, containers, out, style: options.style)
        }
        out.flush()
    }

    /// readelf's choice: note sections of a non-core file with sections,
    /// else PT_NOTE segments. Empty containers are skipped, as readelf does.
    static func containers(_ input: ElfInput) -> [Container] {
        var result: [Container] = []
        func drain(_ it: ElfNoteIterator) throws(ElfError) -> [ElfNote] {
            var it = it
            var notes: [ElfNote] = []
            while let n = try it.next() { notes.append(n) }
            return notes
        }
        if input.header.type.rawValue != 4 {
            for s in input.sections() where s.type == .note {
                do throws(ElfError) {
                    let it = try input.file.notes(in: s)
                    result.append(Container(section: s, segment: nil, offset: s.offset, size: s.size,
                                            alignment: it.alignment, notes: try drain(it)))
                } catch {
                    input.fail(error)
                }
            }
            if !result.isEmpty { return result.filter { $0.size != 0 } }
        }
        for p in input.segments() where p.type == .note {
            do throws(ElfError) {
                let it = try input.file.notes(in: p)
                result.append(Container(section: nil, segment: p, offset: p.offset, size: p.fileSize,
                                        alignment: it.alignment, notes: try drain(it)))
            } catch {
                input.fail(error)
            }
        }
        return result.filter { $0.size != 0 }
    }

    private func writeText(_ input: ElfInput, _ containers: [Container], _ out: Output, style: Style) {
        for c in containers {
            out.newline()
            style.beginBold(out)
            if let s = c.section {
                out.text("Displaying notes found in: ")
                out.printable(input.sectionName(s))
            } else {
                out.text("Displaying notes found at file offset ")
                out.prefixedHex(c.offset, width: 8)
                out.text(" with length ")
                out.prefixedHex(c.size, width: 8)
                out.byte(0x3a)
            }
            style.end(out)
            out.newline()
            out.text("  Owner                Data size \tDescription\n")
            for n in c.notes {
                out.text("  ")
                var columns = 6
                if n.name.isEmpty { out.text("(NONE)") } else { columns = out.printable(n.name) }
                out.spaces(20 - columns)
                out.text(" ")
                out.prefixedHex(UInt64(n.descriptor.count), width: 8)
                out.byte(0x09)
                out.text(NoteText.typeName(n))
                out.byte(0x09)
                out.text(NoteText.description(n, machine: input.machine))
            }
        }
    }

    private func writeJSON(_ input: ElfInput, _ containers: [Container], _ out: Output) {
        let j = JSONWriter(out)
        j.beginObject()
        j.field("file", file)
        j.key("containers")
        j.beginArray()
        for c in containers {
            j.beginObject()
            if let s = c.section {
                j.field("kind", "section")
                j.key("name"); j.sectionName(input.sectionName(s))
                j.field("sectionIndex", s.index)
            } else if let p = c.segment {
                j.field("kind", "segment")
                j.field("segmentIndex", p.index)
            }
            j.fieldWithHex("offset", "offsetHex", c.offset)
            j.fieldWithHex("size", "sizeHex", c.size)
            j.field("alignment", c.alignment)
            j.key("notes")
            j.beginArray()
            for n in c.notes { writeNote(n, input, j) }
            j.endArray()
            j.endObject()
        }
        j.endArray()
        j.endObject()
        out.newline()
    }

    private func writeNote(_ n: ElfNote, _ input: ElfInput, _ j: JSONWriter) {
        j.nextElementOnNewLine()
        j.beginObject()
        j.key("owner"); j.string(bytes: n.name)
        j.fieldWithHex("type", "typeHex", UInt64(n.type.rawValue))
        j.field("typeName", NoteText.typeName(n))
        j.field("descriptorSize", n.descriptor.count)
        j.field("descriptor", n.descriptor.map { NoteText.byteHex($0) }.joined())
        var text = NoteText.description(n, machine: input.machine)
        while let last = text.last, last == "\n" || last == " " { text.removeLast() }
        while let first = text.first, first == " " { text.removeFirst() }
        j.field("description", text)
        if let id = n.gnuBuildID { j.field("buildID", id.map { NoteText.byteHex($0) }.joined()) }
        if let tag = try? n.gnuABITag() {
            j.key("abiTag")
            j.beginObject()
            j.field("os", UInt64(tag.os))
            if let name = tag.osName { j.field("osName", name) } else { j.key("osName"); j.null() }
            j.field("major", UInt64(tag.major))
            j.field("minor", UInt64(tag.minor))
            j.field("patch", UInt64(tag.patch))
            j.endObject()
        }
        if var properties = n.gnuProperties(machine: input.file.header.machine) {
            j.key("properties")
            j.beginArray()
            while let p = try? properties.next() {
                j.beginObject()
                j.fieldWithHex("type", "typeHex", UInt64(p.type))
                j.field("data", p.data.map { NoteText.byteHex($0) }.joined())
                let size = input.is64 ? 8 : 4
                j.field("text", NoteText.property(type: p.type, data: p.data, note: n, machine: input.machine,
                                                  size: size))
                j.endObject()
            }
            j.endArray()
        }
        j.endObject()
    }
}
