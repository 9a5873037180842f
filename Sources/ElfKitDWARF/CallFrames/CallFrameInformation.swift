// The call frame information of one ELF file: its .eh_frame and
// .debug_frame, mapped, with an index of FDEs by address built on the
// first lookup (a sorted array searched by binary search).

import ElfKit

public final class CallFrameInformation {
    public let path: String
    private let image: ObjectImage
    /// .eh_frame first: it is what a loaded program unwinds with, and
    /// .debug_frame (if any) fills the gaps.
    public let sections: [CallFrameSection]
    /// Per section: its FDEs sorted by start address, and its CIEs by offset.
    private var index: [(fdes: [FrameDescriptionEntry], cies: [Int: CommonInformationEntry])]?
    /// Sections that could not be read to the end, and why (such a section is not used).
    public private(set) var problems: [CallFrameError] = []

    /// What covers a pc: the FDE, its CIE and the section they are in.
    public struct Entry {
        public let section: CallFrameSection
        public let cie: CommonInformationEntry
        public let fde: FrameDescriptionEntry
        public var table: UnwindTableBuilder { UnwindTableBuilder(section: section, cie: cie, fde: fde) }
    }

    public init(path: String) throws(SymbolizerError) {
        self.path = path
        image = try ObjectImage(path: path)
        var found: [CallFrameSection] = []
        for (name, kind) in [(".eh_frame", CallFrameSection.Kind.ehFrame), (".debug_frame", .debugFrame)] {
            guard let header = image.section(named: name), header.type != .nobits, header.size > 0 else { continue }
            // .debug_frame may be compressed; .eh_frame never is (it is loaded).
            let bytes = kind == .debugFrame ? try image.debugSection(name) : try? image.elf.contents(of: header)
            guard let bytes else { continue }
            found.append(CallFrameSection(kind: kind, bytes: bytes, address: header.address, bigEndian: image.bigEndian))
        }
        sections = found
    }

    /// Every CIE and FDE of `section`, in section order.
    public func entries(of section: CallFrameSection) throws(CallFrameError)
        -> (cies: [Int: CommonInformationEntry], fdes: [FrameDescriptionEntry]) {
        try section.entries()
    }

    /// The entry whose FDE covers `pc`, or nil.
    public func entry(covering pc: UInt64) -> Entry? {
        for (i, indexed) in loadIndex().enumerated() {
            let fdes = indexed.fdes
            // The last FDE starting at or below pc (FDEs of one section do not overlap).
            var lo = 0, hi = fdes.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if fdes[mid].start <= pc { lo = mid + 1 } else { hi = mid }
            }
            if lo > 0, fdes[lo - 1].contains(pc), let cie = indexed.cies[fdes[lo - 1].cieOffset] {
                return Entry(section: sections[i], cie: cie, fde: fdes[lo - 1])
            }
        }
        return nil
    }

    /// The unwind row in effect at `pc`, or nil when no FDE covers it.
    public func row(at pc: UInt64) throws(CallFrameError) -> UnwindRow? {
        guard let entry = entry(covering: pc) else { return nil }
        return try entry.table.row(at: pc)
    }

    private func loadIndex() -> [(fdes: [FrameDescriptionEntry], cies: [Int: CommonInformationEntry])] {
        if let index { return index }
        var all: [(fdes: [FrameDescriptionEntry], cies: [Int: CommonInformationEntry])] = []
        for section in sections {
            do {
                let (cies, fdes) = try section.entries()
                // Zero-length FDEs (of discarded functions) cover nothing.
                all.append((fdes.filter { $0.length > 0 }.sorted { $0.start < $1.start }, cies))
            } catch {
                all.append(([], [:]))
                problems.append(error)
            }
        }
        index = all
        return all
    }
}
