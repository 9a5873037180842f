// Opening an input file for a subcommand: map it, parse the header, and
// give the printers what they all need (section headers and their names).
// Any failure here ends the command with status 1 and one line on stderr.

import ElfKit

struct ElfInput {
    let path: String
    let mapped: MappedFile
    let file: ElfFile
    /// The bytes of the section name string table, or nil if the file has none.
    let sectionNames: ElfStringTable?

    var header: ElfFileHeader { file.header }
    var machine: UInt16 { file.header.machine.rawValue }
    var osABI: UInt8 { file.header.osABI }
    var is64: Bool { file.fileClass == .elf64 }

    static func open(_ path: String) -> ElfInput {
        let mapped: MappedFile
        do throws(FileError) {
            mapped = try MappedFile(path: path)
        } catch {
            Failure.exit(file: path, error.message)
        }
        let file: ElfFile
        do throws(ElfError) {
            file = try ElfFile(bytes: mapped.bytes)
        } catch {
            Failure.exit(file: path, Failure.describe(error))
        }
        // readelf takes e_shstrndx's contents whatever the section's type; so do we.
        var names: ElfStringTable? = nil
        if file.sectionNameTableIndex != 0,
           let s = try? file.section(at: file.sectionNameTableIndex),
           let bytes = try? file.contents(of: s) {
            names = ElfStringTable(bytes: bytes, sectionIndex: s.index)
        }
        return ElfInput(path: path, mapped: mapped, file: file, sectionNames: names)
    }

    func fail(_ error: ElfError) -> Never {
        Failure.exit(file: path, Failure.describe(error))
    }

    /// Every section header; a header that cannot be read ends the command.
    func sections() -> [ElfSectionHeader] {
        var result: [ElfSectionHeader] = []
        result.reserveCapacity(file.sectionCount)
        for i in 0..<file.sectionCount {
            do throws(ElfError) { result.append(try file.section(at: i)) } catch { fail(error) }
        }
        return result
    }

    /// Every program header.
    func segments() -> [ElfProgramHeader] {
        var result: [ElfProgramHeader] = []
        result.reserveCapacity(file.programHeaderCount)
        for i in 0..<file.programHeaderCount {
            do throws(ElfError) { result.append(try file.programHeader(at: i)) } catch { fail(error) }
        }
        return result
    }

    /// The name of a section as readelf shows it: the string, or
    /// "<no-strings>" without a name table, or "<corrupt>" for a bad offset.
    func sectionName(_ s: ElfSectionHeader) -> SectionName {
        guard let names = sectionNames else { return .missing }
        guard let bytes = try? names.string(at: UInt64(s.nameOffset)) else { return .corrupt }
        return .bytes(bytes)
    }

    /// Whether a DYN file is a position-independent executable: DT_FLAGS_1
    /// has DF_1_PIE in the dynamic segment (how readelf decides).
    func isPIE() -> Bool {
        guard header.type == .sharedObject else { return false }
        var dynamic: UnsafeRawBufferPointer? = nil
        for i in 0..<file.programHeaderCount {
            guard let p = try? file.programHeader(at: i), p.type == .dynamic else { continue }
            dynamic = try? file.contents(of: p)
            break
        }
        if dynamic == nil {
            for i in 0..<file.sectionCount {
                guard let s = try? file.section(at: i), s.type == .dynamic else { continue }
                dynamic = try? file.contents(of: s)
                break
            }
        }
        guard let bytes = dynamic else { return false }
        let entry = is64 ? 16 : 8
        let reader = ByteReader(bytes, order: file.byteOrder)
        var offset = 0
        while offset + entry <= bytes.count {
            guard let r = try? reader.record(at: UInt64(offset), size: entry, structure: .sectionContents) else { break }
            let tag = is64 ? r.u64(0) : UInt64(r.u32(0))
            let value = is64 ? r.u64(8) : UInt64(r.u32(4))
            if tag == 0 { break }
            if tag == 0x6fff_fffb { return value & 0x0800_0000 != 0 }  // DT_FLAGS_1, DF_1_PIE
            offset += entry
        }
        return false
    }
}

enum SectionName {
    case bytes(UnsafeRawBufferPointer)
    case missing
    case corrupt

    /// The name for JSON: the string, or nil when there is none.
    var raw: UnsafeRawBufferPointer? {
        if case .bytes(let b) = self { return b }
        return nil
    }
}

extension Output {
    /// A name from the file as readelf prints it: control characters as ^X.
    /// Returns the number of columns written.
    @discardableResult
    func printable(_ name: UnsafeRawBufferPointer) -> Int {
        guard let base = name.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        // Copy first, then check the copy in one branch-free (vectorizable) pass.
        let n = name.count
        let p = reserve(n)
        p.update(from: base, count: n)
        var bad: UInt8 = 0
        for i in 0..<n {
            let b = p[i]
            bad |= (b < 0x20 ? 1 : 0) | (b == 0x7f ? 1 : 0)
        }
        if bad == 0 {
            commit(n)
            return n
        }
        var columns = 0
        for b in name {
            if b < 0x20 || b == 0x7f {
                byte(0x5e)
                byte(b &+ 0x40)
                columns += 2
            } else {
                byte(b)
                columns += 1
            }
        }
        return columns
    }

    @discardableResult
    func printable(_ name: SectionName) -> Int {
        switch name {
        case .bytes(let b): return printable(b)
        case .missing: text("<no-strings>"); return 12
        case .corrupt: text("<corrupt>"); return 9
        }
    }
}

extension JSONWriter {
    func sectionName(_ name: SectionName) {
        if let b = name.raw { string(bytes: b) } else { null() }
    }
}
