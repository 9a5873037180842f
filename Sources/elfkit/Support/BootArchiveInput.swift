// Opening a boot archive for `elfkit list` and `elfkit unpack`: map the
// file, validate the index, and turn reader errors into messages that
// name the entry (the reader's errors carry its index only).

import BootArchive

struct BootArchiveInput {
    let path: String
    let mapped: MappedFile
    let archive: BootArchive

    static func open(_ path: String) -> BootArchiveInput {
        let mapped: MappedFile
        do throws(FileError) {
            mapped = try MappedFile(path: path)
        } catch {
            Failure.exit(file: path, error.message)
        }
        do throws(BootArchiveError) {
            let archive = try BootArchive(bytes: mapped.bytes)
            return BootArchiveInput(path: path, mapped: mapped, archive: archive)
        } catch {
            Failure.exit(file: path, BootArchiveInput.describe(error, in: nil))
        }
    }

    func name(_ entry: BootArchiveEntry) -> String { String(decoding: entry.name, as: UTF8.self) }

    /// The reader's message, with "entry N" replaced by "entry 'NAME'" when the archive is known.
    static func describe(_ error: BootArchiveError, in archive: BootArchive?) -> String {
        let text = error.description
        guard let archive, let index = error.entryIndex, index >= 0, index < archive.count else { return text }
        let prefix = "entry \(index):"
        let name = String(decoding: archive[index].name, as: UTF8.self)
        guard text.hasPrefix(prefix) else { return text }
        return "entry '\(name)':" + text.dropFirst(prefix.count)
    }

    func describe(_ error: BootArchiveError) -> String { BootArchiveInput.describe(error, in: archive) }
}
