// Chooses which symbols of a linked kernel go into its compact symbol
// table, and under which names. Lives in the host library (not in the
// kernel-symbols tool) so tests can check it without running the tool.

import ElfKit

public enum KernelSymbolCollector {
    /// The backtrace symbols of a linked image: every sized function, plus
    /// zero-size function/untyped symbols in executable sections (assembly
    /// labels such as `isr_stub_14`), Swift names demangled and simplified.
    ///
    /// A zero-size label gets the size up to the next collected symbol or
    /// the end of its section, whichever comes first, so a label at the end
    /// of .text still covers its code. Labels inside a sized function are
    /// left out: they would take over the rest of that function in lookups.
    public static func collect(from file: ElfFile) throws(ElfError) -> [KernelSymbol] {
        var found = try file.symbolTable(ofType: .symtab)
        if found == nil { found = try file.symbolTable(ofType: .dynsym) }
        guard let table = found else { return [] }
        struct Candidate {
            var address: UInt64
            var size: UInt64
            var rawName: String
            var isGlobal: Bool
            var sectionEnd: UInt64
        }
        var candidates: [Candidate] = []
        for i in 0..<table.count {
            let symbol = try table.symbol(at: i)
            guard symbol.type == .function || symbol.type == .notype,
                  let sectionIndex = try file.sectionIndex(of: symbol, in: table),
                  sectionIndex < file.sectionCount else { continue }
            let section = try file.section(at: sectionIndex)
            let name = String(decoding: try table.name(of: symbol), as: UTF8.self)
            guard !name.isEmpty, !isLocalOrMappingLabel(name) else { continue }
            let executable = section.flags.contains(.execInstr)
            if symbol.size == 0 || symbol.type == .notype {
                guard executable, symbol.size == 0 || symbol.type == .function else { continue }
            }
            let (end, overflow) = section.address.addingReportingOverflow(section.size)
            candidates.append(Candidate(
                address: symbol.value, size: symbol.size, rawName: name,
                isGlobal: symbol.binding == .global || symbol.binding == .weak,
                sectionEnd: overflow ? UInt64.max : end))
        }
        candidates.sort { $0.address < $1.address || ($0.address == $1.address && $0.size > $1.size) }

        var result: [KernelSymbol] = []
        var sizedEnd: UInt64 = 0
        for (i, c) in candidates.enumerated() {
            var size = c.size
            if size == 0 {
                if c.address < sizedEnd { continue }
                // The next symbol at a higher address bounds the label.
                var limit = c.sectionEnd
                var j = i + 1
                while j < candidates.count, candidates[j].address == c.address { j += 1 }
                if j < candidates.count { limit = min(limit, candidates[j].address) }
                size = limit > c.address ? limit - c.address : 0
            } else {
                sizedEnd = max(sizedEnd, c.address &+ c.size)
            }
            result.append(KernelSymbol(
                address: c.address, size: size, name: SwiftDemangler.backtraceName(c.rawName),
                isGlobal: c.isGlobal))
        }
        return result
    }

    /// Assembler-local labels (".L…") and ARM/AArch64/RISC-V mapping symbols
    /// ("$x", "$d", "$x.12") say nothing to a reader of a backtrace.
    public static func isLocalOrMappingLabel(_ name: String) -> Bool {
        if name.hasPrefix(".L") { return true }
        let u = Array(name.utf8)
        if u.count >= 2, u[0] == UInt8(ascii: "$"), u[1] >= UInt8(ascii: "a"), u[1] <= UInt8(ascii: "z"),
           u.count == 2 || u[2] == UInt8(ascii: ".") {
            return true
        }
        return false
    }
}
