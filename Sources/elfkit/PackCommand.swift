// `elfkit pack -o initrd.img PROG…`: bundle x86_64 user programs into a
// Keel boot archive (docs/boot-archive.md). Each program becomes an entry
// named after its file; every input must be an ELF64 little-endian x86_64
// executable that ElfKit's load plan accepts (the kernel loads it with the
// same plan), so a bad program is refused here rather than at boot.

import ArgumentParser
import BootArchive
import CLZ4
import ElfKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct PackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Pack x86_64 ELF programs into a Keel boot archive (initrd).",
        discussion: """
            Entries are named after the programs' file names (NAME=PATH names one \
            explicitly, e.g. hello=build/hello.elf) and sorted by name; \
            each records its size, mode, flags and CRC-32C checksums, and its data \
            starts at a multiple of --align (4096: an uncompressed program can be \
            mapped in place). With --compress, an entry is stored as an LZ4 block \
            (liblz4, high compression) when that is smaller. The output is written \
            to a temporary file and renamed, so it is never left half-written.
            """)

    @Option(name: .shortAndLong, help: "The archive to write.")
    var output: String

    @Flag(help: "Store entries LZ4-compressed when that makes them smaller.")
    var compress = false

    @Option(help: "Data alignment in bytes (a power of two, 8 to 2097152).")
    var align: Int = BootArchiveLayout.defaultAlignment

    @Flag(name: .shortAndLong, help: "Print one line per entry packed.")
    var verbose = false

    @Argument(help: "The programs to pack (x86_64 ELF64 executables), as PATH or NAME=PATH.")
    var programs: [String]

    func validate() throws {
        guard !programs.isEmpty else { throw ValidationError("no programs to pack") }
        guard align >= BootArchiveLayout.minimumAlignment, align <= BootArchiveLayout.maximumAlignment,
              align & (align - 1) == 0
        else { throw ValidationError("--align \(align) is not a power of two between 8 and 2097152") }
        var seen: [String: String] = [:]
        for argument in programs {
            let (name, path) = PackCommand.entryNameAndPath(argument)
            guard BootArchiveName.isValid(Array(name.utf8)) else {
                throw ValidationError("\(path): '\(name)' cannot be an entry name (1-255 bytes, not '.' or '..')")
            }
            if let earlier = seen[name] {
                throw ValidationError("duplicate entry name '\(name)' (from \(earlier) and \(path))")
            }
            seen[name] = path
        }
    }

    /// "NAME=PATH" (NAME without '/'), or PATH named after its last component.
    static func entryNameAndPath(_ argument: String) -> (name: String, path: String) {
        if let equals = argument.firstIndex(of: "="), !argument[..<equals].contains("/") {
            return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
        }
        let name = argument.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? argument
        return (name, argument)
    }

    func run() {
        var builder: BootArchiveBuilder
        do throws(BootArchiveError) { builder = try BootArchiveBuilder(alignment: align) } catch {
            Failure.exit(file: output, error.description)
        }
        // The inputs stay mapped until the archive is written: the builder
        // borrows their bytes instead of copying them.
        var inputs: [MappedFile] = []
        var lines: [String] = []
        for argument in programs {
            let (name, path) = PackCommand.entryNameAndPath(argument)
            let file: MappedFile
            do throws(FileError) { file = try MappedFile(path: path) } catch { Failure.exit(file: path, error.message) }
            if let problem = PackCommand.programProblem(file.bytes) { Failure.exit(file: path, problem) }
            inputs.append(file)
            let compressed = compress ? PackCommand.lz4(file.bytes) : nil
            do throws(BootArchiveError) {
                try builder.add(name: Array(name.utf8), borrowing: file.bytes, mode: PackCommand.mode(of: path),
                                executable: true, compressed: compressed)
            } catch {
                Failure.exit(file: path, error.description)
            }
            if verbose {
                let size = file.bytes.count
                let stored = compressed.map { min($0.count, size) } ?? size
                lines.append("\(name): \(size) bytes" + (stored < size ? ", LZ4 \(stored)" : ""))
            }
        }
        let layout: BootArchiveBuilder.Layout
        do throws(BootArchiveError) { layout = try builder.layout() } catch { Failure.exit(file: output, error.description) }
        do throws(FileError) {
            try AtomicFile.write(to: output) { (put) throws(FileError) in try layout.write(put) }
        } catch {
            Failure.exit(file: output, error.message)
        }
        withExtendedLifetime(inputs) {}
        if verbose {
            let out = Output()
            for line in lines { out.text(line); out.newline() }
            out.text("\(output): \(builder.count) entries, \(layout.archiveSize) bytes"); out.newline()
            out.flush()
        }
    }

    /// Why `bytes` cannot be a Keel user program, or nil if it can.
    static func programProblem(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard bytes.count >= 4, bytes[0] == 0x7f, bytes[1] == 0x45, bytes[2] == 0x4c, bytes[3] == 0x46 else {
            return "not an ELF file (bad magic number)"
        }
        let file: ElfFile
        do throws(ElfError) { file = try ElfFile(bytes: bytes) } catch { return Failure.describe(error) }
        let h = file.header
        guard h.fileClass == .elf64 else { return "ELF32 file; Keel user programs are ELF64 (x86_64)" }
        guard h.byteOrder == .little else { return "big-endian ELF; Keel user programs are little-endian x86_64" }
        guard h.machine == .x86_64 else {
            return "machine is \(ReadelfNames.machine(h.machine.rawValue)), not Advanced Micro Devices X86-64"
        }
        let plan: ElfLoadPlan
        do throws(ElfError) { plan = try ElfLoadPlan(file: file) } catch {
            if case .loadRejected(let reason, let segment) = error {
                return "not loadable: " + (segment < 0 ? reason.name : "segment \(segment): \(reason.name)")
            }
            return Failure.describe(error)
        }
        if plan.interpreter != nil { return "dynamically linked (has PT_INTERP); Keel user programs must be static" }
        return nil
    }

    /// The input file's permission bits (0o755 if it cannot be read again).
    static func mode(of path: String) -> UInt32 {
        var st = stat()
        guard stat(path, &st) == 0 else { return 0o755 }
        return UInt32(st.st_mode & 0o7777)
    }

    /// liblz4's high-compression block of `bytes`, or nil if it fails.
    static func lz4(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let source = bytes.baseAddress, !bytes.isEmpty, bytes.count <= Int(LZ4_MAX_INPUT_SIZE) else { return nil }
        var out = [UInt8](repeating: 0, count: Int(LZ4_compressBound(Int32(bytes.count))))
        let n = out.withUnsafeMutableBytes { dst in
            LZ4_compress_HC(source.assumingMemoryBound(to: CChar.self),
                            dst.baseAddress!.assumingMemoryBound(to: CChar.self),
                            Int32(bytes.count), Int32(dst.count), LZ4HC_CLEVEL_DEFAULT)
        }
        guard n > 0 else { return nil }
        out.removeSubrange(Int(n)...)
        return out
    }
}
