/// `regs [NAME...]`: the general and control registers, with RFLAGS, CR0,
/// CR4 and EFER decoded into flag names.
enum RegistersCommand: DebuggerCommand {
    static let names = ["regs", "registers"]
    static let summary = "registers, with RFLAGS/CR0/CR4/EFER decoded by flag name"
    static let usage = """
        regs [NAME...]
          Prints every integer and control register (or only NAME...) in hex and
          decimal; eflags, cr0, cr4 and efer also list their set flags by name
          (Intel SDM vol. 3A §2.2-2.3). `info registers` is the same command.
        """

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        let values = try context.session.registers()
        var chosen: [RegisterInfo]
        if arguments.words.isEmpty {
            chosen = values.layout.registers.filter { $0.bitSize <= 64 && !$0.name.hasPrefix("f") || ["fs", "fs_base"].contains($0.name) }
            chosen = chosen.filter { !["fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop", "mxcsr"].contains($0.name) }
        } else {
            chosen = []
            for word in arguments.words {
                let name = word.hasPrefix("$") ? String(word.dropFirst()).lowercased() : word.lowercased()
                guard let info = values.layout.register(named: name == "rflags" ? "eflags" : name) else {
                    throw .usage("no register named \"\(word)\"")
                }
                chosen.append(info)
            }
        }
        var result = CommandResult()
        var json: [(String, JSONValue)] = []
        for info in chosen {
            guard info.bitSize <= 64, let v = values.value(of: info) else {
                if let raw = values.rawBytes(of: info) {
                    let text = "0x" + raw.reversed().map { String(format: "%02x", $0) }.joined()
                    result.line(pad(info.name, 10) + text)
                    json.append((info.name, .string(text)))
                }
                continue
            }
            var line = pad(info.name, 10) + pad(hex16(v), 20)
            var entry: [(String, JSONValue)] = [("value", .address(v))]
            if let flags = ControlRegisterFlags.names(of: v, register: info.name) {
                line += "[ " + flags.joined(separator: " ") + " ]"
                entry.append(("flags", .array(flags.map { .string($0) })))
            } else if let image = context.image, info.name == "rip" || info.name == "rsp" || info.name == "rbp",
                      let symbol = image.describe(v) {
                line += "<\(symbol)>"
                entry.append(("symbol", .string(symbol)))
            } else {
                line += String(Int64(bitPattern: v))
            }
            result.line(line)
            json.append((info.name, .object(entry)))
        }
        result.data = [("registers", .object(json))]
        return result
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }
}
