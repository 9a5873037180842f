import ElfKit

/// Symbols of a user program, from its own ELF: the `.keel_symbols` section
/// `make kernel` adds to every program (the kernel-symbols table format, with
/// demangled names). Lookups allocate nothing: safe while reporting a fault.
struct ProgramSymbols {
    private let table: KernelSymbolTableReader?

    init(_ image: ProgramImage) {
        var reader: KernelSymbolTableReader? = nil
        do throws(ElfError) {
            let file = try ElfFile(bytes: image.bytes)
            if let section = try file.section(named: ".keel_symbols") {
                reader = try KernelSymbolTableReader(bytes: try file.contents(of: section))
            }
        } catch {
            reader = nil
        }
        table = reader
    }

    var isAvailable: Bool { table != nil }

    /// `hello.Hello.main() + 0x1c`, or `??`.
    func writeSymbol(_ address: UInt64, lookupAt lookupAddress: UInt64, to w: TextWriter) {
        guard let match = table?.lookup(lookupAddress) else { w.write("??"); return }
        w.write(bytes: match.name)
        w.write(" + ")
        w.shortHex(address &- match.start)
    }
}
