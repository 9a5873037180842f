// The whole line matrix (DWARF 5 §6.2), for debuggers: breakpoints on
// file:line and source-line stepping need addresses by line, the reverse
// of what symbolizing asks.

/// One row of a line table: the first address of a run of code for `line`.
public struct SourceLineEntry: Equatable, Sendable {
    public var address: UInt64
    /// The row's file, joined with its directory as `frames(at:)` prints it.
    public var file: String
    public var line: UInt32
    /// The first address past the row's code (the next row's address).
    public var endAddress: UInt64
}

extension Symbolizer {
    /// Every row of every unit's line table with a line number, in table
    /// order; end-of-sequence rows only close the row before them.
    public func lineEntries() -> [SourceLineEntry] {
        guard let dwarf else { return [] }
        var entries: [SourceLineEntry] = []
        for index in 0..<dwarf.headers.count {
            guard let unit = dwarf.unit(at: index), let table = dwarf.lineTable(of: unit) else { continue }
            var paths: [UInt16: String] = [:]
            for sequence in table.sequences {
                var i = sequence.firstRow
                while i + 1 < sequence.endRow {
                    let row = table.rows[i]
                    let next = table.rows[i + 1]
                    if row.line != 0 && next.address > row.address {
                        let path: String
                        if let known = paths[row.file] {
                            path = known
                        } else {
                            path = table.path(of: UInt64(row.file), compDir: unit.compDir, arena: arena)?.string ?? "??"
                            paths[row.file] = path
                        }
                        entries.append(SourceLineEntry(address: row.address, file: path, line: row.line,
                                                       endAddress: next.address))
                    }
                    i += 1
                }
            }
        }
        return entries
    }
}
