// The line number program of one unit (.debug_line, DWARF 5 §6.2), run
// once into a row matrix and a list of sequences sorted by end address,
// the way LLVM's DWARFDebugLine does, so lookups give the same rows:
// find the sequence by its end address, then the last row at or below
// the address inside it.

struct DWARFLineRow {
    var address: UInt64
    var line: UInt32
    /// LLVM keeps columns and file numbers in 16 bits; so do we, to print the same.
    var column: UInt16
    var file: UInt16
    var discriminator: UInt32
    var endSequence: Bool
}

struct DWARFLineSequence {
    var low: UInt64
    var high: UInt64
    var firstRow: Int
    /// One past the end_sequence row.
    var endRow: Int
}

struct DWARFLineFileEntry {
    var name: DWARFString?
    var directoryIndex: UInt64
}

final class DWARFLineTable {
    var version: UInt16 = 0
    var includeDirectories: [DWARFString?] = []
    var files: [DWARFLineFileEntry] = []
    let rows: [DWARFLineRow]
    let sequences: [DWARFLineSequence]
    /// Joined paths by file index, made on first use (nil entry: not a valid index).
    private var pathCache: [Int: DWARFString?] = [:]

    /// Parses the program at `offset` of .debug_line. `unit` resolves strx forms.
    init?(context: DWARFContext, offset: UInt64, unit: DWARFUnit) {
        let section = context.sections.line
        guard offset < UInt64(section.count) else { return nil }
        var c = DWARFCursor(section, offset: Int(offset), bigEndian: context.sections.bigEndian)
        // §6.2.4 The line number program header.
        let (length, offsetSize) = c.initialLength()
        guard !c.failed, length <= UInt64(c.remaining) else { return nil }
        let end = c.offset + Int(length)
        c = DWARFCursor(section, offset: c.offset, end: end, bigEndian: context.sections.bigEndian)
        version = c.u16()
        guard version >= 2, version <= 5 else { return nil }
        var addressSize = unit.header.encoding.addressSize
        if version >= 5 {
            addressSize = Int(c.u8())
            _ = c.u8()  // segment_selector_size
        }
        let headerLength = c.offset(size: offsetSize)
        guard headerLength <= UInt64(c.remaining) else { return nil }
        let programStart = c.offset + Int(headerLength)
        let minInstLength = UInt64(c.u8())
        if version >= 4 { _ = c.u8() }  // maximum_operations_per_instruction (1 on non-VLIW)
        let defaultIsStmt = c.u8()
        _ = defaultIsStmt
        let lineBase = Int64(Int8(bitPattern: c.u8()))
        let lineRange = UInt64(c.u8())
        let opcodeBase = c.u8()
        var standardLengths = [UInt8](repeating: 0, count: 256)
        if opcodeBase > 1 {
            for i in 1..<Int(opcodeBase) { standardLengths[i] = c.u8() }
        }
        let encoding = DWARFEncoding(addressSize: addressSize, offsetSize: offsetSize, version: version)
        if version >= 5 {
            // §6.2.4.1: entry formats, then the entries, for directories then files.
            func formats(_ c: inout DWARFCursor) -> [(UInt64, UInt16)] {
                let n = Int(c.u8())
                var f: [(UInt64, UInt16)] = []
                for _ in 0..<n { f.append((c.uleb(), UInt16(truncatingIfNeeded: c.uleb()))) }
                return f
            }
            let dirFormats = formats(&c)
            let dirCount = c.uleb()
            guard !c.failed, dirCount <= UInt64(c.remaining) else { return nil }
            for _ in 0..<dirCount {
                var path: DWARFString? = nil
                for (type, form) in dirFormats {
                    let v = c.formValue(form, implicitConst: 0, encoding: encoding)
                    if type == DW.lnctPath { path = context.string(v, unit: unit, inLineSection: true) }
                }
                includeDirectories.append(path)
            }
            let fileFormats = formats(&c)
            let fileCount = c.uleb()
            guard !c.failed, fileCount <= UInt64(c.remaining) else { return nil }
            for _ in 0..<fileCount {
                var entry = DWARFLineFileEntry(name: nil, directoryIndex: 0)
                for (type, form) in fileFormats {
                    let v = c.formValue(form, implicitConst: 0, encoding: encoding)
                    if type == DW.lnctPath {
                        entry.name = context.string(v, unit: unit, inLineSection: true)
                    } else if type == DW.lnctDirectoryIndex {
                        entry.directoryIndex = v.unsignedConstant ?? 0
                    }
                }
                files.append(entry)
            }
        } else {
            // §6.2.4 (DWARF 4): NUL-terminated lists.
            while !c.isAtEnd {
                let at = c.skipCString()
                if c.offset - at == 1 { break }
                includeDirectories.append(DWARFString.at(UInt64(at), in: section))
            }
            while !c.isAtEnd {
                let at = c.skipCString()
                if c.offset - at == 1 { break }
                let dir = c.uleb()
                c.skipLEB()  // modification time
                c.skipLEB()  // length
                files.append(DWARFLineFileEntry(name: DWARFString.at(UInt64(at), in: section), directoryIndex: dir))
            }
        }
        guard !c.failed else { return nil }
        c.offset = programStart
        var rows: [DWARFLineRow] = []
        var sequences: [DWARFLineSequence] = []
        DWARFLineTable.run(&c, section: section, minInstLength: minInstLength, lineBase: lineBase, lineRange: lineRange,
            opcodeBase: opcodeBase, standardLengths: standardLengths, addressSize: addressSize,
            rows: &rows, sequences: &sequences, files: &files)
        sequences.sort { $0.high < $1.high }
        self.rows = rows
        self.sequences = sequences
    }

    /// §6.2.5 The line number program: the state machine of §6.2.2.
    private static func run(
        _ c: inout DWARFCursor, section: UnsafeRawBufferPointer, minInstLength: UInt64, lineBase: Int64,
        lineRange: UInt64, opcodeBase: UInt8, standardLengths: [UInt8], addressSize: Int,
        rows: inout [DWARFLineRow], sequences: inout [DWARFLineSequence], files: inout [DWARFLineFileEntry]
    ) {
        var m = DWARFLineMachine()
        rows.reserveCapacity(c.remaining / 3)
        while !c.isAtEnd && !c.failed {
            let op = c.u8()
            if op >= opcodeBase {
                // §6.2.5.1 Special opcodes.
                let adjusted = UInt64(op - opcodeBase)
                if lineRange != 0 {
                    m.address &+= (adjusted / lineRange) &* minInstLength
                    m.line &+= lineBase &+ Int64(adjusted % lineRange)
                }
                m.append(end: false, rows: &rows, sequences: &sequences)
                continue
            }
            switch op {
            case 0:
                // §6.2.5.3 Extended opcodes: length, sub-opcode, operands.
                let length = c.uleb()
                guard length > 0, length <= UInt64(c.remaining) else { c.fail(); break }
                let next = c.offset + Int(length)
                let sub = c.u8()
                switch sub {
                case DW.lneEndSequence:
                    m.append(end: true, rows: &rows, sequences: &sequences)
                    m = DWARFLineMachine()
                case DW.lneSetAddress:
                    let n = Int(length) - 1
                    m.address = (n == 8 || n == 4 || n == 2 || n == 1) ? c.unsigned(size: n) : c.unsigned(size: addressSize)
                case DW.lneDefineFile:
                    let at = c.skipCString()
                    let dir = c.uleb()
                    files.append(DWARFLineFileEntry(name: DWARFString.at(UInt64(at), in: section), directoryIndex: dir))
                case DW.lneSetDiscriminator:
                    m.discriminator = c.uleb()
                default:
                    break
                }
                c.offset = next
            case DW.lnsCopy:
                m.append(end: false, rows: &rows, sequences: &sequences)
            case DW.lnsAdvancePC:
                m.address &+= c.uleb() &* minInstLength
            case DW.lnsAdvanceLine:
                m.line &+= c.sleb()
            case DW.lnsSetFile:
                m.file = c.uleb()
            case DW.lnsSetColumn:
                m.column = c.uleb()
            case DW.lnsNegateStmt, DW.lnsSetBasicBlock, DW.lnsSetPrologueEnd, DW.lnsSetEpilogueBegin:
                break
            case DW.lnsConstAddPC:
                if lineRange != 0 { m.address &+= (UInt64(255 - opcodeBase) / lineRange) &* minInstLength }
            case DW.lnsFixedAdvancePC:
                m.address &+= UInt64(c.u16())
            case DW.lnsSetISA:
                c.skipLEB()
            default:
                // An unknown standard opcode: skip its ULEB operands.
                for _ in 0..<Int(standardLengths[Int(op)]) { c.skipLEB() }
            }
        }
    }

    /// The row for `address` (LLVM's lookupAddress), or nil.
    func row(for address: UInt64) -> DWARFLineRow? {
        sequences.withUnsafeBufferPointer { sequences in
            rows.withUnsafeBufferPointer { rows in
                DWARFLineTable.row(for: address, sequences: sequences, rows: rows)
            }
        }
    }

    private static func row(
        for address: UInt64, sequences: UnsafeBufferPointer<DWARFLineSequence>, rows: UnsafeBufferPointer<DWARFLineRow>
    ) -> DWARFLineRow? {
        // First sequence whose end is above the address.
        var lo = 0, hi = sequences.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if sequences[mid].high <= address { lo = mid + 1 } else { hi = mid }
        }
        guard lo < sequences.count else { return nil }
        let s = sequences[lo]
        guard s.low <= address else { return nil }
        // upper_bound over rows [first+1, end-1), minus one.
        var l = s.firstRow + 1, h = s.endRow - 1
        while l < h {
            let mid = (l + h) >> 1
            if rows[mid].address <= address { l = mid + 1 } else { h = mid }
        }
        return rows[l - 1]
    }

    func hasFile(_ index: UInt64) -> Bool {
        version >= 5 ? index < UInt64(files.count) : (index != 0 && index <= UInt64(files.count))
    }

    /// The path of file `index` joined like LLVM's Prologue::getFileNameByIndex
    /// with FileLineInfoKind::AbsoluteFilePath; cached per index.
    func path(of index: UInt64, compDir: DWARFString?, arena: StringArena) -> DWARFString? {
        guard hasFile(index) else { return nil }
        let key = Int(index)
        if let cached = pathCache[key] { return cached }
        let entry = files[version >= 5 ? key : key - 1]
        var result: DWARFString? = nil
        if let name = entry.name {
            if DWARFPath.isAbsolute(name.bytes) {
                result = name
            } else {
                var includeDir: DWARFString? = nil
                if version >= 5 {
                    if entry.directoryIndex < UInt64(includeDirectories.count) {
                        includeDir = includeDirectories[Int(entry.directoryIndex)] ?? .empty
                    }
                } else if entry.directoryIndex > 0 && entry.directoryIndex <= UInt64(includeDirectories.count) {
                    includeDir = includeDirectories[Int(entry.directoryIndex) - 1] ?? .empty
                }
                var path: [UInt8] = []
                if (version < 5 || entry.directoryIndex != 0), let compDir, !compDir.isEmpty,
                   !DWARFPath.isAbsolute(includeDir?.bytes ?? UnsafeRawBufferPointer(start: nil, count: 0)) {
                    DWARFPath.append(&path, compDir.bytes)
                }
                if let includeDir { DWARFPath.append(&path, includeDir.bytes) }
                DWARFPath.append(&path, name.bytes)
                result = arena.store(path)
            }
        }
        pathCache[key] = result
        return result
    }
}

/// The registers of the line number state machine (§6.2.2) that rows keep.
struct DWARFLineMachine {
    var address: UInt64 = 0
    var file: UInt64 = 1
    var line: Int64 = 1
    var column: UInt64 = 0
    var discriminator: UInt64 = 0
    var sequenceStart = -1

    /// Appends a row (LLVM's appendRowToMatrix); an end_sequence row closes
    /// the sequence, kept if it covers at least one byte.
    @inline(__always)
    mutating func append(end: Bool, rows: inout [DWARFLineRow], sequences: inout [DWARFLineSequence]) {
        if sequenceStart < 0 { sequenceStart = rows.count }
        rows.append(DWARFLineRow(
            address: address, line: UInt32(truncatingIfNeeded: line), column: UInt16(truncatingIfNeeded: column),
            file: UInt16(truncatingIfNeeded: file), discriminator: UInt32(truncatingIfNeeded: discriminator),
            endSequence: end))
        if end {
            let low = rows[sequenceStart].address
            if low < address {
                sequences.append(DWARFLineSequence(low: low, high: address, firstRow: sequenceStart, endRow: rows.count))
            }
            sequenceStart = -1
        }
        discriminator = 0
    }
}

/// LLVM's sys::path rules for the POSIX style, as the symbolizer uses them.
enum DWARFPath {
    /// isPathAbsoluteOnWindowsOrPosix: "/x", or "C:\x", "C:/x", "\\server\x".
    static func isAbsolute(_ p: UnsafeRawBufferPointer) -> Bool {
        guard p.count > 0 else { return false }
        if p[0] == 0x2f { return true }
        if p.count >= 3, isLetter(p[0]), p[1] == 0x3a, p[2] == 0x2f || p[2] == 0x5c { return true }
        if p.count >= 3, p[0] == 0x5c || p[0] == 0x2f, p[1] == p[0], p[2] != 0x5c, p[2] != 0x2f {
            return p.dropFirst(2).contains(where: { $0 == 0x5c || $0 == 0x2f })
        }
        return false
    }

    private static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a }

    /// sys::path::append for one component: strips the component's leading
    /// separators when the path already ends in one, else adds one between.
    static func append(_ path: inout [UInt8], _ component: UnsafeRawBufferPointer) {
        if let last = path.last, last == 0x2f {
            var i = 0
            while i < component.count && component[i] == 0x2f { i += 1 }
            path.append(contentsOf: component[i...])
            return
        }
        let hasSep = component.count > 0 && component[0] == 0x2f
        if !hasSep && !path.isEmpty { path.append(0x2f) }
        path.append(contentsOf: component)
    }
}
