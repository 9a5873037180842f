// GNU version requirements (SHT_GNU_verneed, ".gnu.version_r", DT_VERNEED).
//
// LSB Core, "Symbol Versioning": a list of Elf_Verneed { vn_version u16,
// vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32 } (16 bytes), one per
// needed file, each with vn_cnt Elf_Vernaux { vna_hash u32, vna_flags
// u16, vna_other u16, vna_name u32, vna_next u32 } (16 bytes). Offsets are
// relative to the current entry; 0 ends a list; the number of files is
// sh_info (DT_VERNEEDNUM). vna_other is the index .gnu.version uses.

/// One needed file and where its versions are.
public struct ElfVersionRequirement {
    /// Offset of the entry in its section.
    public let offset: Int
    public let version: UInt16
    public let auxiliaryCount: UInt16
    /// vn_file: the needed file's name (as in DT_NEEDED).
    public let file: UnsafeRawBufferPointer
    let auxOffset: Int
    let table: ElfVersionTableBytes

    /// The versions needed from `file`.
    public func versions() -> ElfVersionRequirementAuxIterator {
        ElfVersionRequirementAuxIterator(table: table, position: auxOffset, remaining: Int(auxiliaryCount))
    }
}

/// One version needed from a file.
public struct ElfVersionRequirementAux {
    /// Offset of the entry in its section.
    public let offset: Int
    public let hash: UInt32
    public let flags: ElfVersionFlags
    /// vna_other: the value .gnu.version entries use for this version.
    public let index: UInt16
    public let name: UnsafeRawBufferPointer
}

/// Iterates the Vernaux entries of one requirement.
public struct ElfVersionRequirementAuxIterator {
    let table: ElfVersionTableBytes
    var position: Int
    var remaining: Int

    public mutating func next() throws(ElfError) -> ElfVersionRequirementAux? {
        guard remaining > 0 else { return nil }
        let at = position
        let r = try table.record(at: at, size: 16, structure: .versionRequirementAux)
        let aux = ElfVersionRequirementAux(
            offset: at, hash: r.u32(0), flags: ElfVersionFlags(rawValue: r.u16(4)), index: r.u16(6),
            name: try table.strings.string(at: UInt64(r.u32(8))))
        position = try table.nextInChain(after: at, link: r.u32(12), remaining: &remaining,
                                         structure: .versionRequirementAux)
        return aux
    }
}

/// Iterates the requirements of a .gnu.version_r section.
public struct ElfVersionRequirementIterator {
    let table: ElfVersionTableBytes
    var position = 0
    var remaining: Int

    /// Requirements in `bytes`, `count` of them at most (sh_info / DT_VERNEEDNUM).
    public init(
        bytes: UnsafeRawBufferPointer, strings: ElfStringTable, count: Int, order: ByteOrder, baseOffset: Int = 0
    ) {
        table = ElfVersionTableBytes(contents: bytes, strings: strings, order: order, baseOffset: baseOffset)
        remaining = count
    }

    public mutating func next() throws(ElfError) -> ElfVersionRequirement? {
        guard remaining > 0 else { return nil }
        let at = position
        let r = try table.record(at: at, size: 16, structure: .versionRequirement)
        guard r.u16(0) == 1 else {
            throw .unsupportedVersion(structure: .versionRequirement, value: UInt64(r.u16(0)))
        }
        let count = r.u16(2)
        // With no auxiliary entries vn_aux may be anything; it is never read then.
        let auxOffset = count == 0
            ? at : try table.advance(at, by: r.u32(8), structure: .versionRequirement, field: .auxiliary)
        let requirement = ElfVersionRequirement(
            offset: at, version: r.u16(0), auxiliaryCount: count,
            file: try table.strings.string(at: UInt64(r.u32(4))), auxOffset: auxOffset, table: table)
        position = try table.nextInChain(after: at, link: r.u32(12), remaining: &remaining,
                                         structure: .versionRequirement)
        return requirement
    }
}

extension ElfFile {
    /// The requirements of an SHT_GNU_verneed section, with names from its sh_link.
    public func versionRequirements(in section: ElfSectionHeader) throws(ElfError) -> ElfVersionRequirementIterator {
        guard section.type == .gnuVersionRequirements else {
            throw .wrongSectionType(index: section.index, type: section.type.rawValue)
        }
        return ElfVersionRequirementIterator(
            bytes: try contents(of: section), strings: try linkedStrings(of: section),
            count: Int(section.info), order: byteOrder, baseOffset: ByteReader.clampedOffset(section.offset))
    }
}
