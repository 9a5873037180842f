import Foundation

/// The pieces of an address expression.
enum ExpressionToken: Equatable {
    case number(UInt64)
    case register(String)
    case symbol(String)
    case op(String)
    case open
    case close
}

enum ExpressionLexer {
    /// Splits `text` into tokens. Symbols may contain dots and `$` inside,
    /// Swift names with labels or spaces go in quotes ('Kernel.f(_:)').
    static func tokens(_ text: String) throws(DebuggerError) -> [ExpressionToken] {
        let chars = Array(text)
        var result: [ExpressionToken] = []
        var i = 0
        func isIdentifier(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "." || c == "$" }
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" { i += 1; continue }
            if c == "(" { result.append(.open); i += 1; continue }
            if c == ")" { result.append(.close); i += 1; continue }
            if c == "'" || c == "\"" || c == "`" {
                guard let end = chars[(i + 1)...].firstIndex(of: c) else {
                    throw .usage("unterminated quote in \"\(text)\"")
                }
                result.append(.symbol(String(chars[(i + 1)..<end])))
                i = end + 1
                continue
            }
            if c == "<" || c == ">" {
                guard i + 1 < chars.count, chars[i + 1] == c else { throw .usage("unexpected \"\(c)\" in \"\(text)\"") }
                result.append(.op(String([c, c])))
                i += 2
                continue
            }
            if "+-*/%&|^~".contains(c) { result.append(.op(String(c))); i += 1; continue }
            if c == "$" {
                var j = i + 1
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                guard j > i + 1 else { throw .usage("\"$\" without a register name in \"\(text)\"") }
                result.append(.register(String(chars[(i + 1)..<j]).lowercased()))
                i = j
                continue
            }
            if c.isNumber {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                let word = String(chars[i..<j]).replacingOccurrences(of: "_", with: "")
                let value: UInt64?
                if word.hasPrefix("0x") || word.hasPrefix("0X") {
                    value = UInt64(word.dropFirst(2), radix: 16)
                } else if word.hasPrefix("0b") {
                    value = UInt64(word.dropFirst(2), radix: 2)
                } else {
                    value = UInt64(word, radix: 10)
                }
                guard let value else { throw .usage("\"\(word)\" is not a number") }
                result.append(.number(value))
                i = j
                continue
            }
            if isIdentifier(c) {
                var j = i
                while j < chars.count, isIdentifier(chars[j]) { j += 1 }
                result.append(.symbol(String(chars[i..<j])))
                i = j
                continue
            }
            throw .usage("unexpected \"\(c)\" in \"\(text)\"")
        }
        return result
    }
}
