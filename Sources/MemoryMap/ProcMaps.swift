// A Linux process's mappings (/proc/PID/maps, proc(5)) as regions for the viewer.

/// A line of a maps file that is not `START-END PERMS OFFSET DEV INODE [PATH]`.
public struct ProcMapsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    public var text: String
    public var problem: String

    public var description: String { "line \(line): \(problem): '\(text)'" }
}

/// Parses the text of /proc/PID/maps. Each region is named after its path (or `[anon]`); its kind
/// groups it for the legend: heap, stack, code (executable file mappings), file (other file
/// mappings), anonymous, and kernel for [vdso], [vvar] and [vsyscall]. The p/s (private/shared)
/// letter is not kept.
public func parseProcMaps(_ text: String) throws(ProcMapsError) -> [Region] {
    var regions: [Region] = []
    var number = 0
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
        number += 1
        let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
        if line.allSatisfy({ $0 == " " }) { continue }
        // Fields are separated by runs of spaces; the path (which may itself contain spaces) is the rest.
        var fields: [Substring] = []
        var rest = line[...]
        while fields.count < 5 {
            rest = rest.drop(while: { $0 == " " })
            guard !rest.isEmpty else { break }
            let field = rest.prefix(while: { $0 != " " })
            fields.append(field)
            rest = rest.dropFirst(field.count)
        }
        let fail = { (problem: String) -> ProcMapsError in
            ProcMapsError(line: number, text: String(line), problem: problem)
        }
        guard fields.count == 5 else { throw fail("expected START-END PERMS OFFSET DEV INODE [PATH]") }
        let bounds = fields[0].split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2, let start = UInt64(bounds[0], radix: 16), let end = UInt64(bounds[1], radix: 16) else {
            throw fail("'\(fields[0])' is not a hexadecimal START-END range")
        }
        let perms = fields[1]
        guard perms.count == 4, let permissions = Permissions(parsing: String(perms)) else {
            throw fail("'\(perms)' is not a permission field like r-xp")
        }
        guard UInt64(fields[2], radix: 16) != nil else { throw fail("'\(fields[2])' is not a hexadecimal offset") }
        guard UInt64(fields[4]) != nil else { throw fail("'\(fields[4])' is not an inode number") }
        let path = String(rest.drop(while: { $0 == " " }))
        regions.append(Region(start: start, end: end, permissions: permissions,
                              name: path.isEmpty ? "[anon]" : path, kind: procMapsKind(path, permissions)))
    }
    return regions
}

/// The legend group of one mapping.
func procMapsKind(_ path: String, _ permissions: Permissions) -> String {
    switch path {
    case "[heap]": return "heap"
    case "[vdso]", "[vvar]", "[vvar_vclock]", "[vsyscall]": return "kernel"
    case "": return "anonymous"
    default:
        if path.hasPrefix("[stack") { return "stack" }
        if path.hasPrefix("[") { return "anonymous" }
        return permissions.contains(.execute) ? "code" : "file"
    }
}
