// Abbreviation tables (.debug_abbrev, DWARF 5 §7.5.3) and attribute form
// decoding (§7.5.5, §7.5.6).
//
// A table is parsed once per (offset, unit encoding) and shared by every
// unit that uses it. Besides the attribute list, each abbreviation carries a
// precomputed *skip plan*: runs of fixed-size forms merged into one byte
// count, with the variable-size forms in between. Skipping a DIE the
// symbolizer does not care about (types, variables, parameters: most of
// them) then costs one add per run instead of one switch per attribute.

/// What a unit's forms need to be decoded: §7.5.1.
struct DWARFEncoding: Hashable {
    var addressSize: Int
    /// 4 for 32-bit DWARF, 8 for 64-bit DWARF (§7.4).
    var offsetSize: Int
    var version: UInt16

    /// DW_FORM_ref_addr is address-sized in DWARF 2, offset-sized after.
    var refAddrSize: Int { version <= 2 ? addressSize : offsetSize }

    /// The size of `form` if it does not depend on the data, else nil.
    func fixedSize(of form: UInt16) -> Int? {
        switch form {
        case DW.formAddr: return addressSize
        case DW.formData1, DW.formRef1, DW.formFlag, DW.formStrx1, DW.formAddrx1: return 1
        case DW.formData2, DW.formRef2, DW.formStrx2, DW.formAddrx2: return 2
        case DW.formStrx3, DW.formAddrx3: return 3
        case DW.formData4, DW.formRef4, DW.formStrx4, DW.formAddrx4, DW.formRefSup4: return 4
        case DW.formData8, DW.formRef8, DW.formRefSig8, DW.formRefSup8: return 8
        case DW.formData16: return 16
        case DW.formStrp, DW.formLineStrp, DW.formSecOffset, DW.formStrpSup,
             DW.formGNURefAlt, DW.formGNUStrpAlt:
            return offsetSize
        case DW.formRefAddr: return refAddrSize
        case DW.formFlagPresent, DW.formImplicitConst: return 0
        default: return nil
        }
    }
}

/// One decoded attribute value. `value` is the constant, address, offset
/// or index; for blocks, inline strings and data16 it is the offset of the
/// data in the section being read, with `length` its size.
struct DWARFFormValue {
    var form: UInt16
    var value: UInt64
    var length: UInt64 = 0

    var isConstantClass: Bool {
        switch form {
        case DW.formData1, DW.formData2, DW.formData4, DW.formData8, DW.formUdata,
             DW.formSdata, DW.formImplicitConst:
            return true
        default: return false
        }
    }

    /// The value as an unsigned constant (LLVM's getAsUnsignedConstant):
    /// data and udata forms, sdata and implicit_const when not negative.
    var unsignedConstant: UInt64? {
        switch form {
        case DW.formData1, DW.formData2, DW.formData4, DW.formData8, DW.formUdata:
            return value
        case DW.formSdata, DW.formImplicitConst:
            return Int64(bitPattern: value) < 0 ? nil : value
        default: return nil
        }
    }
}

extension DWARFCursor {
    /// Decodes one attribute value of `form` (§7.5.6); DW_FORM_indirect is followed.
    mutating func formValue(_ form: UInt16, implicitConst: Int64, encoding e: DWARFEncoding) -> DWARFFormValue {
        switch form {
        case DW.formAddr: return DWARFFormValue(form: form, value: unsigned(size: e.addressSize))
        case DW.formData1, DW.formRef1, DW.formFlag, DW.formStrx1, DW.formAddrx1:
            return DWARFFormValue(form: form, value: UInt64(u8()))
        case DW.formData2, DW.formRef2, DW.formStrx2, DW.formAddrx2:
            return DWARFFormValue(form: form, value: UInt64(u16()))
        case DW.formStrx3, DW.formAddrx3: return DWARFFormValue(form: form, value: u24())
        case DW.formData4, DW.formRef4, DW.formStrx4, DW.formAddrx4, DW.formRefSup4:
            return DWARFFormValue(form: form, value: UInt64(u32()))
        case DW.formData8, DW.formRef8, DW.formRefSig8, DW.formRefSup8:
            return DWARFFormValue(form: form, value: u64())
        case DW.formData16:
            let at = offset
            skip(16)
            return DWARFFormValue(form: form, value: UInt64(at), length: 16)
        case DW.formStrp, DW.formLineStrp, DW.formSecOffset, DW.formStrpSup,
             DW.formGNURefAlt, DW.formGNUStrpAlt:
            return DWARFFormValue(form: form, value: offset(size: e.offsetSize))
        case DW.formRefAddr: return DWARFFormValue(form: form, value: unsigned(size: e.refAddrSize))
        case DW.formFlagPresent: return DWARFFormValue(form: form, value: 1)
        case DW.formImplicitConst: return DWARFFormValue(form: form, value: UInt64(bitPattern: implicitConst))
        case DW.formSdata: return DWARFFormValue(form: form, value: UInt64(bitPattern: sleb()))
        case DW.formUdata, DW.formRefUdata, DW.formStrx, DW.formAddrx, DW.formRnglistx,
             DW.formLoclistx, DW.formGNUAddrIndex, DW.formGNUStrIndex:
            return DWARFFormValue(form: form, value: uleb())
        case DW.formString:
            let at = skipCString()
            return DWARFFormValue(form: form, value: UInt64(at), length: UInt64(max(0, offset - at - 1)))
        case DW.formBlock1, DW.formBlock2, DW.formBlock4, DW.formBlock, DW.formExprloc:
            let n: UInt64
            switch form {
            case DW.formBlock1: n = UInt64(u8())
            case DW.formBlock2: n = UInt64(u16())
            case DW.formBlock4: n = UInt64(u32())
            default: n = uleb()
            }
            let at = offset
            skip(n)
            return DWARFFormValue(form: form, value: UInt64(at), length: n)
        case DW.formIndirect:
            let actual = uleb()
            guard actual <= UInt64(UInt16.max), UInt16(actual) != DW.formIndirect else {
                fail()
                return DWARFFormValue(form: 0, value: 0)
            }
            return formValue(UInt16(actual), implicitConst: 0, encoding: e)
        default:
            // An unknown form has an unknown size: nothing after it can be read.
            fail()
            return DWARFFormValue(form: form, value: 0)
        }
    }

    /// Skips one attribute value of a variable-size `form`.
    @inline(__always) mutating func skipVariableForm(_ form: UInt16, encoding e: DWARFEncoding) {
        switch form {
        case DW.formUdata, DW.formSdata, DW.formRefUdata, DW.formStrx, DW.formAddrx, DW.formRnglistx,
             DW.formLoclistx, DW.formGNUAddrIndex, DW.formGNUStrIndex:
            skipLEB()
        case DW.formString: _ = skipCString()
        case DW.formBlock1: skip(Int(u8()))
        case DW.formBlock2: skip(Int(u16()))
        case DW.formBlock4: skip(UInt64(u32()))
        case DW.formBlock, DW.formExprloc: skip(uleb())
        default:
            if let n = e.fixedSize(of: form) { skip(n) } else { _ = formValue(form, implicitConst: 0, encoding: e) }
        }
    }
}

/// One attribute specification of an abbreviation (§7.5.3).
struct DWARFAttributeSpec {
    var attribute: UInt64
    var form: UInt16
    var implicitConst: Int64
}

/// One abbreviation: a DIE's tag, whether it has children, and where its
/// attributes and skip plan lie in the table's flat arrays.
struct DWARFAbbreviation {
    var tag: UInt64
    var hasChildren: Bool
    var attributeStart: Int32
    var attributeCount: Int32
    var planStart: Int32
    var planCount: Int32
    /// Whether the symbolizer records DIEs of this tag (subprograms and inlined subroutines).
    var isSubroutine: Bool { tag == DW.tagSubprogram || tag == DW.tagInlinedSubroutine }
}

/// One step of a skip plan: skip `fixed` bytes, then one value of `form` (0: none).
struct DWARFSkipStep {
    var fixed: Int
    var form: UInt16
}

/// An abbreviation table. Codes are usually 1, 2, 3…, looked up by index;
/// sparse tables fall back to a dictionary. Attributes and skip plans of all
/// abbreviations share two flat arrays, so a table is a handful of allocations.
final class DWARFAbbreviationTable {
    private(set) var dense: [DWARFAbbreviation] = []
    private var denseBase: UInt64 = 1
    private var sparse: [UInt64: DWARFAbbreviation] = [:]
    private(set) var attributes: [DWARFAttributeSpec] = []
    private(set) var plan: [DWARFSkipStep] = []

    @inline(__always) func abbreviation(_ code: UInt64) -> DWARFAbbreviation? {
        let i = code &- denseBase
        if i < UInt64(dense.count) { return dense[Int(i)] }
        return sparse.isEmpty ? nil : sparse[code]
    }

    /// The attribute specifications of `a`.
    func attributes(of a: DWARFAbbreviation) -> ArraySlice<DWARFAttributeSpec> {
        attributes[Int(a.attributeStart)..<Int(a.attributeStart + a.attributeCount)]
    }

    var base: UInt64 { denseBase }

    /// Parses the table at `offset` of .debug_abbrev; nil if it is malformed.
    init?(section: UnsafeRawBufferPointer, offset: UInt64, encoding: DWARFEncoding) {
        guard offset < UInt64(section.count) else { return nil }
        var c = DWARFCursor(section, offset: Int(offset))
        var first = true
        while true {
            let code = c.uleb()
            if c.failed { return nil }
            if code == 0 { break }
            let tag = c.uleb()
            let children = c.u8() != 0
            let attributeStart = attributes.count
            let planStart = plan.count
            var run = 0
            while true {
                let attribute = c.uleb()
                let rawForm = c.uleb()
                if c.failed { return nil }
                if attribute == 0 && rawForm == 0 { break }
                let form = UInt16(truncatingIfNeeded: rawForm)
                let implicit = form == DW.formImplicitConst ? c.sleb() : 0
                attributes.append(DWARFAttributeSpec(attribute: attribute, form: form, implicitConst: implicit))
                if let n = encoding.fixedSize(of: form) {
                    run += n
                } else {
                    plan.append(DWARFSkipStep(fixed: run, form: form))
                    run = 0
                }
            }
            if run > 0 { plan.append(DWARFSkipStep(fixed: run, form: 0)) }
            let a = DWARFAbbreviation(
                tag: tag, hasChildren: children,
                attributeStart: Int32(attributeStart), attributeCount: Int32(attributes.count - attributeStart),
                planStart: Int32(planStart), planCount: Int32(plan.count - planStart))
            if first { denseBase = code; first = false }
            if code == denseBase + UInt64(dense.count) && sparse.isEmpty {
                dense.append(a)
            } else {
                sparse[code] = a
            }
        }
    }
}
