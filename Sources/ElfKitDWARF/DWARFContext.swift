// The DWARF of one file: its sections, its units, and the lookups the
// symbolizer makes, each built lazily and kept:
//  - the CU index: .debug_aranges plus the unit DIE ranges of every unit
//    that aranges does not describe (LLVM's DWARFDebugAranges);
//  - per unit, the subroutine index (LLVM's AddrDieMap) and the line table;
//  - per DIE offset, the attributes that name a function.

struct DWARFSections {
    var info = UnsafeRawBufferPointer(start: nil, count: 0)
    var abbrev = UnsafeRawBufferPointer(start: nil, count: 0)
    var line = UnsafeRawBufferPointer(start: nil, count: 0)
    var str = UnsafeRawBufferPointer(start: nil, count: 0)
    var lineStr = UnsafeRawBufferPointer(start: nil, count: 0)
    var strOffsets = UnsafeRawBufferPointer(start: nil, count: 0)
    var addr = UnsafeRawBufferPointer(start: nil, count: 0)
    var ranges = UnsafeRawBufferPointer(start: nil, count: 0)
    var rnglists = UnsafeRawBufferPointer(start: nil, count: 0)
    var aranges = UnsafeRawBufferPointer(start: nil, count: 0)
    var bigEndian = false
}

/// What names a function, from one DIE (its own attributes only).
struct DWARFDIENames {
    var linkageName: DWARFString?
    var name: DWARFString?
    var hasLinkageName = false
    var hasName = false
    var declFile: UInt64?
    var hasDeclFile = false
    var declLine: UInt64?
    var hasDeclLine = false
    var lowPC: UInt64?
    var abstractOrigin: Int?
    var specification: Int?
    var unitIndex: Int
}

final class DWARFContext {
    let sections: DWARFSections
    let arena: StringArena
    private(set) var headers: [DWARFUnitHeader] = []
    private var units: [DWARFUnit?]
    private var unitTried: [Bool]
    private var abbreviationTables: [DWARFEncodingKey: DWARFAbbreviationTable] = [:]
    private var cuIndex: [(low: UInt64, high: UInt64, unit: Int)]? = nil
    private var dieNames: [Int: DWARFDIENames] = [:]
    private var functionNames: [Int: DWARFString?] = [:]
    private var declarations: [Int: (file: DWARFString?, line: UInt64)] = [:]

    struct DWARFEncodingKey: Hashable {
        var offset: UInt64
        var encoding: DWARFEncoding
    }

    init(sections: DWARFSections, arena: StringArena) {
        self.sections = sections
        self.arena = arena
        var offset = 0
        while offset < sections.info.count {
            var next = offset
            if let h = DWARFUnitHeader.parse(sections.info, at: offset, bigEndian: sections.bigEndian, next: &next) {
                headers.append(h)
            }
            guard next > offset else { break }
            offset = next
        }
        units = Array(repeating: nil, count: headers.count)
        unitTried = Array(repeating: false, count: headers.count)
    }

    // MARK: Units

    func unit(at index: Int) -> DWARFUnit? {
        if let u = units[index] { return u }
        if unitTried[index] { return nil }
        unitTried[index] = true
        let h = headers[index]
        let key = DWARFEncodingKey(offset: h.abbrevOffset, encoding: h.encoding)
        let table: DWARFAbbreviationTable
        if let t = abbreviationTables[key] {
            table = t
        } else {
            guard let t = DWARFAbbreviationTable(section: sections.abbrev, offset: h.abbrevOffset, encoding: h.encoding) else {
                return nil
            }
            abbreviationTables[key] = t
            table = t
        }
        let u = DWARFUnit(index: index, header: h, abbreviations: table, context: self)
        units[index] = u
        return u
    }

    /// The index of the unit holding .debug_info offset `offset`.
    func unitIndex(containing offset: Int) -> Int? {
        var lo = 0, hi = headers.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if headers[mid].end <= offset { lo = mid + 1 } else { hi = mid }
        }
        guard lo < headers.count, headers[lo].firstDIE <= offset else { return nil }
        return lo
    }

    /// The index of the unit whose header starts at `offset`.
    func unitIndex(startingAt offset: Int) -> Int? {
        var lo = 0, hi = headers.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if headers[mid].offset < offset { lo = mid + 1 } else { hi = mid }
        }
        return lo < headers.count && headers[lo].offset == offset ? lo : nil
    }

    // MARK: Attribute values

    /// A string-class attribute value (§7.5.5: string, strp, line_strp, strx).
    /// `inLineSection`: an inline DW_FORM_string lies in .debug_line, not .debug_info.
    func string(_ v: DWARFFormValue, unit: DWARFUnit, inLineSection: Bool) -> DWARFString? {
        switch v.form {
        case DW.formString:
            return DWARFString.at(v.value, in: inLineSection ? sections.line : sections.info)
        case DW.formStrp:
            return DWARFString.at(v.value, in: sections.str)
        case DW.formLineStrp:
            return DWARFString.at(v.value, in: sections.lineStr)
        case DW.formStrx, DW.formStrx1, DW.formStrx2, DW.formStrx3, DW.formStrx4, DW.formGNUStrIndex:
            // §7.26 String offsets table: entries of the unit's offset size from str_offsets_base.
            let size = UInt64(unit.header.encoding.offsetSize)
            let (product, o1) = v.value.multipliedReportingOverflow(by: size)
            let (at, o2) = unit.strOffsetsBase.addingReportingOverflow(product)
            guard !o1, !o2, at <= UInt64(sections.strOffsets.count) else { return nil }
            var c = DWARFCursor(sections.strOffsets, offset: Int(at), bigEndian: sections.bigEndian)
            let offset = c.offset(size: Int(size))
            return c.failed ? nil : DWARFString.at(offset, in: sections.str)
        default:
            return nil
        }
    }

    /// An address-class value: DW_FORM_addr, or an index into .debug_addr (§7.27).
    func address(_ v: DWARFFormValue, unit: DWARFUnit) -> UInt64? {
        switch v.form {
        case DW.formAddr: return v.value
        case DW.formAddrx, DW.formAddrx1, DW.formAddrx2, DW.formAddrx3, DW.formAddrx4, DW.formGNUAddrIndex:
            return pooledAddress(v.value, unit: unit)
        default: return nil
        }
    }

    func pooledAddress(_ index: UInt64, unit: DWARFUnit) -> UInt64? {
        let size = UInt64(unit.header.encoding.addressSize)
        let (product, o1) = index.multipliedReportingOverflow(by: size)
        let (at, o2) = unit.addrBase.addingReportingOverflow(product)
        guard !o1, !o2, at <= UInt64(sections.addr.count) else { return nil }
        var c = DWARFCursor(sections.addr, offset: Int(at), bigEndian: sections.bigEndian)
        let a = c.unsigned(size: Int(size))
        return c.failed ? nil : a
    }

    /// A reference-class value as an absolute .debug_info offset (§7.5.5).
    func reference(_ v: DWARFFormValue, unit: DWARFUnit) -> Int? {
        switch v.form {
        case DW.formRef1, DW.formRef2, DW.formRef4, DW.formRef8, DW.formRefUdata:
            let (at, o) = UInt64(unit.header.offset).addingReportingOverflow(v.value)
            return o || at >= UInt64(sections.info.count) ? nil : Int(at)
        case DW.formRefAddr:
            return v.value >= UInt64(sections.info.count) ? nil : Int(v.value)
        default:
            return nil
        }
    }

    // MARK: Address ranges

    /// The ranges of a DIE (LLVM's DWARFDie::getAddressRanges): low/high PC, else DW_AT_ranges.
    func ranges(lowPC: DWARFFormValue?, highPC: DWARFFormValue?, ranges: DWARFFormValue?, unit: DWARFUnit,
                into out: inout [(UInt64, UInt64)]) {
        if let lowPC, let highPC, let low = address(lowPC, unit: unit) {
            if let high = address(highPC, unit: unit) {
                out.append((low, high))
                return
            }
            if highPC.isConstantClass {
                out.append((low, low &+ highPC.value))
                return
            }
        }
        guard let ranges else { return }
        if ranges.form == DW.formRnglistx {
            // §7.28 Range list table: offsets after the header, relative to rnglists_base.
            let size = UInt64(unit.header.encoding.offsetSize)
            let (product, o1) = ranges.value.multipliedReportingOverflow(by: size)
            let (at, o2) = unit.rnglistsBase.addingReportingOverflow(product)
            guard !o1, !o2, at <= UInt64(sections.rnglists.count) else { return }
            var c = DWARFCursor(sections.rnglists, offset: Int(at), bigEndian: sections.bigEndian)
            let rel = c.offset(size: Int(size))
            guard !c.failed else { return }
            rangeList(at: unit.rnglistsBase &+ rel, unit: unit, into: &out)
        } else {
            rangeList(at: ranges.value, unit: unit, into: &out)
        }
    }

    private func rangeList(at offset: UInt64, unit: DWARFUnit, into out: inout [(UInt64, UInt64)]) {
        let encoding = unit.header.encoding
        let addressSize = encoding.addressSize
        if encoding.version < 5 {
            // DWARF 4 §2.17.3: (begin, end) pairs, base address selection entries, (0, 0) ends.
            guard offset < UInt64(sections.ranges.count) else { return }
            var c = DWARFCursor(sections.ranges, offset: Int(offset), bigEndian: sections.bigEndian)
            let maxAddress: UInt64 = addressSize == 8 ? .max : (1 << UInt64(addressSize * 8)) - 1
            var base = unit.baseAddress
            while !c.isAtEnd {
                let start = c.unsigned(size: addressSize)
                let end = c.unsigned(size: addressSize)
                if c.failed { break }
                if start == 0 && end == 0 { break }
                if start == maxAddress { base = end; continue }
                if let b = base { out.append((start &+ b, end &+ b)) } else { out.append((start, end)) }
            }
            return
        }
        // DWARF 5 §2.17.3 and §7.25: DW_RLE_* entries.
        guard offset < UInt64(sections.rnglists.count) else { return }
        var c = DWARFCursor(sections.rnglists, offset: Int(offset), bigEndian: sections.bigEndian)
        var base = unit.baseAddress
        while !c.isAtEnd {
            let kind = c.u8()
            switch kind {
            case DW.rleEndOfList: return
            case DW.rleBaseAddressx:
                let i = c.uleb()
                base = pooledAddress(i, unit: unit) ?? i
            case DW.rleStartxEndx:
                let s = c.uleb(), e = c.uleb()
                out.append((pooledAddress(s, unit: unit) ?? 0, pooledAddress(e, unit: unit) ?? 0))
            case DW.rleStartxLength:
                let s = c.uleb(), n = c.uleb()
                let start = pooledAddress(s, unit: unit) ?? 0
                out.append((start, start &+ n))
            case DW.rleOffsetPair:
                let s = c.uleb(), e = c.uleb()
                out.append((s &+ (base ?? 0), e &+ (base ?? 0)))
            case DW.rleBaseAddress:
                base = c.unsigned(size: addressSize)
            case DW.rleStartEnd:
                let s = c.unsigned(size: addressSize), e = c.unsigned(size: addressSize)
                out.append((s, e))
            case DW.rleStartLength:
                let s = c.unsigned(size: addressSize), n = c.uleb()
                out.append((s, s &+ n))
            default:
                return
            }
            if c.failed { if !out.isEmpty { out.removeLast() }; return }
        }
    }

    // MARK: The CU index

    /// The unit whose code covers `address` (LLVM's getCompileUnitForCodeAddress).
    func unitIndex(forAddress address: UInt64) -> Int? {
        if cuIndex == nil { buildCUIndex() }
        let index = cuIndex!
        var lo = 0, hi = index.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if index[mid].high <= address { lo = mid + 1 } else { hi = mid }
        }
        guard lo < index.count, index[lo].low <= address else { return nil }
        return index[lo].unit
    }

    private func buildCUIndex() {
        // Endpoints as in LLVM's DWARFDebugAranges::construct.
        var endpoints: [(address: UInt64, unit: Int, isStart: Bool)] = []
        var described = Set<Int>()
        // §6.1.2 .debug_aranges: sets of (address, length) tuples per unit.
        var c = DWARFCursor(sections.aranges, bigEndian: sections.bigEndian)
        while !c.isAtEnd {
            let setStart = c.offset
            let (length, offsetSize) = c.initialLength()
            guard !c.failed, length <= UInt64(c.remaining) else { break }
            let setEnd = c.offset + Int(length)
            var s = DWARFCursor(sections.aranges, offset: c.offset, end: setEnd, bigEndian: sections.bigEndian)
            c.offset = setEnd
            let version = s.u16()
            let infoOffset = s.offset(size: offsetSize)
            let addressSize = Int(s.u8())
            let segmentSize = Int(s.u8())
            guard !s.failed, version == 2 || version == 3, addressSize > 0, addressSize <= 8, segmentSize == 0,
                  let unit = unitIndex(startingAt: Int(clamping: infoOffset)) else { continue }
            described.insert(unit)
            let tuple = 2 * addressSize
            let header = s.offset - setStart
            if header % tuple != 0 { s.skip(tuple - header % tuple) }
            while s.remaining >= tuple {
                let a = s.unsigned(size: addressSize), n = s.unsigned(size: addressSize)
                if a == 0 && n == 0 { break }
                let (e, o) = a.addingReportingOverflow(n)
                if a < e && !o {
                    endpoints.append((a, unit, true))
                    endpoints.append((e, unit, false))
                }
            }
        }
        var scratch: [(UInt64, UInt64)] = []
        for i in 0..<headers.count where !described.contains(i) {
            guard let u = unit(at: i) else { continue }
            scratch.removeAll(keepingCapacity: true)
            ranges(lowPC: u.lowPC, highPC: u.highPC, ranges: u.ranges, unit: u, into: &scratch)
            for (a, e) in scratch where a < e {
                endpoints.append((a, i, true))
                endpoints.append((e, i, false))
            }
        }
        endpoints.sort { $0.address < $1.address }
        var index: [(low: UInt64, high: UInt64, unit: Int)] = []
        var valid: [Int] = []  // a small multiset: units covering the current address
        var previous = UInt64.max
        for e in endpoints {
            if previous < e.address, let first = valid.min() {
                if let last = index.last, last.high == previous, valid.contains(last.unit) {
                    index[index.count - 1].high = e.address
                } else {
                    index.append((previous, e.address, first))
                }
            }
            if e.isStart {
                valid.append(e.unit)
            } else if let at = valid.firstIndex(of: e.unit) {
                valid.remove(at: at)
            }
            previous = e.address
        }
        cuIndex = index
    }

    // MARK: The subroutine index of a unit

    /// Walks the unit's DIE tree once, recording subprograms and inlined
    /// subroutines (§3.3, §3.3.8) with their ranges, and builds the address
    /// map exactly as LLVM's DWARFUnit::updateAddressDieMap does: DIEs in
    /// pre-order, each range overwriting the part of the map it covers.
    func buildSubroutines(_ unit: DWARFUnit) {
        var subs: [DWARFSubroutine] = []
        var rangeScratch: [(UInt64, UInt64)] = []
        let table = unit.abbreviations
        let encoding = unit.header.encoding
        var c = DWARFCursor(sections.info, offset: unit.dieStart, end: unit.header.end, bigEndian: sections.bigEndian)
        // The unit DIE: skip it (its attributes were read by DWARFUnit).
        let rootCode = c.uleb()
        guard let root = table.abbreviation(rootCode) else { unit.subroutineIndex = .empty; return }
        for spec in table.attributes(of: root) {
            _ = c.formValue(spec.form, implicitConst: spec.implicitConst, encoding: encoding)
        }
        guard root.hasChildren else { unit.subroutineIndex = .empty; return }
        var keys: [UInt64] = []
        var values: [(high: UInt64, subroutine: Int32)] = []
        // scope[d]: the nearest recorded subroutine enclosing DIEs at depth d+1.
        var scope: [Int32] = [-1]
        scope.reserveCapacity(64)
        let base = table.base
        table.dense.withUnsafeBufferPointer { dense in
        table.attributes.withUnsafeBufferPointer { specs in
        table.plan.withUnsafeBufferPointer { plan in
            while !c.isAtEnd && !c.failed {
                let dieOffset = c.offset
                let code = c.uleb()
                if code == 0 {
                    scope.removeLast()
                    if scope.isEmpty { break }
                    continue
                }
                let abbreviation: DWARFAbbreviation
                let i = code &- base
                if i < UInt64(dense.count) {
                    abbreviation = dense[Int(i)]
                } else if let a = table.abbreviation(code) {
                    abbreviation = a
                } else {
                    c.fail()
                    break
                }
                var own = scope[scope.count - 1]
                if abbreviation.isSubroutine {
                    var lowPC: DWARFFormValue? = nil, highPC: DWARFFormValue? = nil, ranges: DWARFFormValue? = nil
                    var sub = DWARFSubroutine(
                        dieOffset: dieOffset, parent: own, isInlined: abbreviation.tag == DW.tagInlinedSubroutine,
                        hasLowPC: false, lowPC: 0, callFile: 0, callLine: 0, callColumn: 0, callDiscriminator: 0)
                    let first = Int(abbreviation.attributeStart)
                    for k in first..<(first + Int(abbreviation.attributeCount)) {
                        let spec = specs[k]
                        let v = c.formValue(spec.form, implicitConst: spec.implicitConst, encoding: encoding)
                        switch spec.attribute {
                        case DW.atLowPC: if lowPC == nil { lowPC = v }
                        case DW.atHighPC: if highPC == nil { highPC = v }
                        case DW.atRanges: if ranges == nil { ranges = v }
                        case DW.atCallFile: sub.callFile = UInt32(truncatingIfNeeded: v.unsignedConstant ?? 0)
                        case DW.atCallLine: sub.callLine = UInt32(truncatingIfNeeded: v.unsignedConstant ?? 0)
                        case DW.atCallColumn: sub.callColumn = UInt32(truncatingIfNeeded: v.unsignedConstant ?? 0)
                        case DW.atGNUDiscriminator:
                            sub.callDiscriminator = UInt32(truncatingIfNeeded: v.unsignedConstant ?? 0)
                        default: break
                        }
                    }
                    if let lowPC, let a = address(lowPC, unit: unit) {
                        sub.hasLowPC = true
                        sub.lowPC = a
                    }
                    let me = Int32(subs.count)
                    subs.append(sub)
                    own = me
                    rangeScratch.removeAll(keepingCapacity: true)
                    self.ranges(lowPC: lowPC, highPC: highPC, ranges: ranges, unit: unit, into: &rangeScratch)
                    for (low, high) in rangeScratch where low != high {
                        DWARFContext.insertRange(&keys, &values, low: low, high: high, subroutine: me)
                    }
                } else {
                    let first = Int(abbreviation.planStart)
                    for k in first..<(first + Int(abbreviation.planCount)) {
                        let step = plan[k]
                        c.skip(step.fixed)
                        if step.form != 0 { c.skipVariableForm(step.form, encoding: encoding) }
                    }
                }
                if abbreviation.hasChildren { scope.append(own) }
            }
        }
        }
        }
        unit.subroutineIndex = DWARFSubroutineIndex(subroutines: subs, keys: keys, values: values)
    }

    /// One insertion into LLVM's AddrDieMap (a std::map from low PC to (high PC, DIE)).
    private static func insertRange(
        _ keys: inout [UInt64], _ values: inout [(high: UInt64, subroutine: Int32)],
        low: UInt64, high: UInt64, subroutine: Int32
    ) {
        // B = upper_bound(low) - 1
        let b = upperBound(keys, low)
        if b > 0 && low < values[b - 1].high {
            let prev = values[b - 1]
            let prevKey = keys[b - 1]
            if high < prev.high { assign(&keys, &values, key: high, value: prev) }
            if low > prevKey { values[b - 1].high = low }
        }
        assign(&keys, &values, key: low, value: (high, subroutine))
    }

    private static func assign(
        _ keys: inout [UInt64], _ values: inout [(high: UInt64, subroutine: Int32)],
        key: UInt64, value: (high: UInt64, subroutine: Int32)
    ) {
        if let last = keys.last, last < key {
            keys.append(key)
            values.append(value)
            return
        }
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        if lo < keys.count && keys[lo] == key {
            values[lo] = value
        } else {
            keys.insert(key, at: lo)
            values.insert(value, at: lo)
        }
    }

    @inline(__always) static func upperBound(_ a: [UInt64], _ x: UInt64) -> Int {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if a[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The subroutine index of a unit, built on first use.
    func subroutineIndex(of u: DWARFUnit) -> DWARFSubroutineIndex {
        if let index = u.subroutineIndex { return index }
        buildSubroutines(u)
        return u.subroutineIndex!
    }

    func lineTable(of u: DWARFUnit) -> DWARFLineTable? {
        if !u.lineTableParsed {
            u.lineTableParsed = true
            if let offset = u.stmtList { u.lineTable = DWARFLineTable(context: self, offset: offset, unit: u) }
        }
        return u.lineTable
    }

    // MARK: Names

    /// The naming attributes of the DIE at `offset`, cached.
    func names(ofDIEAt offset: Int) -> DWARFDIENames? {
        if let n = dieNames[offset] { return n }
        guard let ui = unitIndex(containing: offset), let u = unit(at: ui) else { return nil }
        var c = DWARFCursor(sections.info, offset: offset, end: u.header.end, bigEndian: sections.bigEndian)
        let code = c.uleb()
        guard code != 0, let a = u.abbreviations.abbreviation(code) else { return nil }
        var n = DWARFDIENames(unitIndex: ui)
        for spec in u.abbreviations.attributes(of: a) {
            let v = c.formValue(spec.form, implicitConst: spec.implicitConst, encoding: u.header.encoding)
            if c.failed { break }
            switch spec.attribute {
            case DW.atLinkageName, DW.atMIPSLinkageName:
                if !n.hasLinkageName { n.hasLinkageName = true; n.linkageName = string(v, unit: u, inLineSection: false) }
            case DW.atName:
                if !n.hasName { n.hasName = true; n.name = string(v, unit: u, inLineSection: false) }
            case DW.atDeclFile:
                // LLVM makes implicit_const values without a unit, and then
                // cannot resolve them as files (DWARFFormValue::getAsFile).
                if !n.hasDeclFile {
                    n.hasDeclFile = true
                    n.declFile = v.isConstantClass && v.form != DW.formImplicitConst ? v.value : nil
                }
            case DW.atDeclLine:
                if !n.hasDeclLine { n.hasDeclLine = true; n.declLine = v.unsignedConstant }
            case DW.atLowPC:
                if n.lowPC == nil { n.lowPC = address(v, unit: u) }
            case DW.atAbstractOrigin:
                if n.abstractOrigin == nil { n.abstractOrigin = reference(v, unit: u) }
            case DW.atSpecification:
                if n.specification == nil { n.specification = reference(v, unit: u) }
            default: break
            }
        }
        dieNames[offset] = n
        return n
    }

    /// LLVM's DWARFDie::findRecursively: this DIE, then (depth first, last
    /// pushed first) the DIEs its DW_AT_abstract_origin and DW_AT_specification
    /// name, until `has` finds the attribute; `has` returns whether the DIE
    /// carries it, and the result is the names of that DIE.
    func findRecursively(_ offset: Int, _ has: (DWARFDIENames) -> Bool) -> DWARFDIENames? {
        var work = [offset]
        var seen = [offset]
        while let o = work.popLast() {
            guard let n = names(ofDIEAt: o) else { continue }
            if has(n) { return n }
            for next in [n.abstractOrigin, n.specification] {
                if let next, !seen.contains(next), seen.count < 64 {
                    seen.append(next)
                    work.append(next)
                }
            }
        }
        return nil
    }

    /// The function name of a subroutine DIE: linkage name, else name (LLVM's getName(LinkageName)).
    func functionName(ofDIEAt offset: Int, linkage: Bool) -> DWARFString? {
        let key = linkage ? offset : ~offset
        if let cached = functionNames[key] { return cached }
        var result: DWARFString? = nil
        if linkage, let n = findRecursively(offset, { $0.hasLinkageName }), let s = n.linkageName {
            result = s
        } else if let n = findRecursively(offset, { $0.hasName }) {
            result = n.name
        }
        functionNames[key] = result
        return result
    }

    /// DW_AT_decl_file and DW_AT_decl_line, found recursively, the file as a joined path.
    func declaration(ofDIEAt offset: Int) -> (file: DWARFString?, line: UInt64) {
        if let cached = declarations[offset] { return cached }
        let result = findDeclaration(offset)
        declarations[offset] = result
        return result
    }

    private func findDeclaration(_ offset: Int) -> (file: DWARFString?, line: UInt64) {
        var file: DWARFString? = nil
        if let n = findRecursively(offset, { $0.hasDeclFile }), let index = n.declFile,
           let u = unit(at: n.unitIndex), let table = lineTable(of: u) {
            file = table.path(of: index, compDir: u.compDir, arena: arena)
        }
        let line = findRecursively(offset, { $0.hasDeclLine })?.declLine ?? 0
        return (file, line)
    }
}
