// A symbol table checked up front, with what printing it needs (names,
// extended section indices, GNU versions); used by `symbols` and `relocs`.

import ElfKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One symbol table with what printing it needs, checked up front.
struct SymbolTableView {
    let section: ElfSectionHeader
    let table: ElfSymbolTable
    /// The SHT_SYMTAB_SHNDX words for this table, if the file has them.
    let extendedIndices: UnsafeRawBufferPointer?
    let byteOrder: ByteOrder
    let sectionCount: Int
    let sectionNames: [SectionName]
    let versions: SymbolVersions

    init(input: ElfInput, sections: [ElfSectionHeader], section: ElfSectionHeader) throws(ElfError) {
        self.section = section
        // An sh_entsize larger than the file is never valid (ElfSymbolTable.init
        // rejects it too, for non-empty tables and above UInt32.max).
        guard section.entrySize <= UInt64(input.file.bytes.count) else {
            throw .badValue(structure: .sectionHeader, field: .entrySize, offset: section.headerOffset)
        }
        self.table = try input.file.symbolTable(at: section.index)
        var extended: UnsafeRawBufferPointer? = nil
        for s in sections where s.type == .symtabShndx && Int(s.link) == section.index {
            extended = try input.file.contents(of: s)
            break
        }
        self.extendedIndices = extended
        self.byteOrder = input.file.byteOrder
        self.sectionCount = sections.count
        self.sectionNames = sections.map { input.sectionName($0) }
        self.versions = SymbolVersions(input: input, table: section)
    }

    /// st_shndx with SHN_XINDEX resolved through SHT_SYMTAB_SHNDX (as readelf does).
    @inline(__always)
    func resolvedSectionIndex(_ sym: ElfSymbol) -> UInt32 {
        let raw = sym.sectionIndex
        guard raw == 0xffff, let words = extendedIndices else { return UInt32(raw) }
        let at = sym.index * 4
        guard at + 4 <= words.count else { return UInt32(raw) }
        let v = words.loadUnaligned(fromByteOffset: at, as: UInt32.self)
        return byteOrder == .little ? UInt32(littleEndian: v) : UInt32(bigEndian: v)
    }

    /// readelf's Ndx column ("%4s" of UND, ABS, COM, the index, ...).
    @inline(__always)
    func writeNdx(_ shndx: UInt32, _ out: Output, padded: Bool = true) {
        switch shndx {
        case 0: if padded { out.byte(0x20) }; out.text("UND")
        case 0xfff1: if padded { out.byte(0x20) }; out.text("ABS")
        case 0xfff2: if padded { out.byte(0x20) }; out.text("COM")
        default:
            if shndx >= 0xff00 && shndx <= 0xffff {
                if shndx <= 0xff1f {
                    out.text("PRC[0x")
                } else if shndx >= 0xff20 && shndx <= 0xff3f {
                    out.text("OS [0x")
                } else {
                    out.text("RSV[0x")
                }
                out.hex(UInt64(shndx), width: 4)
                out.byte(0x5d)
            } else if Int(shndx) >= sectionCount {
                out.text("bad section index[")
                out.decimal(UInt64(shndx), width: 3)
                out.byte(0x5d)
            } else {
                out.decimal(UInt64(shndx), width: padded ? 4 : 0)
            }
        }
    }

    /// The symbol's name bytes: from the string table (to its end if no NUL
    /// follows), or the section's name for an unnamed STT_SECTION symbol;
    /// nil if the offset is outside the string table.
    @inline(__always)
    func nameBytes(_ sym: ElfSymbol, shndx: UInt32) -> UnsafeRawBufferPointer? {
        if sym.info & 0xf == 3 && sym.nameOffset == 0 && Int(shndx) < sectionCount {
            return sectionNames[Int(shndx)].raw
        }
        let strings = table.strings.bytes
        let offset = Int(sym.nameOffset)
        guard offset < strings.count, let base = strings.baseAddress else { return nil }
        let start = base + offset
        let limit = strings.count - offset
        if let nul = memchr(start, 0, limit) {
            return UnsafeRawBufferPointer(start: start, count: nul - UnsafeMutableRawPointer(mutating: start))
        }
        return UnsafeRawBufferPointer(start: start, count: limit)
    }

    @inline(__always)
    func writeName(_ name: UnsafeRawBufferPointer?, _ out: Output) {
        if let name { out.printable(name) } else { out.text("<corrupt>") }
    }
}

/// GNU symbol versions (.gnu.version, .gnu.version_d, .gnu.version_r) for
/// the dynamic symbol table, as the suffixes readelf prints after the
/// names: "@VER (N)" for a version needed from another file, "@@VER" for a
/// defined default version, "@VER" for a hidden one. Only .dynsym has
/// them (readelf shows versions only there); .symtab names that carry a
/// version already have it in the string.
///
/// The lookup is ElfKit's (ElfSymbolVersioning.version(of:)); results are
/// cached per distinct .gnu.version value, since a table has thousands of
/// symbols but only a handful of versions.
final class SymbolVersions {
    private let versioning: ElfSymbolVersioning?
    /// Key: .gnu.version entry | (undefined ? 0x10000 : 0).
    private var cache: [UInt32: ElfSymbolVersion] = [:]

    init(input: ElfInput, table: ElfSectionHeader) {
        // A malformed versioning section only loses the suffixes, as in readelf.
        versioning = table.type == .dynsym ? ((try? input.file.symbolVersioning()) ?? nil) : nil
    }

    var isEmpty: Bool { versioning == nil }

    /// The version of `sym`, or nil (ElfKit's answer, which like readelf
    /// gives none for the marker symbol a definition shares its name with,
    /// GLIBC_2.10 in libc). `name` is the symbol's name in the string table.
    ///
    /// Found versions are cached per .gnu.version value: a cached definition
    /// applies to every symbol with that value except the marker, which is
    /// recognised by its name being the very same string as the version's.
    func version(of sym: ElfSymbol, name: UnsafeRawBufferPointer?) -> ElfSymbolVersion? {
        guard let versioning, let entry = try? versioning.symbols.entry(at: sym.index) else { return nil }
        let key = UInt32(entry.rawValue) | (sym.isUndefined ? 0x10000 : 0)
        if let cached = cache[key] {
            if cached.kind != .required, let name, name.baseAddress == cached.name.baseAddress { return nil }
            return cached
        }
        guard let found = (try? versioning.version(of: sym)) ?? nil else { return nil }
        cache[key] = found
        return found
    }

    @inline(__always)
    func writeSuffix(_ sym: ElfSymbol, name: UnsafeRawBufferPointer?, _ out: Output) {
        guard versioning != nil, let v = version(of: sym, name: name) else { return }
        switch v.kind {
        case .required:
            out.byte(0x40)
            out.printable(v.name)
            out.text(" (")
            out.decimal(UInt64(v.index))
            out.byte(0x29)
        case .defaultVersion:
            out.byte(0x40); out.byte(0x40)
            out.printable(v.name)
        case .hidden:
            out.byte(0x40)
            out.printable(v.name)
        }
    }

    func writeJSON(_ sym: ElfSymbol, name: UnsafeRawBufferPointer?, _ j: JSONWriter) {
        guard versioning != nil else { return }
        j.key("version")
        guard let v = version(of: sym, name: name) else { j.null(); return }
        j.beginObject()
        j.key("name"); j.string(bytes: v.name)
        j.field("index", UInt64(v.index))
        switch v.kind {
        case .required: j.field("kind", "required")
        case .defaultVersion: j.field("kind", "default")
        case .hidden: j.field("kind", "hidden")
        }
        if let file = v.file { j.key("file"); j.string(bytes: file) }
        j.endObject()
    }
}

extension JSONWriter {
    /// The Ndx column's text as a JSON string ("UND", "ABS", "12", ...).
    func string(ndx: UInt32, _ t: SymbolTableView) {
        raw { t.writeNdx(ndx, $0, padded: false) }
    }
}
