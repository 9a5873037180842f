// One call frame section, .eh_frame or .debug_frame, read in place.
//
// The two share the CIE/FDE layout of DWARF 5 §6.4.1 and differ in
// details (LSB Core §10.6 for .eh_frame):
//  - the CIE id is 0 in .eh_frame, all ones in .debug_frame;
//  - an FDE's CIE pointer is relative to itself in .eh_frame, a section
//    offset in .debug_frame;
//  - .eh_frame encodes addresses as the CIE's 'R' augmentation says
//    (usually pc-relative, 4 bytes); .debug_frame uses plain addresses;
//  - a zero length ends .eh_frame.

public struct CallFrameSection {
    public enum Kind: Sendable {
        case ehFrame, debugFrame
        public var sectionName: String { self == .ehFrame ? ".eh_frame" : ".debug_frame" }
    }

    public let kind: Kind
    let bytes: UnsafeRawBufferPointer
    /// The section's address (sh_addr): the base of pc-relative pointers.
    let address: UInt64
    let bigEndian: Bool
    var name: String { kind.sectionName }

    init(kind: Kind, bytes: UnsafeRawBufferPointer, address: UInt64, bigEndian: Bool) {
        self.kind = kind
        self.bytes = bytes
        self.address = address
        self.bigEndian = bigEndian
    }

    /// Every CIE and FDE, in section order.
    func entries() throws(CallFrameError) -> (cies: [Int: CommonInformationEntry], fdes: [FrameDescriptionEntry]) {
        var cies: [Int: CommonInformationEntry] = [:]
        var fdes: [FrameDescriptionEntry] = []
        var offset = 0
        while offset < bytes.count {
            var c = DWARFCursor(bytes, offset: offset, bigEndian: bigEndian)
            let (length, offsetSize) = c.initialLength()
            guard !c.failed else { throw .truncated(section: name, offset: offset) }
            if length == 0 {
                if kind == .ehFrame { break }       // the terminator
                offset = c.offset
                continue
            }
            guard length <= UInt64(bytes.count - c.offset) else { throw .truncated(section: name, offset: offset) }
            let end = c.offset + Int(length)
            let idOffset = c.offset
            let id = c.offset(size: offsetSize)
            if isCIE(id: id, offsetSize: offsetSize) {
                if cies[offset] == nil { cies[offset] = try cie(at: offset) }
            } else {
                let cieOffset = try cieOffset(id: id, idOffset: idOffset, fde: offset)
                if cies[cieOffset] == nil { cies[cieOffset] = try cie(at: cieOffset) }
                fdes.append(try fde(at: offset, cie: cies[cieOffset]!))
            }
            offset = end
        }
        return (cies, fdes)
    }

    private func isCIE(id: UInt64, offsetSize: Int) -> Bool {
        switch kind {
        case .ehFrame: return id == 0
        case .debugFrame: return offsetSize == 8 ? id == UInt64.max : id == 0xffff_ffff
        }
    }

    private func cieOffset(id: UInt64, idOffset: Int, fde: Int) throws(CallFrameError) -> Int {
        switch kind {
        case .ehFrame:
            guard id <= UInt64(idOffset) else { throw .badCIEPointer(section: name, offset: fde) }
            return idOffset - Int(id)
        case .debugFrame:
            guard id < UInt64(bytes.count) else { throw .badCIEPointer(section: name, offset: fde) }
            return Int(id)
        }
    }

    /// The CIE at `offset` (§6.4.1 items 1-9, plus the 'z' augmentations of LSB Core §10.6.1.1).
    func cie(at offset: Int) throws(CallFrameError) -> CommonInformationEntry {
        var c = DWARFCursor(bytes, offset: offset, bigEndian: bigEndian)
        let (length, offsetSize) = c.initialLength()
        guard !c.failed, length <= UInt64(bytes.count - c.offset) else { throw .truncated(section: name, offset: offset) }
        let end = c.offset + Int(length)
        c = DWARFCursor(bytes, offset: c.offset, end: end, bigEndian: bigEndian)
        guard isCIE(id: c.offset(size: offsetSize), offsetSize: offsetSize) else { throw .badCIEPointer(section: name, offset: offset) }
        let version = c.u8()
        guard version == 1 || version == 3 || version == 4 else {
            throw .unsupportedCIE(section: name, offset: offset, reason: "version \(version)")
        }
        let augmentationStart = c.skipCString()
        guard !c.failed else { throw .truncated(section: name, offset: offset) }
        let augmentation = String(decoding: bytes[augmentationStart..<(c.offset - 1)], as: UTF8.self)
        var addressSize = 8
        if version == 4 {
            addressSize = Int(c.u8())
            let segmentSize = c.u8()
            guard segmentSize == 0 else { throw .unsupportedCIE(section: name, offset: offset, reason: "segment size \(segmentSize)") }
        }
        let codeAlignment = c.uleb()
        let dataAlignment = c.sleb()
        let returnAddressRegister = version == 1 ? UInt64(c.u8()) : c.uleb()
        var entry = CommonInformationEntry(
            offset: offset, version: version, augmentation: augmentation, addressSize: addressSize,
            codeAlignment: codeAlignment, dataAlignment: dataAlignment,
            returnAddressRegister: UInt16(truncatingIfNeeded: returnAddressRegister),
            pointerEncoding: DWEHPE.absptr, lsdaEncoding: nil, isSignalFrame: false, instructions: 0..<0,
            hasAugmentationData: augmentation.hasPrefix("z"))
        if entry.hasAugmentationData {
            let dataLength = c.uleb()
            let dataEnd = c.offset + Int(min(dataLength, UInt64(end - c.offset)))
            for letter in augmentation.utf8.dropFirst() {
                switch letter {
                case UInt8(ascii: "R"): entry.pointerEncoding = c.u8()
                case UInt8(ascii: "L"): entry.lsdaEncoding = c.u8()
                case UInt8(ascii: "P"):
                    // The personality routine: only its size matters here (format bits only).
                    let encoding = c.u8()
                    _ = try readPointer(&c, encoding: encoding & 0x0f, entry: offset, addressSize: addressSize)
                case UInt8(ascii: "S"): entry.isSignalFrame = true
                case UInt8(ascii: "B"), UInt8(ascii: "G"): break   // AArch64 key and MTE markers: no data
                default:
                    // Unknown letters: the data length still lets the instructions be found.
                    c.offset = min(dataEnd, end)
                }
            }
            c.offset = min(dataEnd, end)
        } else if !augmentation.isEmpty {
            // "eh" (pre-2000 GCC) and vendor augmentations without 'z' have data of unknown size.
            throw .unsupportedCIE(section: name, offset: offset, reason: "augmentation \"\(augmentation)\"")
        }
        guard !c.failed else { throw .truncated(section: name, offset: offset) }
        entry.instructions = c.offset..<end
        return entry
    }

    /// The FDE at `offset`, whose CIE is `cie`.
    func fde(at offset: Int, cie: CommonInformationEntry) throws(CallFrameError) -> FrameDescriptionEntry {
        var c = DWARFCursor(bytes, offset: offset, bigEndian: bigEndian)
        let (length, offsetSize) = c.initialLength()
        guard !c.failed, length <= UInt64(bytes.count - c.offset) else { throw .truncated(section: name, offset: offset) }
        let end = c.offset + Int(length)
        c = DWARFCursor(bytes, offset: c.offset, end: end, bigEndian: bigEndian)
        _ = c.offset(size: offsetSize)
        let start: UInt64
        let range: UInt64
        if kind == .ehFrame {
            start = try readPointer(&c, encoding: cie.pointerEncoding, entry: offset, addressSize: cie.addressSize)
            // The range is a length: the pointer's format without its base.
            range = try readPointer(&c, encoding: cie.pointerEncoding & 0x0f, entry: offset, addressSize: cie.addressSize)
        } else {
            start = c.unsigned(size: cie.addressSize)
            range = c.unsigned(size: cie.addressSize)
        }
        if cie.hasAugmentationData { c.skip(c.uleb()) }
        guard !c.failed else { throw .truncated(section: name, offset: offset) }
        return FrameDescriptionEntry(offset: offset, cieOffset: cie.offset, start: start, length: range,
                                     instructions: c.offset..<end)
    }

    /// A DW_EH_PE-encoded pointer at the cursor. pc-relative pointers are
    /// relative to their own address in the loaded section.
    func readPointer(_ c: inout DWARFCursor, encoding: UInt8, entry: Int, addressSize: Int) throws(CallFrameError) -> UInt64 {
        if encoding == DWEHPE.omit { return 0 }
        let at = address &+ UInt64(c.offset)
        var value: UInt64
        switch encoding & 0x0f {
        case DWEHPE.absptr: value = c.unsigned(size: addressSize)
        case DWEHPE.uleb128: value = c.uleb()
        case DWEHPE.udata2: value = UInt64(c.u16())
        case DWEHPE.udata4: value = UInt64(c.u32())
        case DWEHPE.udata8: value = c.u64()
        case DWEHPE.sleb128: value = UInt64(bitPattern: c.sleb())
        case DWEHPE.sdata2: value = UInt64(bitPattern: Int64(Int16(bitPattern: c.u16())))
        case DWEHPE.sdata4: value = UInt64(bitPattern: Int64(Int32(bitPattern: c.u32())))
        case DWEHPE.sdata8: value = c.u64()
        default: throw .unsupportedPointerEncoding(section: name, offset: entry, encoding: encoding)
        }
        switch encoding & 0x70 {
        case 0: break
        case DWEHPE.pcrel: value = value &+ at
        default: throw .unsupportedPointerEncoding(section: name, offset: entry, encoding: encoding)
        }
        guard encoding & DWEHPE.indirect == 0 else {
            throw .unsupportedPointerEncoding(section: name, offset: entry, encoding: encoding)
        }
        return value
    }
}
