import ElfKit
import Foundation
import QEMUTestSupport
import Testing

/// The built kernel image, read with ElfKit: what QEMU needs to boot it, what
/// a debugger needs (DWARF), its segment permissions and its embedded symbol table.
struct KernelImageTests {
    let data: Data

    init() throws {
        data = try Data(contentsOf: URL(fileURLWithPath: QEMUMachine.kernelPath))
    }

    func withImage<T>(_ body: (ElfFile) throws -> T) throws -> T {
        try data.withUnsafeBytes { raw in try body(try ElfFile(bytes: raw)) }
    }

    func sectionNames(_ elf: ElfFile) throws -> [String] {
        try (0..<elf.sectionCount).map { i in
            String(decoding: try elf.name(of: try elf.section(at: i)), as: UTF8.self)
        }
    }

    @Test func carriesThePVHNoteAndDWARF() throws {
        try withImage { elf in
            #expect(elf.header.machine == .x86_64)
            let names = try sectionNames(elf)
            for required in [".note.pvh", ".text", ".debug_info", ".debug_line", ".ksymtab"] {
                #expect(names.contains(required), "no \(required) section")
            }
            let note = try #require(try elf.section(named: ".note.pvh"))
            let bytes = Array(try elf.contents(of: note))
            // namesz 4, descsz 4, type 18 (XEN_ELFNOTE_PHYS32_ENTRY), "Xen\0", 32-bit entry.
            #expect(bytes[0..<12] == [4, 0, 0, 0, 4, 0, 0, 0, 18, 0, 0, 0])
            #expect(Array(bytes[12..<16]) == Array("Xen\0".utf8))
            let hasNoteSegment = try (0..<elf.programHeaderCount).contains { try elf.programHeader(at: $0).type == .note }
            #expect(hasNoteSegment, "QEMU needs a PT_NOTE segment to find the PVH entry")
        }
    }

    @Test func noSegmentIsWritableAndExecutable() throws {
        try withImage { elf in
            for i in 0..<elf.programHeaderCount {
                let segment = try elf.programHeader(at: i)
                guard segment.type == .load else { continue }
                #expect(!(segment.flags.contains(.write) && segment.flags.contains(.execute)),
                        "segment \(i) at \(String(segment.virtualAddress, radix: 16)) is W+X")
            }
        }
    }

    /// Every function in the ELF symbol table resolves, through the embedded
    /// table, to a symbol that starts at the same address.
    @Test func embeddedSymbolTableMatchesTheELFSymbols() throws {
        try withImage { elf in
            let section = try #require(try elf.section(named: ".ksymtab"))
            let table = try KernelSymbolTableReader(bytes: try elf.contents(of: section))
            #expect(table.count > 300)
            let symbols = try #require(try elf.symbolTable(ofType: .symtab))
            var checked = 0
            var names: Set<String> = []
            for i in 0..<symbols.count {
                let symbol = try symbols.symbol(at: i)
                guard symbol.type == .function, symbol.size > 0 else { continue }
                let match = try #require(table.lookup(symbol.value + symbol.size / 2))
                #expect(match.start == symbol.value)
                names.insert(String(decoding: match.name, as: UTF8.self))
                checked += 1
            }
            #expect(checked > 300)
            for expected in ["Kernel.FaultSelftests.touchGuardPage(_:)", "Kernel.Backtrace.write(rip:rbp:to:)",
                             "kernel_main", "interrupt_dispatch"] {
                #expect(names.contains(expected), "no \(expected) in the embedded table")
            }
        }
    }
}
