import ElfKit
import ElfKitDWARF
#if canImport(Glibc)
import Glibc
#endif

/// The kernel's ELF file as kdbg sees it: symbols with Swift names,
/// allocated sections, DWARF through ElfKitDWARF's symbolizer, and the line
/// table (loaded on first use).
public final class KernelImage {
    public let path: String
    public private(set) var symbols: [ImageSymbol] = []
    public private(set) var sections: [KernelSection] = []
    public let symbolizer: Symbolizer
    private var functionIndex: [Int] = []
    private var lines: [SourceLineEntry]?
    private var loadedCallFrames: CallFrameInformation??

    public init(path: String) throws(DebuggerError) {
        self.path = path
        guard let bytes = Self.readFile(path) else {
            throw .usage("\(path): cannot read the kernel image (\(String(cString: strerror(errno)))); build it with `make kernel` or pass --kernel")
        }
        do {
            symbolizer = try Symbolizer(path: path)
        } catch {
            throw .failed("\(path): \(error)")
        }
        let loaded = bytes.withUnsafeBytes { raw -> Result<([KernelSection], [ImageSymbol]), ElfError> in
            do throws(ElfError) {
                var sections: [KernelSection] = []
                var symbols: [ImageSymbol] = []
                let elf = try ElfFile(bytes: raw)
                for i in 0..<elf.sectionCount {
                    let s = try elf.section(at: i)
                    guard s.flags.contains(.alloc), s.size > 0 else { continue }
                    sections.append(KernelSection(
                        name: String(decoding: try elf.name(of: s), as: UTF8.self), address: s.address, size: s.size,
                        writable: s.flags.contains(.write), executable: s.flags.contains(.execInstr)))
                }
                if let table = try elf.symbolTable(ofType: .symtab) {
                    for i in 1..<max(1, table.count) {
                        let sym = try table.symbol(at: i)
                        guard !sym.isUndefined, sym.value != 0,
                              sym.type == .function || sym.type == .object || sym.type == .notype else { continue }
                        let mangled = String(decoding: try table.name(of: sym), as: UTF8.self)
                        guard !mangled.isEmpty, !mangled.hasPrefix(".L") else { continue }
                        symbols.append(ImageSymbol(
                            mangledName: mangled, name: SwiftDemangler.backtraceName(mangled), address: sym.value,
                            size: sym.size, isFunction: sym.type == .function))
                    }
                }
                return .success((sections, symbols))
            } catch {
                return .failure(error)
            }
        }
        switch loaded {
        case .success(let (s, y)):
            sections = s
            symbols = y
        case .failure(let error):
            throw .failed("\(path): not a readable ELF file (\(error))")
        }
        symbols.sort { ($0.address, $1.size) < ($1.address, $0.size) }
        functionIndex = symbols.indices.filter { symbols[$0].size > 0 || !symbols[$0].isFunction }
    }

    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { errno = EISDIR; return nil }
        var bytes = [UInt8](repeating: 0, count: Int(st.st_size))
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, $0.count - done) }
            if n <= 0 { return nil }
            done += n
        }
        return bytes
    }

    /// The symbol covering `address`: a sized symbol that contains it, else
    /// an unsized one (an assembly label) that is the nearest below it.
    public func symbol(containing address: UInt64) -> ImageSymbol? {
        // The last symbol at or below the address (symbols are sorted by address).
        var lo = 0, hi = functionIndex.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if symbols[functionIndex[mid]].address <= address { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        let nearest = symbols[functionIndex[lo - 1]]
        // A few symbols back may start earlier and still cover it (nested labels, aliases).
        for i in stride(from: lo - 1, through: max(0, lo - 16), by: -1) {
            let s = symbols[functionIndex[i]]
            if s.size > 0 && address < s.address &+ s.size { return s }
        }
        return nearest.size == 0 ? nearest : nil
    }

    /// `Name + 0xOFF`, or nil outside every symbol.
    public func describe(_ address: UInt64) -> String? {
        symbol(containing: address)?.describe(address)
    }

    /// The section holding `address`.
    public func section(containing address: UInt64) -> KernelSection? {
        sections.first { address >= $0.address && address < $0.end }
    }

    /// Source frames at `address`, innermost first (inlined calls included).
    public func frames(at address: UInt64) -> [SymbolizedFrame] {
        symbolizer.frames(at: address, inlines: true, demangle: true, demangleSwift: true)
    }

    /// `File.swift:LINE` of `address`, or nil without line information.
    public func location(of address: UInt64) -> SourceLocation? {
        guard let f = frames(at: address).first, let file = f.fileName, f.line > 0 else { return nil }
        return SourceLocation(file: file, line: Int(f.line))
    }

    /// The image's .eh_frame and .debug_frame (opened on first use); nil
    /// when it has neither.
    public var callFrames: CallFrameInformation? {
        if let loadedCallFrames { return loadedCallFrames }
        let opened = try? CallFrameInformation(path: path)
        let usable = opened.flatMap { $0.sections.isEmpty ? nil : $0 }
        loadedCallFrames = .some(usable)
        return usable
    }

    /// Every line-table row (loaded once).
    public var lineEntries: [SourceLineEntry] {
        if let lines { return lines }
        let loaded = symbolizer.lineEntries().sorted { $0.address < $1.address }
        lines = loaded
        return loaded
    }
}

/// A place in the source.
public struct SourceLocation: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var description: String { "\(file):\(line)" }
    /// The file name without its directories.
    public var shortFile: String { file.split(separator: "/").last.map(String.init) ?? file }
}
