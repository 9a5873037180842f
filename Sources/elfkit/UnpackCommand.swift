// `elfkit unpack FILE [-C DIR] [NAME…]`: extract entries of a Keel boot
// archive into files named after them, with their recorded modes. Every
// entry is checked before it is written; a bad one is named on stderr and
// not written, the others still are (like tar), and the status is 1.

import ArgumentParser
import BootArchive

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct UnpackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpack",
        abstract: "Extract the entries of a Keel boot archive into files.",
        discussion: """
            Entry names never contain '/', so files land only in the target directory. \
            Each file is written to a temporary name and renamed, never left half-written. \
            Exit status 1 if an entry is damaged or missing (the others are still extracted).
            """)

    @Argument(help: "The boot archive to read.")
    var file: String

    @Option(name: .customShort("C"), help: "Extract into DIR (created if missing) instead of the current directory.")
    var directory: String = "."

    @Flag(name: .shortAndLong, help: "Print each file written.")
    var verbose = false

    @Argument(help: "Extract only these entries (default: all).")
    var names: [String] = []

    func run() {
        let input = BootArchiveInput.open(file)
        let archive = input.archive
        var failed = false
        var selected: [BootArchiveEntry] = []
        if names.isEmpty {
            selected = Array(archive)
        } else {
            for name in names {
                if let e = archive.entry(named: name) { selected.append(e) } else {
                    Failure.report(file: file, "no entry named '\(name)'")
                    failed = true
                }
            }
        }
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            Failure.exit(file: directory, "cannot create directory: " + String(cString: strerror(errno)))
        }
        let out = Output()
        for entry in selected {
            let name = input.name(entry)
            let contents: [UInt8]
            do throws(BootArchiveError) { contents = try archive.contents(of: entry) } catch {
                Failure.report(file: file, input.describe(error))
                failed = true
                continue
            }
            let path = directory + "/" + name
            do throws(FileError) {
                try AtomicFile.write(contents, to: path, mode: mode_t(entry.mode))
            } catch {
                Failure.report(file: path, error.message)
                failed = true
                continue
            }
            if verbose { out.text(path); out.newline() }
        }
        out.flush()
        if failed { Glibc.exit(1) }
    }
}
