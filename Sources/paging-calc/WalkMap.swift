import MemoryMap
import Paging

/// Merged page-table mappings as regions for the memory-map viewer.
enum WalkMap {
    /// One region per mapping, with the effective permissions (upper-level
    /// limits applied), the physical start and page count as its name, and
    /// a kind from what it may be used for ("kernel code", "user data"...).
    static func regions(_ list: [PageMapping], scheme: PagingScheme) -> [Region] {
        list.map { m in
            let p = scheme.leafPermissions(m.effectiveEntry, depth: m.leafDepth)
            var permissions: Permissions = []
            if p.readable { permissions.insert(.read) }
            if p.writable { permissions.insert(.write) }
            if p.executable { permissions.insert(.execute) }
            if p.user { permissions.insert(.user) }
            // A mapping that ends at the very top of the address space keeps its last byte out:
            // Region's end is exclusive and 2^64 does not fit.
            let end = m.virtualStart &+ m.size
            // A range may merge pages of different sizes (4 KiB up to a 2 MiB boundary, then 2 MiB pages).
            let pages = m.size == UInt64(m.leafCount) &* m.pageSize ? "\(m.leafCount) x \(sizeText(m.pageSize))"
                : "\(m.leafCount) pages of mixed sizes"
            return Region(start: m.virtualStart, end: end == 0 ? UInt64.max : end, permissions: permissions,
                          name: "-> 0x\(hex(m.physicalStart)), \(pages)", kind: kind(p))
        }
    }

    static func kind(_ p: LeafPermissions) -> String {
        let who = p.user ? "user" : "kernel"
        switch (p.writable, p.executable) {
        case (true, true): return "\(who) rwx"
        case (false, true): return "\(who) code"
        case (true, false): return "\(who) data"
        case (false, false): return p.readable ? "\(who) read-only" : "\(who) no access"
        }
    }
}
