// libFuzzer target for the call frame reader (Sources/ElfKitDWARF/CallFrames).
//
// Built by Fuzz/call-frames.sh with `swiftc -sanitize=fuzzer` over the
// section reader, the instruction decoder, the table builder and
// DWARFCursor (one module, so internal API is reachable; the parts that
// open files need zlib and are left out). The first input byte picks
// .eh_frame or .debug_frame and the byte order; the rest is the section.
// Errors are expected (`try?`); only a trap, a crash or a sanitizer report
// is a finding. Loops are capped so a big input cannot become a timeout.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCallFrames(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let kind: CallFrameSection.Kind = data[0] & 1 == 0 ? .ehFrame : .debugFrame
    let bytes = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    let section = CallFrameSection(kind: kind, bytes: bytes, address: 0x40_1000, bigEndian: data[0] & 2 != 0)
    guard let (cies, fdes) = try? section.entries() else { return 0 }
    var sink: UInt64 = 0
    for fde in fdes.prefix(256) {
        // entries() hands out only FDEs whose CIE it read.
        guard let cie = cies[fde.cieOffset] else { fatalError("FDE at \(fde.offset) without its CIE") }
        let table = UnwindTableBuilder(section: section, cie: cie, fde: fde)
        guard let rows = try? table.rows() else { continue }
        for row in rows.prefix(64) {
            guard let again = try? table.row(at: row.location) else { fatalError("rows() read what row(at:) cannot") }
            sink &+= again.location &+ UInt64(again.registers.count)
        }
    }
    return sink == 42 ? 1 : 0
}
