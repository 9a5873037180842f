import ArgumentParser
import Glibc
import MemoryMap
import Paging

/// A failure at run time (a missing dump, a root outside it): exit 1.
struct RunFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// A raw physical-memory dump mapped read-only; byte 0 is physical `base`.
final class MemoryDump {
    let path: String
    let base: UInt64
    let count: Int
    private let pointer: UnsafeRawPointer?

    init(path: String, base: UInt64) throws {
        self.path = path
        self.base = base
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw RunFailure("cannot open memory dump '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw RunFailure("cannot stat memory dump '\(path)': \(String(cString: strerror(errno)))") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw RunFailure("memory dump '\(path)' is not a regular file") }
        count = Int(st.st_size)
        if count == 0 {
            pointer = nil
        } else {
            let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
            guard let p, p != MAP_FAILED else {
                throw RunFailure("cannot map memory dump '\(path)': \(String(cString: strerror(errno)))")
            }
            pointer = UnsafeRawPointer(p)
        }
    }

    deinit {
        if let pointer { munmap(UnsafeMutableRawPointer(mutating: pointer), count) }
    }

    var reader: BufferPhysicalMemory {
        BufferPhysicalMemory(base: base, bytes: UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : count))
    }

    var rangeText: String { "0x\(hex(base))-0x\(hex(base &+ UInt64(count) &- 1))" }
}

struct WalkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paging-calc walk",
        abstract: "Walk page tables in a raw physical-memory dump.",
        discussion: """
            The dump is a raw file whose byte 0 is physical address --base (default 0), e.g. from QEMU's
            pmemsave. Translate one address, printing every level, or with --all list every mapping merged
            into ranges with equal attributes, drawn as a memory map (address bar, legend, table).
            Permissions are the effective ones: a leaf's rights limited by the table entries above it
            (x86 R/W, U/S and XD; AArch64 APTable, UXNTable, PXNTable).

            Examples:
              paging-calc walk --root 0x1000 --memory mem.bin 0xffff800000001234 x86_64
              paging-calc walk --root 0x80001000 --memory ram.bin --base 0x80000000 --all riscv64-sv39
            Exit status: 0 success (also when the address is not mapped), 1 failure (dump, root), 2 bad input.
            """)

    @Argument(help: ArgumentHelp("ADDR ARCH, or just ARCH with --all.", valueName: "ADDR-AND-ARCH"))
    var positional: [String] = []

    @Option(help: "Physical address of the root table (CR3, TTBRn, satp.PPN << 12).")
    var root: String

    @Option(help: ArgumentHelp("Raw physical-memory dump.", valueName: "DUMPFILE"))
    var memory: String

    @Option(help: "Physical address of the dump's first byte (default 0).")
    var base: String?

    @Flag(help: "Enumerate every mapping instead of translating one address.")
    var all = false

    @Flag(help: "AArch64 with --all: place the addresses in the TTBR1 (upper) range.")
    var upper = false

    @Option(help: "Stop enumerating after reading this many entries (default 16777216).")
    var maxEntries: Int = 1 << 24

    @Option(help: "AArch64 translation granule: 4k, 16k or 64k.")
    var granule: String = "4k"

    @Option(help: "AArch64 virtual-address bits (default 48).")
    var vaBits: Int = 48

    @OptionGroup var viewer: ViewerOptions

    func run() throws {
        let json = viewer.json
        let expected = all ? 1 : 2
        guard positional.count == expected else {
            if all { throw UsageFailure("with --all, expected one argument, the scheme (ARCH), got \(positional.count)") }
            throw UsageFailure("expected ADDR ARCH, got \(positional.count) argument(s); e.g. paging-calc walk --root 0x1000 --memory mem.bin 0xdeadbeef x86_64")
        }
        guard maxEntries > 0 else { throw UsageFailure("--max-entries must be positive") }
        let arch = positional[expected - 1]
        let scheme = try SchemeName.parse(arch, granule: granule, vaBits: vaBits)
        let rootAddress = try parseNumber(root, what: "root")
        let baseAddress = try base.map { try parseNumber($0, what: "base") } ?? 0
        var address: UInt64 = 0
        if !all {
            address = try parseNumber(positional[0], what: "address")
            guard scheme.fits(address) else {
                throw UsageFailure("address '\(positional[0])' is too wide for \(arch): addresses are \(scheme.addressWidth) bits (at most 0x\(hex(UInt64((1 << UInt64(scheme.addressWidth)) - 1))))")
            }
            let check = scheme.canonicalCheck(address)
            if !check.isCanonical {
                throw UsageFailure(Report.canonicalProblem(address, check: check, scheme: scheme, arch: arch))
            }
        }
        let dump = try MemoryDump(path: memory, base: baseAddress)
        let reader = dump.reader
        guard reader.readEntry(at: rootAddress, bytes: scheme.entryBytes) != nil else {
            throw RunFailure("root table 0x\(hex(rootAddress)) is outside the memory dump '\(memory)' (physical \(dump.count == 0 ? "nothing: the file is empty" : dump.rangeText))")
        }
        let walker = PageTableWalker(scheme: scheme, memory: reader, maxEntriesVisited: maxEntries)
        if all {
            var list: [PageMapping] = []
            let summary = walker.enumerateMappings(root: rootAddress, upperHalf: upper) { list.append($0) }
            if json {
                writeStdout(WalkReport.mappingsJSON(list, summary: summary, scheme: scheme, arch: arch))
            } else {
                let regions = WalkMap.regions(list, scheme: scheme)
                writeStdout(renderMemoryMap(regions, options: viewer.renderOptions))
                writeStdout(WalkReport.summaryLine(list, summary: summary) + "\n")
            }
            if summary.truncated {
                writeStderr("paging-calc: warning: stopped after \(summary.entriesVisited) entries (--max-entries); the list is incomplete\n")
            }
        } else {
            let t = walker.translate(address, root: rootAddress)
            writeStdout(WalkReport.translation(t, scheme: scheme, arch: arch, json: json))
        }
    }
}

enum WalkReport {
    static func kind(_ k: DecodedPageTableEntry.Kind) -> String {
        switch k {
        case .invalid: return "not present"
        case .reserved: return "reserved"
        case .table: return "table"
        case .page: return "page"
        }
    }

    static func failureText(_ f: PageWalkFailure, scheme: PagingScheme) -> String {
        switch f {
        case .nonCanonical: return "address is not canonical"
        case .notPresent(let d): return "not present at \(scheme.levelName(d))"
        case .reserved(let d): return "reserved entry at \(scheme.levelName(d))"
        case .outsideMemory(let d, let a): return "\(scheme.levelName(d)) entry at 0x\(hex(a)) is outside the memory dump"
        }
    }

    static func flags(_ raw: UInt64, depth: Int, scheme: PagingScheme) -> String {
        let p = scheme.leafPermissions(raw, depth: depth)
        return (p.readable ? "r" : "-") + (p.writable ? "w" : "-") + (p.executable ? "x" : "-")
            + (p.user ? "u" : "-") + (p.global ? "g" : "-")
    }

    static func translation(_ t: PageTranslation, scheme: PagingScheme, arch: String, json: Bool) -> String {
        let digits = scheme.addressWidth / 4
        if json {
            var steps: [String] = []
            for i in 0..<t.stepCount {
                let s = t.step(i)
                steps.append("{\"level\": \(jsonString("\(s.levelName)")), \"table\": \"0x\(hex(s.tableAddress))\", \"index\": \(s.index), \"entryAddress\": \"0x\(hex(s.entryAddress))\", \"entry\": \"0x\(hex(s.entry.rawValue))\", \"kind\": \(jsonString(kind(s.entry.kind)))\(s.entry.kind == .invalid ? "" : ", \"physical\": \"0x\(hex(s.entry.physicalAddress))\"")}")
            }
            var r = "{\"arch\": \(jsonString(arch)), \"address\": \"0x\(hex(t.virtualAddress))\", \"steps\": [\(steps.joined(separator: ", "))], "
            switch t.outcome {
            case .mapped(let p, let size, let depth):
                r += "\"mapped\": true, \"physical\": \"0x\(hex(p))\", \"pageSize\": \(size), \"flags\": \(jsonString(flags(t.effectiveLeafEntry, depth: depth, scheme: scheme))), \"leafFlags\": \(jsonString(flags(t.step(depth).entry.rawValue, depth: depth, scheme: scheme)))}"
            case .failed(let f):
                r += "\"mapped\": false, \"error\": \(jsonString(failureText(f, scheme: scheme)))}"
            }
            return r + "\n"
        }
        var out = "0x\(hex(t.virtualAddress, digits: digits)) (\(arch))\n"
        out += pad("level", 8) + pad("table", 20) + padLeft("index", 6) + "  " + pad("entry", 20) + "kind\n"
        for i in 0..<t.stepCount {
            let s = t.step(i)
            var line = pad("\(s.levelName)", 8) + pad("0x" + hex(s.tableAddress), 20) + padLeft("\(s.index)", 6) + "  "
                + pad("0x" + hex(s.entry.rawValue, digits: scheme.entryBytes * 2), 20) + kind(s.entry.kind)
            switch s.entry.kind {
            case .table: line += " -> 0x\(hex(s.entry.physicalAddress))"
            case .page: line += " 0x\(hex(s.entry.physicalAddress)) (\(sizeText(s.entry.pageSize)), \(flags(s.entry.rawValue, depth: s.depth, scheme: scheme)))"
            default: break
            }
            out += line + "\n"
        }
        switch t.outcome {
        case .mapped(let p, let size, let depth):
            out += "-> physical 0x\(hex(p)) (\(sizeText(size)) page, effective \(flags(t.effectiveLeafEntry, depth: depth, scheme: scheme)))\n"
        case .failed(let f):
            out += "-> not mapped: \(failureText(f, scheme: scheme))\n"
        }
        return out
    }

    static func mappingsJSON(_ list: [PageMapping], summary: PageWalkSummary, scheme: PagingScheme, arch: String) -> String {
        // One growing string: a quarter of a million mappings is a normal size here.
        var out = "{\"arch\": \(jsonString(arch)), \"mappings\": ["
        out.reserveCapacity(list.count * 240 + 256)
        for (i, m) in list.enumerated() {
            if i > 0 { out += ", " }
            out += "{\"start\": \"0x"; out += hex(m.virtualStart)
            out += "\", \"end\": \"0x"; out += hex(m.virtualEnd)
            out += "\", \"size\": "; out += String(m.size)
            out += ", \"physical\": \"0x"; out += hex(m.physicalStart)
            out += "\", \"flags\": \""; out += flags(m.effectiveEntry, depth: m.leafDepth, scheme: scheme)
            out += "\", \"leafFlags\": \""; out += flags(m.firstEntry, depth: m.leafDepth, scheme: scheme)
            out += "\", \"entry\": \"0x"; out += hex(m.firstEntry)
            out += "\", \"attributes\": \"0x"; out += hex(m.attributes)
            out += "\", \"pageSize\": "; out += String(m.pageSize)
            out += ", \"pages\": "; out += String(m.leafCount)
            out += "}"
        }
        out += "], \"entriesVisited\": \(summary.entriesVisited), \"leaves\": \(summary.leaves), \"tablesOutsideMemory\": \(summary.tablesOutsideMemory), \"reservedEntries\": \(summary.reservedEntries), \"truncated\": \(summary.truncated)}\n"
        return out
    }

    static func summaryLine(_ list: [PageMapping], summary: PageWalkSummary) -> String {
        var out = "\(list.count) range(s), \(summary.leaves) page(s), \(summary.entriesVisited) entries read"
        if summary.tablesOutsideMemory > 0 { out += ", \(summary.tablesOutsideMemory) table(s) outside the dump" }
        if summary.reservedEntries > 0 { out += ", \(summary.reservedEntries) reserved entries" }
        if summary.truncated { out += ", truncated" }
        return out
    }
}
