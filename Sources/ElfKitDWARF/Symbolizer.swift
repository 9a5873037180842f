// Address → frames, the way llvm-symbolizer answers (LLVM's
// DWARFContext::getInliningInfoForAddress and SymbolizableObjectFile):
//
//  1. the unit covering the address (CU index);
//  2. the innermost subprogram or inlined subroutine DIE containing it, then
//     its enclosing inlined subroutines up to the subprogram (the chain);
//  3. frame 0's location from the line table; each outer frame's location is
//     the call site (DW_AT_call_file/line/column) of the frame inside it;
//  4. the outermost frame's name replaced by the ELF symbol covering the
//     address, which also names code without DWARF.
//
// The file whose DWARF is read may be a separate debug file (build ID, then
// .gnu_debuglink); the symbol table is always the given file's.

import ElfKit
import CZlib
#if canImport(Glibc)
import Glibc
#endif

/// One frame of a symbolized address, innermost first. Nil strings are
/// what llvm-symbolizer prints as "??".
public struct SymbolizedFrame: Equatable, Sendable {
    /// The linkage name (or DW_AT_name, or the symbol), demangled if asked.
    public var functionName: String?
    public var fileName: String?
    public var line: UInt32
    public var column: UInt32
    public var discriminator: UInt32
    /// DW_AT_decl_file / DW_AT_decl_line of the function.
    public var startFileName: String?
    public var startLine: UInt32
    /// DW_AT_low_pc of the function's DIE, or the symbol's address for the outermost frame.
    public var startAddress: UInt64?

    public init(functionName: String? = nil, fileName: String? = nil, line: UInt32 = 0, column: UInt32 = 0,
                discriminator: UInt32 = 0, startFileName: String? = nil, startLine: UInt32 = 0,
                startAddress: UInt64? = nil) {
        self.functionName = functionName
        self.fileName = fileName
        self.line = line
        self.column = column
        self.discriminator = discriminator
        self.startFileName = startFileName
        self.startLine = startLine
        self.startAddress = startAddress
    }
}

/// A frame before strings are made: every text is bytes the symbolizer owns.
struct RawFrame {
    var name: DWARFString?
    var file: DWARFString?
    var line: UInt32 = 0
    var column: UInt32 = 0
    var discriminator: UInt32 = 0
    var startFile: DWARFString?
    var startLine: UInt32 = 0
    var startAddress: UInt64?
}

public final class Symbolizer {
    /// The file symbols come from (the path given).
    public let path: String
    /// The file DWARF comes from (the same file, or its separate debug file).
    public let debugPath: String
    private let image: ObjectImage
    private let debugImage: ObjectImage
    let arena = StringArena()
    let dwarf: DWARFContext?
    let symbolsIndex: SymbolTableIndex
    private var demangled: [UnsafeRawPointer: DWARFString?] = [:]
    private var chain: [Int] = []

    /// Opens `path` and, when it has no DWARF of its own, its separate debug file.
    /// `debugFileDirectories` are searched for .build-id/xx/yyyy.debug and
    /// debuglink names (llvm-symbolizer's default is /usr/lib/debug).
    public init(path: String, debugFileDirectories: [String] = ["/usr/lib/debug"]) throws(SymbolizerError) {
        self.path = path
        image = try ObjectImage(path: path)
        var debug: ObjectImage = image
        if let found = Symbolizer.findDebugFile(for: image, path: path, directories: debugFileDirectories) {
            debug = found
        }
        debugImage = debug
        debugPath = debug.path
        symbolsIndex = SymbolTableIndex(elf: image.elf)
        var s = DWARFSections()
        s.bigEndian = debug.bigEndian
        if debug.hasDebugInfo {
            try debug.loadDebugSections([
                ".debug_info", ".debug_abbrev", ".debug_line", ".debug_str", ".debug_line_str",
                ".debug_str_offsets", ".debug_addr", ".debug_ranges", ".debug_rnglists", ".debug_aranges",
            ])
        }
        s.info = try debug.debugSection(".debug_info") ?? s.info
        if s.info.count > 0 {
            s.abbrev = try debug.debugSection(".debug_abbrev") ?? s.abbrev
            s.line = try debug.debugSection(".debug_line") ?? s.line
            s.str = try debug.debugSection(".debug_str") ?? s.str
            s.lineStr = try debug.debugSection(".debug_line_str") ?? s.lineStr
            s.strOffsets = try debug.debugSection(".debug_str_offsets") ?? s.strOffsets
            s.addr = try debug.debugSection(".debug_addr") ?? s.addr
            s.ranges = try debug.debugSection(".debug_ranges") ?? s.ranges
            s.rnglists = try debug.debugSection(".debug_rnglists") ?? s.rnglists
            s.aranges = try debug.debugSection(".debug_aranges") ?? s.aranges
            dwarf = DWARFContext(sections: s, arena: arena)
        } else {
            dwarf = nil
        }
    }

    /// Whether DWARF was found (in the file or a separate debug file).
    public var hasDebugInfo: Bool { dwarf != nil }

    // MARK: Separate debug files

    /// llvm-symbolizer's order: the build-ID file first, then .gnu_debuglink
    /// (CRC-32 checked) next to the file, in its .debug/, under the debug
    /// directories by the file's absolute directory. Only used when the file
    /// has no .debug_info itself.
    static func findDebugFile(for image: ObjectImage, path: String, directories: [String]) -> ObjectImage? {
        guard !image.hasDebugInfo else { return nil }
        if let id = image.buildID, id.count >= 2 {
            let hex = id.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            let relative = ".build-id/" + hex[0] + "/" + hex[1...].joined() + ".debug"
            for dir in directories {
                let candidate = dir + "/" + relative
                if let found = try? ObjectImage(path: candidate), found.buildID == id, found.hasDebugInfo { return found }
            }
        }
        if let (name, crc) = image.debugLink {
            var dir = path
            if let slash = dir.lastIndex(of: "/") { dir = String(dir[...slash]) } else { dir = "" }
            var candidates = [dir + name, dir + ".debug/" + name]
            var absolute = dir.isEmpty ? "./" : dir
            if !absolute.hasPrefix("/") {
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX))
                if getcwd(&buffer, buffer.count) != nil {
                    let cwd = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    absolute = cwd + "/" + absolute
                }
            }
            for d in directories { candidates.append(d + absolute + name) }
            for candidate in candidates {
                guard let found = try? ObjectImage(path: candidate) else { continue }
                if crc32Of(found.mapped.bytes) == crc { return found }
            }
        }
        return nil
    }

    // MARK: Lookups

    /// The frames at `address`, innermost first (with `inlines: false`, one
    /// frame as llvm-symbolizer --no-inlines prints it). Never empty.
    public func frames(at address: UInt64, inlines: Bool = true, demangle: Bool = true,
                       demangleSwift: Bool = false) -> [SymbolizedFrame] {
        var raw: [RawFrame] = []
        rawFrames(at: address, inlines: inlines, startInfo: true, into: &raw)
        return raw.map { f in
            var name: String? = nil
            if let n = f.name {
                name = (demangle ? self.demangled(n, swift: demangleSwift) : n).string
            }
            return SymbolizedFrame(
                functionName: name, fileName: f.file?.string, line: f.line, column: f.column,
                discriminator: f.discriminator, startFileName: f.startFile?.string, startLine: f.startLine,
                startAddress: f.startAddress)
        }
    }

    /// The addresses of symbol `name` (+ `offset` when it is inside the symbol),
    /// as llvm-symbolizer resolves "name+offset" input lines.
    public func addresses(ofSymbol name: String, offset: UInt64 = 0) -> [UInt64] {
        symbolsIndex.addresses(of: name, offset: offset)
    }

    func rawFrames(at address: UInt64, inlines: Bool, startInfo: Bool, into frames: inout [RawFrame]) {
        frames.removeAll(keepingCapacity: true)
        if let dwarf, let ui = dwarf.unitIndex(forAddress: address), let unit = dwarf.unit(at: ui) {
            chain.removeAll(keepingCapacity: true)
            let index = dwarf.subroutineIndex(of: unit)
            let subs = index.subroutines
            if var s = index.subroutine(at: address) {
                while true {
                    chain.append(s)
                    let sub = subs[s]
                    if !sub.isInlined || sub.parent < 0 { break }
                    s = Int(sub.parent)
                }
            }
            let table = dwarf.lineTable(of: unit)
            if inlines {
                if chain.isEmpty {
                    if let table, let row = table.row(for: address),
                       let file = table.path(of: UInt64(row.file), compDir: unit.compDir, arena: arena) {
                        frames.append(RawFrame(
                            file: file, line: row.line, column: UInt32(row.column), discriminator: row.discriminator))
                    }
                } else {
                    for (i, s) in chain.enumerated() {
                        let sub = subs[s]
                        var f = RawFrame()
                        f.name = dwarf.functionName(ofDIEAt: sub.dieOffset, linkage: true)
                        if startInfo { fillStart(&f, dwarf: dwarf, sub: sub) }
                        if i == 0 {
                            if let table, let row = table.row(for: address),
                               let file = table.path(of: UInt64(row.file), compDir: unit.compDir, arena: arena) {
                                f.file = file
                                f.line = row.line
                                f.column = UInt32(row.column)
                                f.discriminator = row.discriminator
                            }
                        } else {
                            let inner = subs[chain[i - 1]]
                            if let table { f.file = table.path(of: UInt64(inner.callFile), compDir: unit.compDir, arena: arena) }
                            f.line = inner.callLine
                            f.column = inner.callColumn
                            f.discriminator = inner.callDiscriminator
                        }
                        frames.append(f)
                    }
                }
            } else {
                var f = RawFrame()
                if let first = chain.first {
                    f.name = dwarf.functionName(ofDIEAt: subs[first].dieOffset, linkage: true)
                    if startInfo { fillStart(&f, dwarf: dwarf, sub: subs[first]) }
                }
                if let table, let row = table.row(for: address),
                   let file = table.path(of: UInt64(row.file), compDir: unit.compDir, arena: arena) {
                    f.file = file
                    f.line = row.line
                    f.column = UInt32(row.column)
                    f.discriminator = row.discriminator
                }
                frames.append(f)
            }
        }
        // With --no-inlines, LLVM takes the STT_FILE name only when no unit
        // covers the address (symbolizeCode); with inlines, whenever the
        // outermost frame has no file (symbolizeInlinedCode).
        let covered = !inlines && !frames.isEmpty
        if frames.isEmpty { frames.append(RawFrame()) }
        // SymbolizableObjectFile: the symbol table names the outermost frame.
        if let (entry, file) = symbolsIndex.lookup(address) {
            let last = frames.count - 1
            frames[last].name = entry.name
            frames[last].startAddress = entry.address
            if !covered, frames[last].file == nil, let file, !file.isEmpty { frames[last].file = file }
        }
    }

    private func fillStart(_ f: inout RawFrame, dwarf: DWARFContext, sub: DWARFSubroutine) {
        let (file, line) = dwarf.declaration(ofDIEAt: sub.dieOffset)
        f.startFile = file
        f.startLine = UInt32(truncatingIfNeeded: line)
        if sub.hasLowPC { f.startAddress = sub.lowPC }
    }

    /// `name` demangled the way llvm-symbolizer does (Itanium), and Swift too if asked; cached.
    func demangled(_ name: DWARFString, swift: Bool) -> DWARFString {
        guard let start = name.start, name.count >= 2 else { return name }
        // Cheap filter: only "_Z…", "___Z…", ".…" and Swift "$s…"/"_$s…" can change.
        let b0 = start.load(as: UInt8.self)
        guard b0 == 0x5f || b0 == 0x2e || (swift && b0 == 0x24) else { return name }
        if !swift {
            let body = b0 == 0x2e ? UnsafeRawBufferPointer(rebasing: name.bytes.dropFirst()) : name.bytes
            guard CxxDemangler.isItanium(body) else { return name }
        }
        if let cached = demangled[start] { return cached ?? name }
        var result: DWARFString? = nil
        if let bytes = CxxDemangler.demangle(name.bytes) {
            result = arena.store(bytes)
        } else if swift {
            let text = name.string
            if let d = SwiftDemangler.demangle(text) { result = arena.store(Array(d.utf8)) }
        }
        demangled[start] = result
        return result ?? name
    }
}

/// zlib's CRC-32, as .gnu_debuglink uses it.
func crc32Of(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    var crc: UInt = 0
    var offset = 0
    while offset < bytes.count {
        let n = min(bytes.count - offset, 1 << 30)
        crc = crc32(crc, bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: UInt8.self), UInt32(n))
        offset += n
    }
    return UInt32(truncatingIfNeeded: crc)
}
