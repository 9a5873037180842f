// Units of .debug_info (DWARF 5 §7.5.1) and what the symbolizer keeps of
// each: the unit DIE's attributes, and, built on first lookup, its line
// table and its subroutine index.

/// A unit header (§7.5.1.1 for DWARF 5, §7.5.1 of DWARF 4 for older units).
struct DWARFUnitHeader {
    /// Offset of the unit (its unit_length field) in .debug_info.
    var offset: Int
    /// Offset just past the unit.
    var end: Int
    /// Offset of the unit DIE.
    var firstDIE: Int
    var encoding: DWARFEncoding
    var unitType: UInt8
    var abbrevOffset: UInt64

    /// Parses the header at `offset`; nil if it cannot be read. `next` is
    /// always set to where the following unit starts (or the section end).
    static func parse(_ section: UnsafeRawBufferPointer, at offset: Int, bigEndian: Bool, next: inout Int) -> DWARFUnitHeader? {
        var c = DWARFCursor(section, offset: offset, bigEndian: bigEndian)
        let (length, offsetSize) = c.initialLength()
        guard !c.failed, length <= UInt64(c.remaining) else { next = section.count; return nil }
        let end = c.offset + Int(length)
        next = end
        c = DWARFCursor(section, offset: c.offset, end: end, bigEndian: bigEndian)
        let version = c.u16()
        guard version >= 2, version <= 5 else { return nil }
        var unitType = DW.utCompile
        let addressSize: Int
        let abbrevOffset: UInt64
        if version >= 5 {
            unitType = c.u8()
            addressSize = Int(c.u8())
            abbrevOffset = c.offset(size: offsetSize)
            switch unitType {
            case DW.utSkeleton, DW.utSplitCompile: c.skip(8)  // dwo_id
            case DW.utType, DW.utSplitType: c.skip(8); c.skip(offsetSize)  // type_signature, type_offset
            default: break
            }
        } else {
            abbrevOffset = c.offset(size: offsetSize)
            addressSize = Int(c.u8())
        }
        guard !c.failed, addressSize == 1 || addressSize == 2 || addressSize == 4 || addressSize == 8 else { return nil }
        return DWARFUnitHeader(
            offset: offset, end: end, firstDIE: c.offset,
            encoding: DWARFEncoding(addressSize: addressSize, offsetSize: offsetSize, version: version),
            unitType: unitType, abbrevOffset: abbrevOffset)
    }
}

/// A subprogram or inlined subroutine DIE of a unit, as the lookup needs it.
struct DWARFSubroutine {
    /// Absolute offset of the DIE in .debug_info (names are resolved from it on demand).
    var dieOffset: Int
    /// The nearest enclosing subroutine in the index, or -1.
    var parent: Int32
    var isInlined: Bool
    var hasLowPC: Bool
    var lowPC: UInt64
    var callFile: UInt32
    var callLine: UInt32
    var callColumn: UInt32
    var callDiscriminator: UInt32
}

final class DWARFUnit {
    let index: Int
    let header: DWARFUnitHeader
    let abbreviations: DWARFAbbreviationTable
    // Unit DIE attributes.
    var tag: UInt64 = 0
    var lowPC: DWARFFormValue? = nil
    var highPC: DWARFFormValue? = nil
    var ranges: DWARFFormValue? = nil
    var stmtList: UInt64? = nil
    var compDir: DWARFString? = nil
    var strOffsetsBase: UInt64 = 0
    var addrBase: UInt64 = 0
    var rnglistsBase: UInt64 = 0
    var baseAddress: UInt64? = nil
    // Built on first use.
    var lineTableParsed = false
    var lineTable: DWARFLineTable? = nil
    var subroutineIndex: DWARFSubroutineIndex? = nil

    init?(index: Int, header: DWARFUnitHeader, abbreviations: DWARFAbbreviationTable, context: DWARFContext) {
        self.index = index
        self.header = header
        self.abbreviations = abbreviations
        var c = DWARFCursor(context.sections.info, offset: header.firstDIE, end: header.end, bigEndian: context.sections.bigEndian)
        let code = c.uleb()
        guard code != 0, let a = abbreviations.abbreviation(code) else { return nil }
        tag = a.tag
        var compDirValue: DWARFFormValue? = nil
        var entryPC: DWARFFormValue? = nil
        for spec in abbreviations.attributes(of: a) {
            let v = c.formValue(spec.form, implicitConst: spec.implicitConst, encoding: header.encoding)
            switch spec.attribute {
            case DW.atLowPC: lowPC = v
            case DW.atEntryPC: entryPC = v
            case DW.atHighPC: highPC = v
            case DW.atRanges: ranges = v
            case DW.atStmtList: stmtList = v.value
            case DW.atCompDir: compDirValue = v
            case DW.atStrOffsetsBase: strOffsetsBase = v.value
            case DW.atAddrBase, DW.atGNUAddrBase: addrBase = v.value
            case DW.atRnglistsBase: rnglistsBase = v.value
            default: break
            }
        }
        guard !c.failed else { return nil }
        if let compDirValue { compDir = context.string(compDirValue, unit: self, inLineSection: false) }
        if let v = lowPC ?? entryPC { baseAddress = context.address(v, unit: self) }
    }

    var dieStart: Int { header.firstDIE }
}

/// The subprograms and inlined subroutines of a unit, and LLVM's AddrDieMap
/// over them flattened into sorted arrays. Immutable once built.
final class DWARFSubroutineIndex {
    let subroutines: [DWARFSubroutine]
    /// Map keys (low PCs), ascending; `values[i]` is the end and the subroutine of `keys[i]`.
    let keys: [UInt64]
    let values: [(high: UInt64, subroutine: Int32)]

    init(subroutines: [DWARFSubroutine], keys: [UInt64], values: [(high: UInt64, subroutine: Int32)]) {
        self.subroutines = subroutines
        self.keys = keys
        self.values = values
    }

    static var empty: DWARFSubroutineIndex { DWARFSubroutineIndex(subroutines: [], keys: [], values: []) }

    /// The innermost subroutine at `address` (LLVM's getSubroutineForAddress).
    func subroutine(at address: UInt64) -> Int? {
        let i = DWARFContext.upperBound(keys, address)
        guard i > 0 else { return nil }
        let v = values[i - 1]
        return address < v.high ? Int(v.subroutine) : nil
    }
}
