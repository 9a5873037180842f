// `elfkit symbolize -e FILE [ADDR...]`: function, file, line and column of
// addresses, printed exactly as `llvm-symbolizer --obj=FILE` prints them
// (ElfKitDWARF's LLVMSymbolizerOutput), so the two can be diffed.
// Addresses come from the arguments, or one per line from stdin.

import ArgumentParser
import ElfKit
import ElfKitDWARF

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct SymbolizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "symbolize",
        abstract: "Print the function and file:line:column of addresses (like llvm-symbolizer).",
        discussion: """
            Output is llvm-symbolizer's: per address, one FUNCTION and FILE:LINE:COLUMN \
            pair per frame (inlined frames first), then a blank line; "??" when unknown. \
            With --json, llvm-symbolizer's JSON (--output-style=JSON). Separate debug \
            files are found through the build ID in /usr/lib/debug/.build-id.
            """)

    @OptionGroup var options: CommonOptions

    @Option(name: [.customShort("e"), .customLong("obj"), .customLong("exe")],
            help: ArgumentHelp("The ELF file whose addresses are symbolized.", valueName: "file"))
    var object: String

    @Flag(name: .customLong("no-inlines"), help: "Only the outermost function, no inlined frames.")
    var noInlines = false

    @Flag(name: .customLong("no-demangle"), help: "Print C++ names mangled.")
    var noDemangle = false

    @Flag(name: .customLong("demangle-swift"), help: "Also demangle Swift names (llvm-symbolizer does not).")
    var demangleSwift = false

    @Flag(name: [.customShort("a"), .customLong("addresses")], help: "Print each address before its answer.")
    var printAddress = false

    @Argument(help: ArgumentHelp(
        "Addresses (0x… hex, 0… octal, decimal) or symbol[+offset]; read from stdin, one per line, when none are given.",
        valueName: "address"))
    var addresses: [String] = []

    func run() {
        // The object must be a readable ELF file; llvm-symbolizer would answer "??"
        // for every address instead, which hides the mistake.
        _ = ElfInput.open(object)
        var o = SymbolizerOptions()
        o.demangle = !noDemangle
        o.demangleSwift = demangleSwift
        o.inlines = !noInlines
        o.outputStyle = options.json ? .json : .llvm
        o.printAddress = printAddress
        o.toolName = "elfkit"
        let status = LLVMSymbolizerOutput.run(objectPath: object, addresses: addresses, options: o)
        if status != 0 { Glibc.exit(status) }
    }
}
