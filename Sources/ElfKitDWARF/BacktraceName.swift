// Turns a full Swift demangling into the short form printed in backtraces:
//
//   Kernel.Selftests.pageFault(at: Swift.UInt64, flag: Swift.Bool) -> Swift.Int
//     => Kernel.Selftests.pageFault(at:flag:)
//   generic specialization <Swift.Int> of Swift.Array.append(_: A) -> ()
//     => specialized Swift.Array.append(_:)
//   closure #1 (Swift.Int) -> () in Kernel.foo() -> ()
//     => closure #1 in Kernel.foo()
//   function signature specialization <Arg[0] = Dead> of static Kernel.Foo.bar(_: Swift.Int) -> ()
//     => Kernel.Foo.bar(_:)
//
// A backtrace line should identify the function the way its source is
// written (module-qualified name and argument labels), not repeat types
// that the source location already gives. The demangler's own "simplified"
// mode drops module names, which the kernel's backtraces want to keep, so
// this works on the full text. It is a small scanner over the text that
// respects nesting of (), [] and <> (but not the ">" of "->", nor
// operators such as "Swift.Int.< infix"); anything it does not recognise
// is returned as it was, so the worst case is a long name, never a wrong one.

public enum BacktraceName {
    /// The backtrace form of a full demangled name.
    public static func simplify(_ demangled: String) -> String {
        var chars = Array(demangled)
        // ".resume.0" and similar LLVM suffixes say nothing about the source function.
        if let at = findTopLevel(chars, " with unmangled suffix ", from: 0) { chars = Array(chars[..<at]) }
        return simplify(chars: removePrivateDiscriminators(chars))
    }

    // Prefixes that become something shorter; the rest is simplified recursively.
    // A generic specialization is a different function than the source wrote
    // (its type arguments are fixed), so it keeps a "specialized" mark; a
    // function signature specialization only changed the calling convention
    // of the same source function, so it reads as that function.
    private static let specializations = [
        "generic specialization ", "generic partial specialization ",
        "generic not re-abstracted specialization ",
    ]
    private static let signatureSpecialization = "function signature specialization "

    private static func simplify(chars s: [Character]) -> String {
        let text = String(s)
        for prefix in specializations + [signatureSpecialization] where text.hasPrefix(prefix) {
            // "... specialization <args> of X": skip the balanced <...> list.
            let afterPrefix = prefix.count
            if let close = matchingClose(s, from: afterPrefix), hasPrefix(s, at: close + 1, " of ") {
                let rest = simplify(chars: Array(s[(close + 5)...]))
                if prefix == signatureSpecialization || rest.hasPrefix("specialized ") { return rest }
                return "specialized " + rest
            }
        }
        // "static" says how the function is called, not which one it is:
        // backtraces print Module.Type.function(labels:) either way.
        if text.hasPrefix("static ") { return simplify(chars: Array(s[7...])) }
        if let local = simplifyLocal(s) { return local }
        if text.hasPrefix("protocol witness for "),
           let at = findTopLevel(s, " in conformance ", from: 21) {
            return "protocol witness for " + simplify(chars: Array(s[21..<at])) + String(s[at...])
        }
        if text.hasPrefix("partial apply forwarder for ") {
            return "partial apply for " + simplify(chars: Array(s[28...]))
        }
        if text.hasPrefix("reabstraction thunk helper") || text.hasPrefix("reabstraction thunk") {
            return text.hasPrefix("reabstraction thunk helper") ? "reabstraction thunk helper" : "reabstraction thunk"
        }
        if let prefixEnd = leadingPhraseEnd(s) {
            // "... for Kernel.S : Swift.Equatable in Kernel" names a conformance, not an entity.
            if text.contains("conformance") || text.contains("witness table") { return text }
            return String(s[..<prefixEnd]) + simplify(chars: Array(s[prefixEnd...]))
        }
        return simplifyEntity(s)
    }

    /// "closure #N TYPE in X" => "closure #N in X" (a closure's type has no labels);
    /// "inner #N (a: T) -> U in X" => "inner(a:) #N in X" for local functions.
    private static func simplifyLocal(_ s: [Character]) -> String? {
        guard let hash = findTopLevel(s, " #", from: 0) else { return nil }
        let name = String(s[..<hash])
        // Only a single name (or "implicit closure") may precede the number.
        guard !name.isEmpty, name == "implicit closure" || !name.contains(" ") else { return nil }
        var i = hash + 2
        let digitsStart = i
        while i < s.count, s[i].isNumber { i += 1 }
        guard i > digitsStart, let inAt = findTopLevel(s, " in ", from: i) else { return nil }
        let number = String(s[hash..<i])
        let context = simplify(chars: Array(s[(inAt + 4)...]))
        if name == "closure" || name == "implicit closure" || name.hasPrefix("$") {
            return name + number + " in " + context
        }
        let type = Array(s[i..<inAt])
        var labels = ""
        if let open = type.firstIndex(of: "("), let close = matchingClose(type, from: open) {
            labels = "(" + splitTopLevel(Array(type[(open + 1)..<close]), separator: ",").map(label(of:)).joined() + ")"
        }
        return name + labels + number + " in " + context
    }

    /// "(name in _0123...)" => "name": private declarations carry a file
    /// discriminator that means nothing to a reader of a backtrace.
    private static func removePrivateDiscriminators(_ s: [Character]) -> [Character] {
        var out: [Character] = []
        var i = 0
        while i < s.count {
            if s[i] == "(", let close = s[i...].firstIndex(of: ")") {
                let r = String(s[(i + 1)..<close]).split(separator: " ", omittingEmptySubsequences: false)
                if r.count == 3, r[1] == "in", r[2].hasPrefix("_"), r[2].count == 33,
                   r[2].dropFirst().allSatisfy({ $0.isHexDigit }) {
                    out.append(contentsOf: r[0])
                    i = close + 1
                    continue
                }
            }
            out.append(s[i])
            i += 1
        }
        return out
    }

    /// The end of a leading phrase like "static ", "merged ", "type metadata for ",
    /// "dispatch thunk of " or "local variable #1 of", after which an entity follows.
    private static func leadingPhraseEnd(_ s: [Character]) -> Int? {
        for word in ["merged ", "dispatch thunk of ", "@objc ", "outlined "] where hasPrefix(s, at: 0, word) {
            return word.count
        }
        // A run of lowercase words (and "#N") ending in " of ", " for " or " to ".
        var i = 0
        var lastEnd: Int? = nil
        while i < s.count {
            let c = s[i]
            guard c.isLowercase || c == " " || c == "#" || c.isNumber || c == "-" else { break }
            if c == " " {
                for joiner in ["of ", "for ", "to "] where hasPrefix(s, at: i + 1, joiner) {
                    lastEnd = i + 1 + joiner.count
                }
                if lastEnd != nil { break }
            }
            i += 1
        }
        return lastEnd
    }

    /// "Module.Type.name<generics>(label: T, U) throws -> R" => "Module.Type.name(label:_:)";
    /// "Module.Type.prop.getter : T" => "Module.Type.prop.getter".
    private static func simplifyEntity(_ s: [Character]) -> String {
        var end = s.count
        if let colon = findTopLevel(s, " : ", from: 0) { end = colon }
        guard let open = parameterListStart(s, before: end),
              let close = matchingClose(s, from: open) else {
            return String(s[..<end])
        }
        var head = Array(s[..<open])
        // Drop the function's own generic signature: "gen<A where A: P>".
        if head.last == ">", let lt = matchingOpenAngle(head) { head = Array(head[..<lt]) }
        let labels = splitTopLevel(Array(s[(open + 1)..<close]), separator: ",").map(label(of:))
        return String(head) + "(" + labels.joined() + ")"
    }

    /// The label of one parameter ("at: Swift.UInt64" => "at:", "Swift.Int" => "_:").
    private static func label(of parameter: [Character]) -> String {
        let p = Array(String(parameter).drop(while: { $0 == " " }))
        var i = 0
        while i < p.count, p[i] != ":", p[i] != " ", p[i] != "(", p[i] != "<", p[i] != "[", p[i] != "." {
            i += 1
        }
        if i > 0, i + 1 < p.count, p[i] == ":", p[i + 1] == " " { return String(p[..<i]) + ":" }
        return "_:"
    }

    /// The first top-level "(" that follows a name (so not "(extension in M):").
    private static func parameterListStart(_ s: [Character], before end: Int) -> Int? {
        var depth = 0
        var i = 0
        while i < end {
            let c = s[i]
            if c == "(" && depth == 0 && i > 0 && (isNameChar(s[i - 1]) || s[i - 1] == ">") { return i }
            if isOpen(s, i) { depth += 1 } else if isClose(s, i) && depth > 0 { depth -= 1 }
            i += 1
        }
        return nil
    }

    // MARK: nesting-aware scanning

    private static func isNameChar(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "`" || c == "$"
    }

    /// "<" opens a generic list only right after a name ("Array<", "gen<"), never
    /// as an operator ("Swift.Int.< infix").
    private static func isOpen(_ s: [Character], _ i: Int) -> Bool {
        let c = s[i]
        if c == "(" || c == "[" { return true }
        return c == "<" && i > 0 && isNameChar(s[i - 1])
    }

    /// ">" of "->" is an arrow, not a closing bracket.
    private static func isClose(_ s: [Character], _ i: Int) -> Bool {
        let c = s[i]
        if c == ")" || c == "]" { return true }
        return c == ">" && !(i > 0 && s[i - 1] == "-")
    }

    /// Index of the bracket closing the one opened at `from`.
    private static func matchingClose(_ s: [Character], from: Int) -> Int? {
        guard from < s.count else { return nil }
        var depth = 0
        var i = from
        while i < s.count {
            if isOpen(s, i) || (i == from && s[i] == "<") {
                depth += 1
            } else if isClose(s, i) {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        return nil
    }

    /// Index of the "<" matching a trailing ">".
    private static func matchingOpenAngle(_ s: [Character]) -> Int? {
        var depth = 0
        var i = s.count - 1
        while i >= 0 {
            if isClose(s, i) { depth += 1 } else if isOpen(s, i) {
                depth -= 1
                if depth == 0 { return s[i] == "<" ? i : nil }
            }
            i -= 1
        }
        return nil
    }

    private static func hasPrefix(_ s: [Character], at i: Int, _ prefix: String) -> Bool {
        var j = i
        for c in prefix {
            guard j < s.count, s[j] == c else { return false }
            j += 1
        }
        return true
    }

    /// First occurrence of `needle` outside any brackets, at or after `from`.
    private static func findTopLevel(_ s: [Character], _ needle: String, from: Int) -> Int? {
        var depth = 0
        var i = 0
        while i < s.count {
            if depth == 0, i >= from, hasPrefix(s, at: i, needle) { return i }
            if isOpen(s, i) { depth += 1 } else if isClose(s, i) && depth > 0 { depth -= 1 }
            i += 1
        }
        return nil
    }

    private static func splitTopLevel(_ s: [Character], separator: Character) -> [[Character]] {
        var parts: [[Character]] = []
        var current: [Character] = []
        var depth = 0
        for i in s.indices {
            if s[i] == separator && depth == 0 {
                parts.append(current)
                current = []
                continue
            }
            if isOpen(s, i) { depth += 1 } else if isClose(s, i) && depth > 0 { depth -= 1 }
            current.append(s[i])
        }
        if !current.allSatisfy({ $0 == " " }) || !parts.isEmpty { parts.append(current) }
        return parts
    }
}
