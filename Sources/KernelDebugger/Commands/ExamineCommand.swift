import Foundation

/// `x/FMT ADDR`: memory as gdb's `x` prints it.
enum ExamineCommand: DebuggerCommand {
    static let names = ["x"]
    static let summary = "examine memory: x/[COUNT][FORMAT][SIZE] EXPRESSION"
    static let usage = """
        x/[COUNT][FORMAT][SIZE] EXPRESSION
          FORMAT: x hex, d decimal, u unsigned, o octal, t binary, c char, a address
                  (hex + symbol), s string, i instruction (disassembly).
          SIZE:   b 1, h 2, w 4, g 8 bytes. Defaults: 1, x, w (gdb's).
          EXPRESSION: numbers, $registers, symbols (Swift names, fuzzy), *ADDR
          (the 8-byte value there), + - * / % & | ^ << >> ~ and parentheses.
          Examples: x/16xg $rsp   x/4i $rip   x/s 'Kernel.banner'   x/2a $rbp
        """

    struct Format {
        var count = 1
        var letter: Character = "x"
        var size = 4
    }

    static func parse(_ text: String?) throws(DebuggerError) -> Format {
        var f = Format()
        guard let text, !text.isEmpty else { return f }
        var digits = ""
        var sizeGiven = false
        for c in text {
            if c.isNumber { digits.append(c); continue }
            switch c {
            case "b": f.size = 1; sizeGiven = true
            case "h": f.size = 2; sizeGiven = true
            case "w": f.size = 4; sizeGiven = true
            case "g": f.size = 8; sizeGiven = true
            case "x", "d", "u", "o", "t", "c", "a", "s", "i": f.letter = c
            default: throw .usage("x/\(text): unknown format letter \"\(c)\" (try help x)")
            }
        }
        if !digits.isEmpty {
            guard let n = Int(digits), n > 0, n <= 65536 else { throw .usage("x/\(text): count must be 1 to 65536") }
            f.count = n
        }
        if f.letter == "a" { f.size = 8 }
        if f.letter == "c" && !sizeGiven { f.size = 1 }
        return f
    }

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        let format = try parse(arguments.format)
        guard !arguments.text.isEmpty else { throw .usage("usage: x/FMT ADDRESS") }
        let address = try context.evaluate(arguments.text)
        if format.letter == "i" {
            return try DisassembleCommand.disassemble(at: address, count: format.count, context)
        }
        if format.letter == "s" { return try strings(at: address, count: format.count, context) }
        let bytes = try context.session.readMemory(at: address, count: format.count * format.size)
        var result = CommandResult()
        var values: [JSONValue] = []
        let perLine = format.letter == "a" ? 2 : max(1, 16 / format.size) / (format.letter == "t" ? 2 : 1)
        var line = ""
        for i in 0..<format.count {
            if i % perLine == 0 {
                if !line.isEmpty { result.line(line) }
                let at = address &+ UInt64(i * format.size)
                line = hex16(at)
                if let s = context.image?.describe(at) { line += " <\(s)>" }
                line += ":"
            }
            let slice = bytes[(i * format.size)..<((i + 1) * format.size)]
            let v = slice.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            line += "\t" + render(v, format, context)
            values.append(.address(v))
        }
        if !line.isEmpty { result.line(line) }
        result.data = [("address", .address(address)), ("size", .int(Int64(format.size))), ("values", .array(values))]
        return result
    }

    static func render(_ v: UInt64, _ f: Format, _ context: CommandContext) -> String {
        let bits = f.size * 8
        let mask: UInt64 = bits == 64 ? ~0 : (1 << UInt64(bits)) - 1
        switch f.letter {
        case "x":
            let d = String(v, radix: 16)
            return "0x" + String(repeating: "0", count: max(0, f.size * 2 - d.count)) + d
        case "d":
            let shift = UInt64(64 - bits)
            return String(Int64(bitPattern: v << shift) >> Int64(shift))
        case "u": return String(v & mask)
        case "o": return "0" + String(v, radix: 8)
        case "t":
            let d = String(v, radix: 2)
            return String(repeating: "0", count: max(0, bits - d.count)) + d
        case "c":
            let b = UInt8(truncatingIfNeeded: v)
            let shown = b >= 0x20 && b < 0x7f ? String(UnicodeScalar(b)) : String(format: "\\%03o", b)
            return "\(Int8(bitPattern: b)) '\(shown)'"
        case "a":
            if let s = context.image?.describe(v) { return "\(hex(v)) <\(s)>" }
            return hex(v)
        default: return hex(v)
        }
    }

    static func strings(at address: UInt64, count: Int, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        var result = CommandResult()
        var at = address
        var values: [JSONValue] = []
        for _ in 0..<count {
            var bytes: [UInt8] = []
            while bytes.count < 4096 {
                let chunk = try context.session.readAvailableMemory(at: at &+ UInt64(bytes.count), count: 64)
                if let nul = chunk.firstIndex(of: 0) { bytes += chunk[..<nul]; break }
                bytes += chunk
                if chunk.count < 64 { break }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            var escaped = ""
            for u in text.unicodeScalars {
                switch u {
                case "\n": escaped += "\\n"
                case "\t": escaped += "\\t"
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                default: escaped += u.value < 0x20 ? String(format: "\\%03o", u.value) : String(u)
                }
            }
            result.line("\(hex16(at)):\t\"\(escaped)\"")
            values.append(.string(text))
            at = at &+ UInt64(bytes.count + 1)
        }
        result.data = [("address", .address(address)), ("strings", .array(values))]
        return result
    }
}
