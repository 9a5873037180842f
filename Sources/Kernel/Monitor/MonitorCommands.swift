/// The monitor's commands.
enum MonitorCommands {
    struct Command {
        let name: String
        let help: StaticString
        let run: (_ arguments: [Substring], _ info: StartInfo, _ w: TextWriter) -> Void
    }

    static let all: [Command] = [
        Command(name: "help", help: "list the commands") { _, _, w in
            for c in all {
                w.write("  "); w.write(c.name); w.spaces(10 - c.name.utf8.count); w.write(c.help); w.newline()
            }
        },
        Command(name: "mem", help: "memory map, frame and heap statistics") { _, info, w in
            BootReport.memoryMap(info, w)
            BootReport.summary(info, w)
        },
        Command(name: "log", help: "the kernel log (last 64 KiB)") { _, _, w in
            KernelLog.ring.forEachByte { w.write(byte: $0) }
        },
        Command(name: "uptime", help: "time since boot") { _, _, w in
            let ms = Timer.uptimeMilliseconds
            w.write("up "); w.decimal(ms / 1000); w.write(".")
            if ms % 1000 < 100 { w.write("0") }
            if ms % 1000 < 10 { w.write("0") }
            w.decimal(ms % 1000); w.write(" s ("); w.decimal(Timer.ticks); w.write(" timer ticks at ")
            w.decimal(Timer.frequency); w.write(" Hz)"); w.newline()
        },
        Command(name: "ksym", help: "ksym ADDR: the kernel symbol at an address") { args, _, w in
            guard let text = args.first, let address = parseAddress(text) else {
                w.write("usage: ksym ADDR (hex, e.g. 0x101000)"); w.newline(); return
            }
            w.hex(address); w.write(" "); Symbolizer.writeSymbol(address, to: w); w.newline()
        },
        Command(name: "initrd", help: "the boot archive's entries and their checks") { _, _, w in
            InitialRamdisk.list(w)
        },
        Command(name: "poweroff", help: "power the machine off") { _, _, w in
            w.write("Powering off."); w.newline()
            PowerOff.exit(.success)
        },
    ]

    static func execute(_ line: String, info: StartInfo, _ w: TextWriter) {
        let words = line.split(separator: " ")
        guard let name = words.first else { return }
        guard let command = all.first(where: { $0.name == name }) else {
            w.write("unknown command '"); w.write(String(name)); w.write("'; type 'help'"); w.newline()
            return
        }
        command.run(Array(words.dropFirst()), info, w)
    }

    static func parseAddress(_ text: Substring) -> UInt64? {
        var digits = text
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, digits.count <= 16 else { return nil }
        return UInt64(digits, radix: 16)
    }
}
