import ArgumentParser

/// Options every debugging subcommand shares (attach, run).
struct SessionOptions: ParsableArguments {
    @Option(name: .long, help: "The kernel ELF file for symbols and DWARF.")
    var kernel: String = ".build/kernel/kernel.elf"

    @Option(name: .customLong("ex", withSingleDash: true), help: ArgumentHelp("Run COMMAND, then exit (repeatable; batch mode).", valueName: "COMMAND"))
    var commands: [String] = []

    @Option(name: .customShort("x"), help: ArgumentHelp("Run the commands in SCRIPT (one per line, # comments), then exit.", valueName: "SCRIPT"))
    var script: String?

    @Flag(name: .long, help: "Print one JSON object per command (batch mode).")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for a reply before the stub counts as silent.", valueName: "SECONDS"))
    var timeout: Double = 5

    @Flag(name: .long, help: "No colors, even on a terminal (NO_COLOR does the same).")
    var noColor = false

    @Flag(name: .long, help: "Symbols are optional: run without a kernel image when --kernel is missing.")
    var noSymbols = false

    func validate() throws {
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be between 0 and 3600 seconds") }
    }

    /// Batch mode: commands were given, so no prompt.
    var isBatch: Bool { !commands.isEmpty || script != nil }
}
