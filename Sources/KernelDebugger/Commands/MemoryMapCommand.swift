import Foundation
import MemoryMap
import Paging

/// `memmap`: the live virtual memory map from the page tables, annotated
/// with the kernel's sections and stacks; `memmap --physical`: the boot map.
enum MemoryMapCommand: DebuggerCommand {
    static let names = ["memmap", "mm"]
    static let summary = "the live virtual memory map (page tables + ELF sections + stacks); --physical: the boot map"
    static let usage = """
        memmap [--physical] [--table]
          Enumerates every mapping under CR3, merges runs with equal permissions,
          names them after the kernel's ELF sections and stacks (symbols NAME_bottom
          and NAME_top), and draws the map. --physical shows the firmware's memory
          map instead (`monitor memmap` on the Keel stub). --table skips the bar.
        """

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        let words = arguments.words
        for w in words where !["--physical", "-p", "--table"].contains(w) { throw .usage("memmap: unknown option \"\(w)\"") }
        let regions = words.contains("--physical") || words.contains("-p") ? try physical(context) : try virtual(context)
        let options = RenderOptions(width: max(60, context.terminalWidth), color: context.color,
                                    showBar: !words.contains("--table"), showLegend: !words.contains("--table"))
        var r = CommandResult(text: renderMemoryMap(regions, options: options))
        r.data = [("regions", .array(regions.map { reg in
            .object([("start", .address(reg.start)), ("end", .address(reg.end)), ("size", .uint(reg.size)),
                     ("permissions", .string(reg.permissions.description)), ("name", .string(reg.name)), ("kind", .string(reg.kind))])
        }))]
        return r
    }

    /// Mappings from the live page tables, cut at section and stack boundaries.
    static func virtual(_ context: CommandContext) throws(DebuggerError) -> [Region] {
        let session = context.session
        let scheme = try PageTableCommand.scheme(session)
        let root = try PageTableCommand.root(session)
        let memory = WirePhysicalMemory(session: session)
        var mappings: [PageMapping] = []
        let summary = PageTableWalker(scheme: scheme, memory: memory).enumerateMappings(root: root) { mappings.append($0) }
        if summary.rootOutsideMemory {
            throw .failed("cannot read the top-level table at \(hex(root))" + (memory.firstError.map { ": \($0)" } ?? ""))
        }
        let labels = annotations(context.image)
        var regions: [Region] = []
        for m in mappings {
            let perms = scheme.leafPermissions(m.firstEntry, depth: m.leafDepth)
            var p: Permissions = [.read]
            if perms.writable { p.insert(.write) }
            if perms.executable { p.insert(.execute) }
            if perms.user { p.insert(.user) }
            let start = m.virtualStart, end = m.virtualStart &+ m.size
            var cuts: Set<UInt64> = [start, end]
            for l in labels where l.start > start && l.start < end { cuts.insert(l.start) }
            for l in labels where l.end > start && l.end < end { cuts.insert(l.end) }
            let points = cuts.sorted()
            for i in 0..<(points.count - 1) {
                let a = points[i], b = points[i + 1]
                let label = labels.filter { $0.start <= a && $0.end >= b }.min { $0.end - $0.start < $1.end - $1.start }
                let physical = m.physicalStart &+ (a - start)
                let name: String, kind: String
                if let label {
                    name = label.name
                    kind = label.kind
                } else if physical == a {
                    name = "identity map"
                    kind = "RAM (identity)"
                } else if a >= 0x4000_0000_0000 && a < 0x8000_0000_0000 {
                    name = "kernel heap"   // KernelHeap.base: 64 TiB, mapped on demand
                    kind = "heap"
                } else {
                    name = "mapped (not identity)"
                    kind = "mapped"
                }
                regions.append(Region(start: a, end: b, permissions: p, name: name, kind: kind))
            }
        }
        return regions
    }

    struct Label {
        var start: UInt64
        var end: UInt64
        var name: String
        var kind: String
    }

    /// ELF sections and stacks of the kernel image.
    static func annotations(_ image: KernelImage?) -> [Label] {
        guard let image else { return [] }
        var labels: [Label] = []
        for s in image.sections {
            let kind: String
            if s.executable { kind = "kernel text" } else if s.writable { kind = "kernel data" } else { kind = "kernel rodata" }
            labels.append(Label(start: s.address & ~0xFFF, end: (s.end + 0xFFF) & ~0xFFF, name: s.name, kind: kind))
        }
        // Stacks: boot.S defines NAME_bottom and NAME_top around each stack.
        var bottoms: [String: UInt64] = [:]
        for sym in image.symbols where sym.mangledName.hasSuffix("_bottom") {
            bottoms[String(sym.mangledName.dropLast("_bottom".count))] = sym.address
        }
        for sym in image.symbols where sym.mangledName.hasSuffix("_top") {
            let base = String(sym.mangledName.dropLast("_top".count))
            if let bottom = bottoms[base], bottom < sym.address {
                labels.append(Label(start: bottom, end: sym.address, name: base.replacingOccurrences(of: "_", with: " "), kind: "stack"))
            }
        }
        return labels
    }

    /// The boot memory map from `monitor memmap` (lines `  START END SIZE TYPE`).
    static func physical(_ context: CommandContext) throws(DebuggerError) -> [Region] {
        let text = try context.session.monitor("memmap")
        var regions: [Region] = []
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 5, parts[0].hasPrefix("0x"), parts[1].hasPrefix("0x"),
                  let start = UInt64(parts[0].dropFirst(2), radix: 16), let end = UInt64(parts[1].dropFirst(2), radix: 16),
                  end > start else { continue }
            let type = parts[4...].joined(separator: " ")
            let p: Permissions = type == "usable" ? [.read, .write, .execute] : [.read]
            regions.append(Region(start: start, end: end, permissions: p, name: type, kind: type))
        }
        guard !regions.isEmpty else {
            throw .failed("the stub's `monitor memmap` gave no memory map" + (text.isEmpty ? "" : ":\n" + text))
        }
        return regions
    }
}
