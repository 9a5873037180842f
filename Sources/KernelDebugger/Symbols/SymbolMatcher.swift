import Foundation

/// Finds kernel symbols by what a user types: the linkage name, the full
/// Swift name (`Kernel.Selftests.run(_:)`), the name without its module or
/// labels (`Selftests.run`, `kernelMain`), or, as a last resort, a
/// case-insensitive fragment. Stricter matches win: `run` finds the
/// function called `run`, not every name containing "run".
public struct SymbolMatcher {
    public let symbols: [ImageSymbol]

    public init(_ symbols: [ImageSymbol]) { self.symbols = symbols }

    /// The symbols that best match `query`, strictest tier first; several
    /// results mean the name is ambiguous.
    public func matches(_ query: String, functionsOnly: Bool = false) -> [ImageSymbol] {
        let candidates = functionsOnly ? symbols.filter(\.isFunction) : symbols
        let q = query.trimmingCharacters(in: .whitespaces)
        let tiers: [(ImageSymbol) -> Bool] = [
            { $0.mangledName == q },
            { $0.name == q },
            { Self.withoutModule($0.name) == q },
            { Self.unlabeled($0.name) == q },
            { Self.qualifiedSuffixMatches($0.name, q) },
            { $0.name.lowercased().contains(q.lowercased()) },
        ]
        for tier in tiers {
            var found: [ImageSymbol] = []
            var seen: Set<UInt64> = []
            for s in candidates where tier(s) && !seen.contains(s.address) {
                seen.insert(s.address)
                found.append(s)
            }
            if !found.isEmpty { return found }
        }
        return []
    }

    /// The one symbol `query` names; an error lists the candidates otherwise.
    public func unique(_ query: String, functionsOnly: Bool = false) throws(DebuggerError) -> ImageSymbol {
        let found = matches(query, functionsOnly: functionsOnly)
        if found.count == 1 { return found[0] }
        if found.isEmpty { throw .failed("no symbol matches \"\(query)\"") }
        // Specializations and thunks of one function: prefer the plain one.
        let plain = found.filter { !$0.name.hasPrefix("specialized ") && !$0.name.contains(" thunk") && !$0.name.contains("merged ") }
        if plain.count == 1 { return plain[0] }
        let list = found.prefix(8).map { "  \($0.name)  (0x\(String($0.address, radix: 16)))" }.joined(separator: "\n")
        throw .failed("\"\(query)\" is ambiguous; \(found.count) symbols match:\n\(list)" + (found.count > 8 ? "\n  …" : ""))
    }

    /// `Kernel.Selftests.run(_:)` → `Selftests.run(_:)`.
    static func withoutModule(_ name: String) -> String {
        guard let dot = name.firstIndex(of: "."), let paren = name.firstIndex(of: "(") ?? Optional(name.endIndex), dot < paren else {
            return name
        }
        return String(name[name.index(after: dot)...])
    }

    /// `Kernel.Selftests.run(_:)` → `Kernel.Selftests.run`.
    static func unlabeled(_ name: String) -> String {
        guard let paren = name.firstIndex(of: "(") else { return name }
        return String(name[..<paren])
    }

    static func lastComponent(_ name: String) -> String {
        name.split(separator: ".").last.map(String.init) ?? name
    }

    /// `Selftests.run` matches `Kernel.Selftests.run(_:)`: the query's
    /// components end the symbol's components.
    static func qualifiedSuffixMatches(_ name: String, _ query: String) -> Bool {
        let n = unlabeled(name).split(separator: ".")
        let q = unlabeled(query).split(separator: ".")
        guard !q.isEmpty, q.count <= n.count else { return false }
        return Array(n.suffix(q.count)) == q
    }
}
