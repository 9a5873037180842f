/// Evaluates address expressions the way gdb's `x` and `break *` take them:
/// numbers (decimal, 0x hex), `$register`, symbols (fuzzy Swift names),
/// `*expr` (the 8-byte value at an address), `( )`, unary `-` `~`, and
/// `* / % + - << >> & ^ |` with C precedence, in 64-bit wrapping arithmetic.
public struct ExpressionEvaluator<Context: ExpressionContext> {
    public let context: Context

    public init(context: Context) { self.context = context }

    public func evaluate(_ text: String) throws(DebuggerError) -> UInt64 {
        let tokens = try ExpressionLexer.tokens(text)
        guard !tokens.isEmpty else { throw .usage("an address expression is missing") }
        var parser = Parser(tokens: tokens, text: text, context: context)
        let value = try parser.binary(precedence: 0)
        guard parser.position == tokens.count else { throw .usage("unexpected text after the expression in \"\(text)\"") }
        return value
    }

    struct Parser {
        let tokens: [ExpressionToken]
        let text: String
        let context: Context
        var position = 0

        init(tokens: [ExpressionToken], text: String, context: Context) {
            self.tokens = tokens
            self.text = text
            self.context = context
        }

        static func precedence(_ op: String) -> Int? {
            switch op {
            case "|": return 1
            case "^": return 2
            case "&": return 3
            case "<<", ">>": return 4
            case "+", "-": return 5
            case "*", "/", "%": return 6
            default: return nil
            }
        }

        mutating func binary(precedence minimum: Int) throws(DebuggerError) -> UInt64 {
            var left = try unary()
            while position < tokens.count, case .op(let op) = tokens[position],
                  let p = Self.precedence(op), p > minimum {
                position += 1
                let right = try binary(precedence: p)
                switch op {
                case "|": left |= right
                case "^": left ^= right
                case "&": left &= right
                case "<<": left = right >= 64 ? 0 : left << right
                case ">>": left = right >= 64 ? 0 : left >> right
                case "+": left = left &+ right
                case "-": left = left &- right
                case "*": left = left &* right
                case "/", "%":
                    guard right != 0 else { throw .usage("division by zero in \"\(text)\"") }
                    left = op == "/" ? left / right : left % right
                default: break
                }
            }
            return left
        }

        mutating func unary() throws(DebuggerError) -> UInt64 {
            guard position < tokens.count else { throw .usage("the expression \"\(text)\" ends too early") }
            let token = tokens[position]
            position += 1
            switch token {
            case .number(let v): return v
            case .register(let name): return try context.registerValue(name)
            case .symbol(let name): return try context.symbolAddress(name)
            case .op("-"): return 0 &- (try unary())
            case .op("+"): return try unary()
            case .op("~"): return ~(try unary())
            case .op("*"): return try context.readQuad(at: try unary())
            case .open:
                let v = try binary(precedence: 0)
                guard position < tokens.count, tokens[position] == .close else {
                    throw .usage("missing \")\" in \"\(text)\"")
                }
                position += 1
                return v
            default:
                throw .usage("unexpected \(describe(token)) in \"\(text)\"")
            }
        }

        func describe(_ token: ExpressionToken) -> String {
            switch token {
            case .op(let o): return "\"\(o)\""
            case .close: return "\")\""
            default: return "token"
            }
        }
    }
}
