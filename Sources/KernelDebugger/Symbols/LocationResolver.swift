/// Turns what a user types after `break`, `list` or `disas` into an address:
/// `*EXPRESSION`, `0xADDRESS`, `FILE:LINE`, or a symbol (fuzzy Swift names),
/// for which code breakpoints skip the prologue as gdb does (the function's
/// second line-table row).
public struct LocationResolver {
    public let context: CommandContext

    public init(context: CommandContext) { self.context = context }

    public struct Resolved: Sendable {
        public var address: UInt64
        /// How the location reads back: `Kernel.kernelMain(_:)`, `Timer.swift:20`.
        public var description: String
        /// Other addresses the same source line has (inlined copies).
        public var otherAddresses: Int = 0
        /// Set when a function was named: stops there are shown in that
        /// function, not in code inlined at its first line (as gdb does).
        public var isFunction = false
    }

    public func resolve(_ text: String, skipPrologue: Bool = true) throws(DebuggerError) -> Resolved {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { throw .usage("a location is missing") }
        if t.hasPrefix("*") {
            let a = try context.evaluate(String(t.dropFirst()))
            return Resolved(address: a, description: "*" + hex(a))
        }
        if let colon = t.lastIndex(of: ":"), let line = Int(t[t.index(after: colon)...]), !t.hasPrefix("'") {
            return try resolveLine(file: String(t[..<colon]), line: line)
        }
        if t.first?.isNumber == true || t.hasPrefix("$") {
            let a = try context.evaluate(t)
            return Resolved(address: a, description: hex(a))
        }
        let image = try context.requireImage()
        let name = t.hasPrefix("'") && t.hasSuffix("'") && t.count >= 2 ? String(t.dropFirst().dropLast()) : t
        let symbol = try SymbolMatcher(image.symbols).unique(name, functionsOnly: true)
        var address = symbol.address
        if skipPrologue {
            let entries = image.lineEntries
            var lo = 0, hi = entries.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if entries[mid].address <= symbol.address { lo = mid + 1 } else { hi = mid }
            }
            if lo < entries.count, entries[lo].address < symbol.end, lo > 0, entries[lo - 1].address == symbol.address {
                address = entries[lo].address
            }
        }
        return Resolved(address: address, description: symbol.name, isFunction: true)
    }

    func resolveLine(file: String, line: Int) throws(DebuggerError) -> Resolved {
        let image = try context.requireImage()
        let entries = image.lineEntries
        let matching = entries.filter { $0.file == file || $0.file.hasSuffix("/" + file) }
        guard !matching.isEmpty else { throw .failed("no source file named \(file) in \(image.path)") }
        // Like gdb: a line without code moves to the next line that has some.
        for candidate in line..<(line + 50) {
            let here = matching.filter { Int($0.line) == candidate }
            guard let first = here.min(by: { $0.address < $1.address }) else { continue }
            let shortFile = first.file.split(separator: "/").last.map(String.init) ?? file
            // Rows of one line that follow each other are one location; count the separate ones.
            let starts = Set(here.map(\.address)).sorted()
            var locations = 0
            var previousEnd: UInt64 = 0
            for s in starts {
                if s != previousEnd { locations += 1 }
                previousEnd = here.first { $0.address == s }?.endAddress ?? s
            }
            return Resolved(address: first.address, description: "\(shortFile):\(candidate)", otherAddresses: max(0, locations - 1))
        }
        throw .failed("\(file):\(line): no code at or after this line")
    }
}
