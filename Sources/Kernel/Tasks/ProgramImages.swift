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

/// The programs the kernel can start: the executable entries of the boot
/// archive (`-initrd`, packed by `make kernel`) that passed their check at
/// boot (`InitialRamdisk`), or those of an archive handed to `install(_:)`.
/// The loader only sees `ProgramImage`s, so it does not care where they live.
enum ProgramImages {
    nonisolated(unsafe) private static var images: [ProgramImage] = []

    static var count: Int { images.count }

    static func image(at index: Int) -> ProgramImage { images[index] }

    /// The initrd's verified executable entries (after `InitialRamdisk.load`).
    static func installFromInitialRamdisk() {
        guard let archive = InitialRamdisk.archive else { return }
        var found: [ProgramImage] = []
        for index in 0..<InitialRamdisk.count where archive[index].isExecutable {
            if let entry = InitialRamdisk.entry(at: index), let bytes = entry.image {
                found.append(ProgramImage(name: entry.name, bytes: bytes))
            }
        }
        images = found
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
        self.images = images
    }

    static func find(_ name: UnsafeRawBufferPointer) -> ProgramImage? {
        for i in 0..<count where image(at: i).nameEquals(name) { return image(at: i) }
        return nil
    }

    static func find(_ name: StaticString) -> ProgramImage? {
        find(UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }
}
