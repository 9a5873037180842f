// libFuzzer target for the portable ELF reader (Sources/ElfKit).
//
// Built by Fuzz/run.sh with `swiftc -sanitize=fuzzer` over ElfKit's
// sources and this file (one module, so internal API is reachable too).
// Every reader runs over the input; errors are expected and ignored
// (`try?`), only a trap, a crash or a sanitizer report is a finding. Each
// loop is capped so a hostile count cannot turn into a timeout.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzElfReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    guard let file = try? ElfFile(bytes: bytes) else { return 0 }
    exercise(file)
    return 0
}

/// Touches a byte slice so the reads cannot be optimized away.
@inline(never)
func consume(_ b: UnsafeRawBufferPointer?) -> Int {
    guard let b, b.count > 0 else { return 0 }
    return Int(b[0]) &+ Int(b[b.count - 1]) &+ b.count
}

let loopCap = 4096

func exercise(_ file: ElfFile) {
    var sink = 0
    // Sections: headers, names, contents, and what each type holds.
    for i in 0..<min(file.sectionCount, loopCap) {
        guard let s = try? file.section(at: i) else { continue }
        sink &+= consume(try? file.name(of: s))
        sink &+= consume(try? file.contents(of: s))
        _ = try? file.compressedContents(of: s)
        switch s.type {
        case .symtab, .dynsym:
            guard let table = try? file.symbolTable(at: i) else { break }
            for k in 0..<min(table.count, loopCap) {
                guard let sym = try? table.symbol(at: k) else { continue }
                sink &+= consume(try? table.name(of: sym))
                sink &+= (try? file.sectionIndex(of: sym, in: table)).flatMap { $0 } ?? 0
            }
        case .rela, .rel:
            if let relocs = try? file.relocationTable(at: i) {
                for k in 0..<min(relocs.count, loopCap) { _ = try? relocs.relocation(at: k) }
            }
        case .note:
            if var notes = try? file.notes(in: s) {
                var n = 0
                while n < loopCap, let note = try? notes.next() {
                    sink &+= consume(note.name) &+ consume(note.gnuBuildID)
                    _ = try? note.gnuABITag()
                    if var props = note.gnuProperties(machine: file.header.machine) {
                        var m = 0
                        while m < loopCap, (try? props.next()) != nil { m += 1 }
                    }
                    n += 1
                }
            }
        case .dynamic:
            if let dyn = try? file.dynamicTable(at: i) {
                for k in 0..<min(dyn.count, loopCap) {
                    if let e = try? dyn.entry(at: k) { sink &+= consume((try? dyn.string(of: e)) ?? nil) }
                }
            }
        case .hash:
            if let h = try? file.sysvHashTable(at: i) { sink &+= Int(h.bucket(0)) &+ Int(h.chain(0)) }
        case .gnuHash:
            if let h = try? file.gnuHashTable(at: i) { sink &+= (try? h.impliedSymbolCount()) ?? 0 }
        case .gnuVersionDefinitions:
            if var defs = try? file.versionDefinitions(in: s) {
                var n = 0
                while n < loopCap, let d = try? defs.next() {
                    var names = d.names()
                    var m = 0
                    while m < loopCap, let name = try? names.next() { sink &+= consume(name); m += 1 }
                    n += 1
                }
            }
        case .gnuVersionRequirements:
            if var needs = try? file.versionRequirements(in: s) {
                var n = 0
                while n < loopCap, let need = try? needs.next() {
                    var aux = need.versions()
                    var m = 0
                    while m < loopCap, let v = try? aux.next() { sink &+= consume(v.name); m += 1 }
                    n += 1
                }
            }
        case .relr:
            if var relr = try? file.relrAddresses(in: s) {
                var n = 0
                while n < loopCap, let a = try? relr.next() { sink &+= Int(truncatingIfNeeded: a); n += 1 }
            }
        default:
            break
        }
    }
    // Symbol versions of the dynamic symbols.
    if let versioning = (try? file.symbolVersioning()) ?? nil,
       let dynsym = (try? file.symbolTable(ofType: .dynsym)) ?? nil {
        for k in 0..<min(dynsym.count, 256) {
            if let sym = try? dynsym.symbol(at: k), let v = (try? versioning.version(of: sym)) ?? nil {
                sink &+= consume(v.name)
            }
        }
    }
    // Segments, their contents and notes.
    for i in 0..<min(file.programHeaderCount, loopCap) {
        guard let p = try? file.programHeader(at: i) else { continue }
        sink &+= consume(try? file.contents(of: p))
        if p.type == .note, var notes = try? file.notes(in: p) {
            var n = 0
            while n < loopCap, let note = try? notes.next() { sink &+= consume(note.descriptor); n += 1 }
        }
        if p.type == .dynamic, let dyn = try? file.dynamicTable(in: p) {
            for k in 0..<min(dyn.count, loopCap) { _ = try? dyn.entry(at: k) }
        }
    }
    _ = (try? file.dynamicTable()) ?? nil
    // The loader's view.
    if let plan = try? ElfLoadPlan(file: file) {
        sink &+= plan.mappings.count &+ consume(plan.interpreter)
    }
    // The kernel symbol table reader takes arbitrary bytes too.
    if let r = try? KernelSymbolTableReader(bytes: file.bytes) { sink &+= r.count }
    if sink == 0x7fff_ffff_ffff { print(sink) }
}
