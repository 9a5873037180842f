// The ELF symbol table as llvm-symbolizer uses it (SymbolizableObjectFile):
// function, object, untyped and ifunc symbols of allocated sections, sorted
// by (address, size), one per address (the largest, the last of equals),
// and the STT_FILE symbols that name the source file of local symbols.
// It names the outermost frame of every address and covers code without DWARF.

import ElfKit

struct SymbolTableIndex {
    struct Entry {
        var address: UInt64
        var size: UInt64
        var name: DWARFString
        /// Index in the ELF table for a local symbol (to find its STT_FILE), else 0.
        var localIndex: Int
    }
    private(set) var entries: [Entry] = []
    private var fileSymbols: [(index: Int, name: DWARFString)] = []

    init(elf: ElfFile) {
        // computeSymbolSizes: .symtab, or .dynsym when there is no .symtab.
        var table = (try? elf.symbolTable(ofType: .symtab)) ?? nil
        if table == nil || table!.count == 0 { table = (try? elf.symbolTable(ofType: .dynsym)) ?? nil }
        guard let table else { return }
        var sectionFlags: [Int: ElfSectionFlags] = [:]
        var collected: [Entry] = []
        collected.reserveCapacity(table.count)
        for i in 0..<table.count {
            guard let s = try? table.symbol(at: i), let nameBytes = try? table.name(of: s) else { continue }
            let name = DWARFString(start: nameBytes.baseAddress, count: nameBytes.count)
            let section = (try? elf.sectionIndex(of: s, in: table)) ?? nil
            guard let section, section < elf.sectionCount else {
                if s.type == .file { fileSymbols.append((i, name)) }
                continue
            }
            if i == 0 { continue }
            let flags: ElfSectionFlags
            if let f = sectionFlags[section] {
                flags = f
            } else {
                flags = (try? elf.section(at: section).flags) ?? []
                sectionFlags[section] = flags
            }
            guard flags.contains(.alloc) else { continue }
            let type = s.type
            guard type == .notype || type == .function || type == .object || type == .gnuIfunc else { continue }
            collected.append(Entry(
                address: s.value, size: s.size, name: name,
                localIndex: s.binding == .local ? i : 0))
        }
        // stable_sort by (address, size), then keep the last of each address.
        let order = collected.indices.sorted { a, b in
            let x = collected[a], y = collected[b]
            if x.address != y.address { return x.address < y.address }
            if x.size != y.size { return x.size < y.size }
            return a < b
        }
        var result: [Entry] = []
        result.reserveCapacity(order.count)
        for i in order {
            if let last = result.last, last.address == collected[i].address {
                result[result.count - 1] = collected[i]
            } else {
                result.append(collected[i])
            }
        }
        entries = result
    }

    /// The symbol covering `address` (LLVM's getNameFromSymbolTable), with
    /// the STT_FILE name preceding it when it is local.
    func lookup(_ address: UInt64) -> (entry: Entry, file: DWARFString?)? {
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if entries[mid].address <= address { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        let e = entries[lo - 1]
        if e.size != 0 && e.address &+ e.size <= address { return nil }
        var file: DWARFString? = nil
        if e.localIndex != 0 {
            var l = 0, h = fileSymbols.count
            while l < h {
                let mid = (l + h) >> 1
                if fileSymbols[mid].index <= e.localIndex { l = mid + 1 } else { h = mid }
            }
            if l > 0 { file = fileSymbols[l - 1].name }
        }
        return (e, file)
    }

    /// Every symbol called `name`, in address order (LLVM's findSymbol).
    func addresses(of name: String, offset: UInt64) -> [UInt64] {
        var result: [UInt64] = []
        let utf8 = Array(name.utf8)
        for e in entries where e.name.count == utf8.count {
            if utf8.withUnsafeBytes({ e.name.bytes.elementsEqual($0) }) {
                result.append(offset < e.size ? e.address &+ offset : e.address)
            }
        }
        return result
    }
}
