import Foundation

/// `disas [LOCATION] [COUNT]`: Capstone disassembly, with symbols and branch targets named.
enum DisassembleCommand: DebuggerCommand {
    static let names = ["disas", "disassemble", "disasm"]
    static let summary = "disassemble a function or address (capstone), branch targets named"
    static let usage = """
        disas [LOCATION] [COUNT]
          Without arguments: the function around the pc (=> marks the pc).
          LOCATION: a function (the whole function), *EXPRESSION or an address
          (COUNT instructions from there, default 16).
        """

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        var words = arguments.words
        var count: Int?
        if words.count >= 2, let n = Int(words.last!) {
            guard n > 0, n <= 10000 else { throw .usage("disas: COUNT must be 1 to 10000") }
            count = n
            words.removeLast()
        }
        let text = words.joined(separator: " ")
        let pc = try? context.session.pc
        var start: UInt64
        var end: UInt64?
        if text.isEmpty {
            guard let pc else { throw .failed("no pc to disassemble around") }
            start = pc
        } else {
            start = try LocationResolver(context: context).resolve(text, skipPrologue: false).address
        }
        // A function (given by name, or the one around the pc) is shown whole.
        if count == nil, let image = context.image, let symbol = image.symbol(containing: start), symbol.isFunction, symbol.size > 0,
           text.isEmpty || symbol.address == start, symbol.size <= 64 * 1024 {
            start = symbol.address
            end = symbol.address + symbol.size
        }
        if let end {
            return try disassemble(from: start, to: end, context, mark: pc)
        }
        return try disassemble(at: start, count: count ?? 16, context, mark: pc)
    }

    static func disassemble(at address: UInt64, count: Int, _ context: CommandContext, mark: UInt64? = nil) throws(DebuggerError) -> CommandResult {
        let bytes = try context.session.readAvailableMemory(at: address, count: count * 15)
        guard !bytes.isEmpty else { throw .failed("cannot access memory at \(hex(address))") }
        return try format(Disassembler().decode(bytes, at: address, count: count), context, mark: mark)
    }

    static func disassemble(from start: UInt64, to end: UInt64, _ context: CommandContext, mark: UInt64?) throws(DebuggerError) -> CommandResult {
        let bytes = try context.session.readMemory(at: start, count: Int(end - start))
        var r = try format(Disassembler().decode(bytes, at: start, count: 0), context, mark: mark)
        if let name = context.image?.symbol(containing: start)?.name {
            r.text = "Dump of assembler code for function \(name):\n" + r.text + "End of assembler dump.\n"
        }
        return r
    }

    static func format(_ instructions: [Instruction], _ context: CommandContext, mark: UInt64?) -> CommandResult {
        var r = CommandResult()
        var json: [JSONValue] = []
        for insn in instructions {
            var line = (insn.address == mark ? "=> " : "   ") + hex16(insn.address)
            if let image = context.image, let symbol = image.symbol(containing: insn.address) {
                line += " <+\(insn.address - symbol.address)>"
            }
            line += ":\t" + insn.mnemonic + (insn.operands.isEmpty ? "" : " " + insn.operands)
            var entry: [(String, JSONValue)] = [("address", .address(insn.address)),
                                               ("bytes", .string(insn.bytes.map { String(format: "%02x", $0) }.joined())),
                                               ("text", .string(insn.mnemonic + (insn.operands.isEmpty ? "" : " " + insn.operands)))]
            if let target = insn.branchTarget, let name = context.image?.describe(target) {
                line += " <\(name)>"
                entry.append(("target", .string(name)))
            }
            r.line(line)
            json.append(.object(entry))
        }
        r.data = [("instructions", .array(json))]
        return r
    }
}
