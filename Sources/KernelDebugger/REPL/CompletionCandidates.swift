/// What Tab completes: command names first; after a command that takes a
/// location or expression, symbol names (the Swift names kdbg prints) and
/// `$registers`; after `help`, command names again.
public struct CompletionCandidates {
    public let symbolNames: [String]
    public let registerNames: [String]

    public init(image: KernelImage?, registers: [String]) {
        var names = Set<String>()
        for s in image?.symbols ?? [] {
            names.insert(SymbolMatcher.unlabeled(s.name))
            names.insert(s.name)
        }
        symbolNames = names.filter { !$0.contains(" ") }.sorted()
        registerNames = registers
    }

    static let symbolCommands: Set<String> = [
        "break", "b", "br", "tbreak", "tb", "disas", "disassemble", "list", "l", "x", "print", "p", "watch", "pt",
        "info", "until",
    ]

    /// The completions of `word`, the word being typed, on a line whose text
    /// before that word is `prefix`.
    public func complete(_ word: String, lineBefore prefix: String) -> [String] {
        let before = prefix.split(separator: " ").map(String.init)
        if before.isEmpty {
            return CommandTable.allNames.filter { $0.hasPrefix(word) }.sorted()
        }
        let command = CommandInterpreter.split(before[0]).name
        if command == "help" || command == "h" {
            return CommandTable.allNames.filter { $0.hasPrefix(word) }.sorted()
        }
        if command == "info" && before.count == 1 {
            return ["breakpoints", "line", "registers", "symbol", "threads"].filter { $0.hasPrefix(word) }
        }
        if word.hasPrefix("$") {
            let stem = word.dropFirst()
            return registerNames.filter { $0.hasPrefix(stem) }.map { "$" + $0 }
        }
        if word.hasPrefix("*") { return [] }
        guard Self.symbolCommands.contains(command) || command == "regs" else { return [] }
        if command == "regs" { return registerNames.filter { $0.hasPrefix(word) } }
        return prefixMatches(word)
    }

    /// Symbols starting with `word`, or whose name after the module starts with it.
    func prefixMatches(_ word: String) -> [String] {
        var lo = 0, hi = symbolNames.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if symbolNames[mid] < word { lo = mid + 1 } else { hi = mid }
        }
        var result: [String] = []
        var i = lo
        while i < symbolNames.count, symbolNames[i].hasPrefix(word), result.count < 500 {
            result.append(symbolNames[i])
            i += 1
        }
        if result.isEmpty && !word.isEmpty {
            result = symbolNames.filter { SymbolMatcher.withoutModule($0).hasPrefix(word) }.prefix(500).map { $0 }
        }
        return result
    }
}
