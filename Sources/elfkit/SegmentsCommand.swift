// `elfkit segments FILE`: the program headers and the section-to-segment
// mapping, like `readelf -lW`.

import ArgumentParser
import ElfKit

struct SegmentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segments",
        abstract: "List the program headers and which sections each segment holds (like readelf -lW).")

    @OptionGroup var options: CommonOptions

    @Argument(help: "The ELF file to read.")
    var file: String

    func run() {
        let input = ElfInput.open(file)
        let segments = input.segments()
        let sections = input.sections()
        let out = Output()
        if options.json {
            writeJSON(input, segments, sections, out)
        } else {
            writeText(input, segments, sections, out, style: options.style)
        }
        out.flush()
    }

    /// The program interpreter named by a PT_INTERP segment: its p_filesz
    /// bytes up to the first NUL, as readelf reads it. Nil (readelf prints
    /// nothing) when the segment is empty or not inside the file, as in
    /// separate debug files that keep the header but not the bytes.
    static func interpreter(_ input: ElfInput, _ p: ElfProgramHeader) -> UnsafeRawBufferPointer? {
        guard p.type == .interp, p.fileSize != 0, let bytes = try? input.file.contents(of: p) else { return nil }
        let end = bytes.firstIndex(of: 0) ?? bytes.count
        return UnsafeRawBufferPointer(rebasing: bytes[0..<end])
    }

    /// binutils' ELF_SECTION_IN_SEGMENT_STRICT (include/elf/internal.h),
    /// with its unsigned wrap-around arithmetic, minus .tbss outside PT_TLS.
    static func contains(_ s: ElfSectionHeader, _ p: ElfProgramHeader) -> Bool {
        let tls = s.flags.contains(.tls)
        let alloc = s.flags.contains(.alloc)
        let nobits = s.type == .nobits
        let t = p.type.rawValue
        let tbssSpecial = tls && nobits && t != 7
        if tbssSpecial { return false }
        let size = s.size
        // Only PT_LOAD, PT_GNU_RELRO and PT_TLS hold TLS sections; PT_TLS only those; PT_PHDR none.
        let tlsRule = (tls && (t == 7 || t == 0x6474_e552 || t == 1)) || (!tls && t != 7 && t != 6)
        guard tlsRule else { return false }
        // PT_LOAD and similar segments only hold SHF_ALLOC sections.
        let allocOnly = t == 1 || t == 2 || t == 0x6474_e550 || t == 0x6474_e551 || t == 0x6474_e552
            || t == 0x6474_e554 || (t >= 0x6474_e555 && t < 0x6474_e555 + 4096)
        if !alloc && allocOnly { return false }
        // File offsets inside the segment (strict: not at its very end).
        if !nobits {
            guard s.offset >= p.offset,
                  s.offset &- p.offset <= p.fileSize &- 1,
                  s.offset &- p.offset &+ size <= p.fileSize else { return false }
        }
        // Addresses inside the segment for SHF_ALLOC sections.
        if alloc {
            guard s.address >= p.virtualAddress,
                  s.address &- p.virtualAddress <= p.memorySize &- 1,
                  s.address &- p.virtualAddress &+ size <= p.memorySize else { return false }
        }
        // No empty sections at the edges of PT_DYNAMIC or PT_NOTE.
        if (t == 2 || t == 4) && size == 0 && p.memorySize != 0 {
            let offsetInside = nobits || (s.offset > p.offset && s.offset &- p.offset < p.fileSize)
            let addressInside = !alloc
                || (s.address > p.virtualAddress && s.address &- p.virtualAddress < p.memorySize)
            if !(offsetInside && addressInside) { return false }
        }
        return true
    }

    private func writeText(
        _ input: ElfInput, _ segments: [ElfProgramHeader], _ sections: [ElfSectionHeader], _ out: Output,
        style: Style
    ) {
        let h = input.header
        guard !segments.isEmpty else {
            out.text("\nThere are no program headers in this file.\n")
            return
        }
        out.text("\nElf file type is ")
        out.text(ReadelfNames.fileType(h.type.rawValue, isPIE: input.isPIE()))
        out.text("\nEntry point ")
        out.prefixedHex(h.entry)
        out.text(segments.count == 1 ? "\nThere is 1 program header" : "\nThere are \(segments.count) program headers")
        out.text(", starting at offset ")
        out.decimal(h.programHeaderOffset)
        out.text("\n\n")
        style.beginBold(out); out.text(segments.count == 1 ? "Program Header:" : "Program Headers:"); style.end(out)
        out.newline()
        if input.is64 {
            out.text("  Type           Offset   VirtAddr           PhysAddr           FileSiz  MemSiz   Flg Align\n")
        } else {
            out.text("  Type           Offset   VirtAddr   PhysAddr   FileSiz MemSiz  Flg Align\n")
        }
        for p in segments {
            out.text("  ")
            var type = ReadelfNames.segmentType(p.type.rawValue, machine: input.machine)
            if type.utf8.count > 14 { type = String(type.utf8.prefix(14))! }
            out.text(type, left: 14)
            out.byte(0x20)
            if input.is64 {
                out.prefixedHex(p.offset, width: 6); out.byte(0x20)
                out.prefixedHex(p.virtualAddress, width: 16); out.byte(0x20)
                out.prefixedHex(p.physicalAddress, width: 16); out.byte(0x20)
                out.prefixedHex(p.fileSize, width: 6); out.byte(0x20)
                out.prefixedHex(p.memorySize, width: 6)
            } else {
                out.prefixedHex(p.offset, width: 6); out.byte(0x20)
                out.prefixedHex(p.virtualAddress, width: 8); out.byte(0x20)
                out.prefixedHex(p.physicalAddress, width: 8); out.byte(0x20)
                out.prefixedHex(p.fileSize, width: 5); out.byte(0x20)
                out.prefixedHex(p.memorySize, width: 5)
            }
            out.byte(0x20)
            out.text(SegmentsCommand.flagLetters(p.flags, spaced: true))
            out.byte(0x20)
            out.alternateHex(p.alignment)
            out.newline()
            if let interp = SegmentsCommand.interpreter(input, p) {
                out.text("      [Requesting program interpreter: ")
                out.bytes(interp)
                out.text("]\n")
            }
        }
        guard !sections.isEmpty else { return }
        out.text("\n Section to Segment mapping:\n  Segment Sections...\n")
        for p in segments {
            out.text("   ")
            out.decimal(UInt64(p.index), width: 2, zeroPadded: true)
            out.text("     ")
            for s in sections.dropFirst() where SegmentsCommand.contains(s, p) {
                out.printable(input.sectionName(s))
                out.byte(0x20)
            }
            out.newline()
        }
    }

    /// "RWE" letters; `spaced` keeps readelf's fixed columns ("R E").
    static func flagLetters(_ f: ElfSegmentFlags, spaced: Bool) -> String {
        let r = f.contains(.read), w = f.contains(.write), e = f.contains(.execute)
        if spaced { return (r ? "R" : " ") + (w ? "W" : " ") + (e ? "E" : " ") }
        return (r ? "R" : "") + (w ? "W" : "") + (e ? "E" : "")
    }

    private func writeJSON(
        _ input: ElfInput, _ segments: [ElfProgramHeader], _ sections: [ElfSectionHeader], _ out: Output
    ) {
        let h = input.header
        let j = JSONWriter(out)
        j.beginObject()
        j.field("file", file)
        j.field("type", UInt64(h.type.rawValue))
        j.field("typeName", ReadelfNames.fileTypeShort(h.type.rawValue))
        j.field("typeDescription", ReadelfNames.fileType(h.type.rawValue, isPIE: input.isPIE()))
        j.fieldWithHex("entry", "entryHex", h.entry)
        j.field("programHeaderOffset", h.programHeaderOffset)
        j.key("segments")
        j.beginArray()
        for p in segments {
            j.beginObject()
            j.field("index", p.index)
            j.field("type", UInt64(p.type.rawValue))
            j.field("typeName", ReadelfNames.segmentType(p.type.rawValue, machine: input.machine))
            j.fieldWithHex("offset", "offsetHex", p.offset)
            j.fieldWithHex("virtualAddress", "virtualAddressHex", p.virtualAddress)
            j.fieldWithHex("physicalAddress", "physicalAddressHex", p.physicalAddress)
            j.fieldWithHex("fileSize", "fileSizeHex", p.fileSize)
            j.fieldWithHex("memorySize", "memorySizeHex", p.memorySize)
            j.field("flags", UInt64(p.flags.rawValue))
            j.field("flagLetters", SegmentsCommand.flagLetters(p.flags, spaced: false))
            j.fieldWithHex("alignment", "alignmentHex", p.alignment)
            if let interp = SegmentsCommand.interpreter(input, p) {
                j.key("interpreter"); j.string(bytes: interp)
            }
            j.key("sections")
            j.beginArray()
            for s in sections.dropFirst() where SegmentsCommand.contains(s, p) {
                j.sectionName(input.sectionName(s))
            }
            j.endArray()
            j.endObject()
        }
        j.endArray()
        j.endObject()
        out.newline()
    }
}
