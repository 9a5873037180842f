import CPU
import ElfKit

/// Address → kernel symbol, from the table that `make kernel` embeds in
/// `.ksymtab` (generated from the linked kernel by `kernel-symbols`, with
/// demangled Swift names). Binary search, no allocation: safe in a fault.
enum Symbolizer {
    nonisolated(unsafe) private static var table: KernelSymbolTableReader?
    nonisolated(unsafe) private(set) static var loadError = false

    /// Validates the embedded table once at boot.
    static func load() {
        let start = layout_ksymtab_start(), end = layout_ksymtab_end()
        guard end > start else { return }     // first link: no table yet
        let bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: UInt(start)), count: Int(end - start))
        do {
            table = try KernelSymbolTableReader(bytes: bytes)
        } catch {
            loadError = true
        }
    }

    static var symbolCount: Int { table?.count ?? 0 }

    static func lookup(_ address: UInt64) -> KernelSymbolMatch? { table?.lookup(address) }

    /// `Kernel.Foo.bar() + 0x1c`, or `??` when no symbol covers the address.
    static func writeSymbol(_ address: UInt64, lookupAt lookupAddress: UInt64? = nil, to w: TextWriter) {
        guard let match = table?.lookup(lookupAddress ?? address) else {
            w.write("??")
            return
        }
        w.write(bytes: match.name)
        w.write(" + ")
        w.shortHex(address &- match.start)
    }
}
