import BootArchive
import CPU

/// A user program's ELF image and its name. The bytes stay where they are
/// (read-only kernel memory) for as long as the kernel runs: the loader copies
/// segments out of them and a faulting task's backtrace reads its symbols.
struct ProgramImage {
    let name: UnsafeRawBufferPointer
    let bytes: UnsafeRawBufferPointer

    var nameString: String { String(decoding: name, as: UTF8.self) }

    func nameEquals(_ other: UnsafeRawBufferPointer) -> Bool {
        guard other.count == name.count else { return false }
        for i in 0..<name.count where name[i] != other[i] { return false }
        return true
    }
}

/// The programs the kernel can start, from one of two places:
/// - the boot archive (`-initrd`), once the code that opens it calls
///   `install(_:)`: every executable entry is checked (CRC-32C) and, if
///   LZ4-compressed, extracted into kernel memory kept for good; a bad entry
///   is reported by name and left out;
/// - otherwise the table linked into the kernel image (user_images.S, which
///   `make kernel` generates: a count, then name address, name length, image
///   address, image length per program).
/// The loader only sees `ProgramImage`s, so it does not care which.
enum ProgramImages {
    private static var table: UnsafePointer<UInt64> { UnsafePointer(bitPattern: UInt(storage_user_images()))! }
    nonisolated(unsafe) private static var archived: [ProgramImage]?

    static var isFromArchive: Bool { archived != nil }

    static var count: Int { archived?.count ?? Int(table[0]) }

    static func image(at index: Int) -> ProgramImage {
        if let archived { return archived[index] }
        let entry = table + 1 + index * 4
        return ProgramImage(
            name: UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: UInt(entry[0])), count: Int(entry[1])),
            bytes: UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: UInt(entry[2])), count: Int(entry[3])))
    }

    /// Makes the archive's executable entries the programs (its bytes must
    /// stay mapped, as the initrd module's do). Returns how many entries were
    /// refused; each is named in the log.
    @discardableResult
    static func install(_ archive: BootArchive) -> Int {
        var images: [ProgramImage] = []
        var refused = 0
        for entry in archive where entry.isExecutable {
            do throws(BootArchiveError) {
                if let inPlace = entry.contentsInPlace {
                    try archive.verify(entry)
                    images.append(ProgramImage(name: entry.name, bytes: inPlace))
                } else {
                    let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(entry.size), alignment: 16)
                    do throws(BootArchiveError) {
                        try archive.extract(entry, into: storage)
                    } catch {
                        storage.deallocate()
                        throw error
                    }
                    images.append(ProgramImage(name: entry.name, bytes: UnsafeRawBufferPointer(storage)))
                }
            } catch {
                refused += 1
                let w = KernelLog.begin(.error)
                w.write("boot archive: entry '"); w.write(bytes: entry.name); w.write("' refused: ")
                w.write(error.description); w.newline()
            }
        }
        install(verified: images)
        return refused
    }

    /// Makes `images` the programs: already checked entries (the boot code
    /// that opens and verifies the initrd module hands them over). Their
    /// bytes must stay valid for as long as the kernel runs.
    static func install(verified images: [ProgramImage]) {
        archived = images
    }

    static func find(_ name: UnsafeRawBufferPointer) -> ProgramImage? {
        for i in 0..<count where image(at: i).nameEquals(name) { return image(at: i) }
        return nil
    }

    static func find(_ name: StaticString) -> ProgramImage? {
        find(UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }
}
