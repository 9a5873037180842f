// `elfkit list FILE`: the entries of a Keel boot archive, like `tar -tv`
// with the archive's own fields; every entry is checked (stored CRC-32C,
// decompression, contents CRC-32C) and a bad one is named on stderr.

import ArgumentParser
import BootArchive

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the entries of a Keel boot archive and verify their checksums.",
        discussion: "Exit status 1 if the archive is malformed or any entry fails its check (named on stderr).")

    @OptionGroup var options: CommonOptions

    @Argument(help: "The boot archive to read (e.g. .build/kernel/initrd.img).")
    var file: String

    struct Row {
        let entry: BootArchiveEntry
        let name: String
        /// nil: the entry is intact; otherwise why not.
        let problem: BootArchiveError?
    }

    func run() {
        let input = BootArchiveInput.open(file)
        let archive = input.archive
        let rows = archive.map { entry -> Row in
            var problem: BootArchiveError? = nil
            do throws(BootArchiveError) { _ = try archive.contents(of: entry) } catch { problem = error }
            return Row(entry: entry, name: input.name(entry), problem: problem)
        }
        let out = Output()
        if options.json { writeJSON(input, rows, out) } else { writeText(input, rows, out, style: options.style) }
        out.flush()
        var failed = false
        for row in rows {
            if let problem = row.problem {
                Failure.report(file: file, input.describe(problem))
                failed = true
            }
        }
        if failed { Glibc.exit(1) }
    }

    static func flagLetters(_ entry: BootArchiveEntry) -> String {
        (entry.isExecutable ? "X" : "") + (entry.isCompressed ? "L" : "")
    }

    static func octalMode(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private func writeText(_ input: BootArchiveInput, _ rows: [Row], _ out: Output, style: Style) {
        let archive = input.archive
        style.beginBold(out)
        out.text("Boot archive '\(file)': version \(archive.version), \(archive.count) ")
        out.text(archive.count == 1 ? "entry" : "entries")
        out.text(", \(archive.bytes.count) bytes, data aligned to \(archive.alignment)")
        style.end(out); out.newline()
        let nameWidth = max(16, rows.map { $0.name.utf8.count }.max() ?? 0)
        out.text("  [Nr] "); out.text("Name", left: nameWidth + 1)
        out.text("      Size    Stored Offset     Mode Flg CRC-32C    Status"); out.newline()
        for row in rows {
            let e = row.entry
            out.text("  ["); out.decimal(e.index, width: 2); out.text("] ")
            out.printable(e.name); out.spaces(nameWidth + 1 - e.name.count)
            out.decimal(e.size, width: 10); out.decimal(e.storedSize, width: 10); out.byte(0x20)
            out.prefixedHex(e.dataOffset, width: 8); out.byte(0x20)
            out.text(ListCommand.octalMode(e.mode)); out.byte(0x20)
            out.text(ListCommand.flagLetters(e), left: 3); out.byte(0x20)
            out.prefixedHex(UInt64(e.checksum), width: 8); out.byte(0x20)
            out.text(row.problem == nil ? "ok" : "BAD"); out.newline()
        }
        out.text("Key to Flags: X (executable ELF), L (LZ4-compressed)"); out.newline()
    }

    private func writeJSON(_ input: BootArchiveInput, _ rows: [Row], _ out: Output) {
        let archive = input.archive
        let j = JSONWriter(out)
        j.beginObject()
        j.field("file", file)
        j.field("version", Int(archive.version))
        j.field("size", archive.bytes.count)
        j.field("alignment", archive.alignment)
        j.key("indexChecksumHex"); j.hexString(UInt64(archive.indexChecksum))
        j.key("entries"); j.beginArray()
        for row in rows {
            let e = row.entry
            j.nextElementOnNewLine()
            j.beginObject()
            j.field("index", e.index)
            j.key("name"); j.string(bytes: e.name)
            j.field("size", e.size)
            j.field("storedSize", e.storedSize)
            j.fieldWithHex("offset", "offsetHex", e.dataOffset)
            j.field("mode", Int(e.mode))
            j.field("modeOctal", ListCommand.octalMode(e.mode))
            j.field("executable", e.isExecutable)
            j.field("compressed", e.isCompressed)
            j.key("compression"); if e.isCompressed { j.string("lz4") } else { j.null() }
            j.fieldWithHex("checksum", "checksumHex", UInt64(e.checksum))
            j.fieldWithHex("contentChecksum", "contentChecksumHex", UInt64(e.contentChecksum))
            j.field("valid", row.problem == nil)
            j.key("error"); if let p = row.problem { j.string(input.describe(p)) } else { j.null() }
            j.endObject()
        }
        j.endArray()
        j.endObject()
        out.newline()
    }
}
