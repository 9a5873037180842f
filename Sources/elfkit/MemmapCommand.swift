// `elfkit memmap FILE`: the address space an ELF file describes, drawn with the
// memory-map viewer: its PT_LOAD segments, then its SHF_ALLOC sections.

import ArgumentParser
import ElfKit
import MemoryMap

#if canImport(Glibc)
import Glibc
#endif

struct MemmapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memmap",
        abstract: "Draw the memory map of an ELF file: its loadable segments and allocated sections.",
        discussion: """
            Two maps: the PT_LOAD segments (memory size, R/W/E flags), then the sections with SHF_ALLOC \
            (W and EXECINSTR flags; .tbss, which takes no address space of its own, is left out). Each \
            shows an address bar (compressed when the layout is sparse), a legend and a table. Other \
            program headers (DYNAMIC, NOTE, GNU_RELRO...) lie inside the loadable ones and are not drawn.
            """)

    @OptionGroup var options: CommonOptions

    @Option(help: "Columns to draw in (default: the terminal's width; 100 when not a terminal).")
    var width: Int?

    @Flag(help: "Only the tables: no address bars and no legends.")
    var tableOnly = false

    @Argument(help: "The ELF file to read.")
    var file: String

    func validate() throws {
        if let width, width < 20 { throw ValidationError("--width \(width) is too narrow: give 20 columns or more") }
    }

    func run() {
        let input = ElfInput.open(file)
        if input.header.type == .relocatable {
            Failure.exit(file: file, "a relocatable object: its sections have no load addresses yet (memmap a linked file)")
        }
        let segments = MemmapCommand.segmentRegions(input.segments())
        let (sections, skipped) = MemmapCommand.sectionRegions(input, input.sections())
        let segmentMap = mergeRegions(segments)
        let sectionMap = mergeRegions(sections)
        var text: String
        if options.json {
            text = "{\"file\": \(jsonString(file)), \"segments\": \(memoryMapJSON(segmentMap).dropLast()), "
                + "\"sections\": \(memoryMapJSON(sectionMap).dropLast()), \"issues\": ["
                + (segmentMap.issues + sectionMap.issues).map { jsonString($0.description) }.joined(separator: ", ")
                + "]}\n"
        } else {
            let color = TerminalEnvironment.colorAllowed(noColorFlag: options.noColor)
            let render = RenderOptions(width: TerminalEnvironment.width(requested: width), color: color,
                                       showBar: !tableOnly, showLegend: !tableOnly)
            let bold = { (s: String) in color ? "\u{1B}[1m" + s + "\u{1B}[0m" : s }
            text = bold("Segments (PT_LOAD) of \(file):") + "\n"
            text += segments.isEmpty ? "(none: the file has no loadable segments)\n" : renderMemoryMap(segmentMap, options: render)
            text += "\n" + bold("Sections (SHF_ALLOC):") + "\n"
            text += sections.isEmpty ? "(none)\n" : renderMemoryMap(sectionMap, options: render)
            if skipped > 0 { text += "(\(skipped) empty or .tbss section\(skipped == 1 ? "" : "s") not drawn)\n" }
        }
        let out = Output()
        out.text(text)
        out.flush()
    }

    /// One region per PT_LOAD segment with a non-zero memory size.
    static func segmentRegions(_ segments: [ElfProgramHeader]) -> [Region] {
        segments.compactMap { p in
            guard p.type == .load, p.memorySize > 0 else { return nil }
            var permissions: Permissions = []
            if p.flags.contains(.read) { permissions.insert(.read) }
            if p.flags.contains(.write) { permissions.insert(.write) }
            if p.flags.contains(.execute) { permissions.insert(.execute) }
            let end = p.virtualAddress &+ p.memorySize
            let kind = p.flags.contains(.execute) ? "code" : p.flags.contains(.write) ? "data" : "read-only"
            return Region(start: p.virtualAddress, end: end < p.virtualAddress ? UInt64.max : end,
                          permissions: permissions,
                          name: "LOAD [\(p.index)] offset 0x\(String(p.offset, radix: 16)), filesz 0x\(String(p.fileSize, radix: 16))",
                          kind: kind)
        }
    }

    /// One region per allocated section, and how many allocated ones were left out (empty, .tbss).
    static func sectionRegions(_ input: ElfInput, _ sections: [ElfSectionHeader]) -> ([Region], Int) {
        var regions: [Region] = []
        var skipped = 0
        for s in sections.dropFirst() where s.flags.contains(.alloc) {
            let end = s.address &+ s.size
            guard s.size > 0, !(s.flags.contains(.tls) && s.type == .nobits), end > s.address else {
                skipped += 1
                continue
            }
            var permissions: Permissions = [.read]
            if s.flags.contains(.write) { permissions.insert(.write) }
            if s.flags.contains(.execInstr) { permissions.insert(.execute) }
            let kind = s.flags.contains(.execInstr) ? "code" : s.type == .nobits ? "bss"
                : s.flags.contains(.write) ? "data" : "read-only"
            let name: String
            switch input.sectionName(s) {
            case .bytes(let b): name = String(decoding: b, as: UTF8.self)
            case .missing: name = "<no-strings>"
            case .corrupt: name = "<corrupt>"
            }
            regions.append(Region(start: s.address, end: end, permissions: permissions, name: name, kind: kind))
        }
        return (regions, skipped)
    }
}
