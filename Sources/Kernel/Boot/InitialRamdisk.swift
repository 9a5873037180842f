import Allocators
import BootArchive

/// The boot archive (`qemu -initrd initrd.img`, packed by `elfkit pack`),
/// which arrives as PVH boot module 0. At boot every entry is checked
/// before anything may use it: the stored bytes against their CRC-32C,
/// then compressed entries are decompressed into frames of their own and
/// checked against the contents' CRC-32C. A bad entry is named in the log
/// and left out; the others, and the kernel, go on.
///
/// Uncompressed entries stay where QEMU put them (zero-copy; the module's
/// frames are reserved by PhysicalMemory and identity-mapped read/write).
enum InitialRamdisk {
    /// What the boot-time check made of one entry.
    struct Checked {
        /// The verified contents, or nil when the entry failed its check.
        let image: UnsafeRawBufferPointer?
        let failure: BootArchiveError?
    }

    nonisolated(unsafe) private(set) static var archive: BootArchive?
    nonisolated(unsafe) private static var checked: [Checked] = []
    /// Why module 0 could not be opened as an archive (nil: opened, or no module).
    nonisolated(unsafe) private(set) static var openFailure: BootArchiveError?
    nonisolated(unsafe) private(set) static var moduleStart: UInt64 = 0

    /// More entries than this are refused: the per-entry state lives on the
    /// small kernel heap, and a hostile archive must not exhaust it.
    static let maximumEntries = 4096

    /// Number of entries that failed their check.
    static var badEntryCount: Int { checked.reduce(0) { $0 + ($1.failure == nil ? 0 : 1) } }

    /// Opens module 0, checks every entry, and logs the result (needs the heap and the frame allocator).
    static func load(_ info: StartInfo) {
        guard info.moduleCount > 0 else {
            KernelLog.log(.info, "initrd: no boot module (boot with -initrd .build/kernel/initrd.img)")
            return
        }
        let module = info.module(0)
        moduleStart = module.start
        guard module.size > 0, module.size <= UInt64(Int.max),
              KernelAddressSpace.isReadable(module.start, length: module.size),
              let base = UnsafeRawPointer(bitPattern: UInt(module.start))
        else {
            KernelLog.log(.error, "initrd: boot module 0 is empty or not mapped; ignored")
            return
        }
        let bytes = UnsafeRawBufferPointer(start: base, count: Int(module.size))
        let opened: BootArchive
        do throws(BootArchiveError) {
            opened = try BootArchive(bytes: bytes)
        } catch {
            openFailure = error
            let w = KernelLog.begin(.error)
            w.write("initrd: boot module 0 is not a usable boot archive: "); w.write(error.description)
            w.write("; ignored"); w.newline()
            return
        }
        guard opened.count <= maximumEntries else {
            let w = KernelLog.begin(.error)
            w.write("initrd: boot archive has "); w.decimal(opened.count); w.write(" entries, more than the kernel takes (")
            w.decimal(maximumEntries); w.write("); ignored"); w.newline()
            return
        }
        archive = opened
        checked = []
        checked.reserveCapacity(opened.count)
        for entry in opened {
            let result = check(entry, in: opened)
            checked.append(result)
            if let failure = result.failure {
                let w = KernelLog.begin(.error)
                w.write("initrd: entry '"); w.write(bytes: entry.name); w.write("' failed its check: ")
                writeProblem(failure, w); w.write("; entry not used"); w.newline()
            }
        }
        let w = KernelLog.begin(badEntryCount == 0 ? .info : .warning)
        w.write("initrd: "); w.decimal(opened.count); w.write(opened.count == 1 ? " entry, " : " entries, ")
        w.decimal(opened.count - badEntryCount); w.write(" verified, "); w.decimal(badEntryCount); w.write(" bad")
        w.newline()
        list(KernelLog.writer)
    }

    /// Verifies one entry; decompresses it into fresh frames if it is compressed.
    private static func check(_ entry: BootArchiveEntry, in archive: BootArchive) -> Checked {
        do throws(BootArchiveError) {
            try archive.verify(entry)
        } catch {
            return Checked(image: nil, failure: error)
        }
        if let inPlace = entry.contentsInPlace {
            // Stored bytes are the contents: their CRC (just checked) must be the contents' CRC too.
            guard entry.contentChecksum == entry.checksum else {
                return Checked(image: nil, failure: .contentChecksumMismatch(
                    index: entry.index, expected: entry.contentChecksum, actual: entry.checksum))
            }
            return Checked(image: inPlace, failure: nil)
        }
        let frames = Int((entry.size + 4095) / 4096)
        guard frames > 0, let start = PhysicalMemory.frames?.allocateContiguous(count: frames),
              let target = UnsafeMutableRawPointer(bitPattern: UInt(start))
        else {
            return Checked(image: nil, failure: .bufferTooSmall(index: entry.index, needed: entry.size))
        }
        let buffer = UnsafeMutableRawBufferPointer(start: target, count: Int(entry.size))
        do throws(BootArchiveError) {
            try archive.extract(entry, into: buffer)
        } catch {
            for i in 0..<frames { _ = PhysicalMemory.frames?.free(start + UInt64(i) * 4096) }
            return Checked(image: nil, failure: error)
        }
        return Checked(image: UnsafeRawBufferPointer(buffer), failure: nil)
    }

    /// The verified contents of the entry called `name`; nil if there is
    /// none or it failed its check. Valid for as long as the kernel runs.
    static func image(named name: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard let archive, let index = archive.index(named: name), index < checked.count else { return nil }
        return checked[index].image
    }

    static func image(named name: StaticString) -> UnsafeRawBufferPointer? {
        image(named: UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    /// Entry `index`'s name and verified contents (nil contents: failed its check).
    static func entry(at index: Int) -> (name: UnsafeRawBufferPointer, image: UnsafeRawBufferPointer?)? {
        guard let archive, index >= 0, index < archive.count, index < checked.count else { return nil }
        return (archive[index].name, checked[index].image)
    }

    static var count: Int { archive?.count ?? 0 }

    /// The table printed at boot and by the monitor's `initrd`.
    static func list(_ w: TextWriter) {
        guard let archive else {
            w.write("initrd: no boot archive")
            if let openFailure { w.write(" (module 0: "); w.write(openFailure.description); w.write(")") }
            w.newline()
            return
        }
        w.write("Boot archive at "); w.hex(moduleStart); w.write(": version "); w.decimal(UInt64(archive.version))
        w.write(", "); w.decimal(archive.bytes.count); w.write(" bytes, data aligned to "); w.decimal(archive.alignment)
        w.newline()
        w.write("  [Nr] Name                  Size    Stored Flg CRC-32C    Status"); w.newline()
        for entry in archive {
            w.write("  ["); w.decimal(entry.index, width: 2); w.write("] ")
            w.write(bytes: entry.name); w.spaces(16 - entry.name.count)
            w.decimal(entry.size, width: 10); w.decimal(entry.storedSize, width: 10); w.write(" ")
            w.write(entry.isExecutable ? "X" : " "); w.write(entry.isCompressed ? "L" : " "); w.write("  ")
            w.hex(UInt64(entry.checksum), digits: 8); w.write(" ")
            let state = entry.index < checked.count ? checked[entry.index] : nil
            if let state, let image = state.image {
                w.write("ok, ")
                if entry.isCompressed { w.write("decompressed to ") } else { w.write("in place at ") }
                w.hex(UInt64(UInt(bitPattern: image.baseAddress)))
            } else {
                w.write("BAD: ")
                if let failure = state?.failure { writeProblem(failure, w) }
            }
            w.newline()
        }
    }

    /// The reason an entry failed, without its "entry N:" prefix (the caller names it).
    private static func writeProblem(_ error: BootArchiveError, _ w: TextWriter) {
        switch error {
        case .checksumMismatch(_, let expected, let actual):
            w.write("checksum mismatch (CRC-32C recorded "); w.hex(UInt64(expected), digits: 8)
            w.write(", computed "); w.hex(UInt64(actual), digits: 8); w.write(")")
        case .contentChecksumMismatch(_, let expected, let actual):
            w.write("contents checksum mismatch (CRC-32C recorded "); w.hex(UInt64(expected), digits: 8)
            w.write(", computed "); w.hex(UInt64(actual), digits: 8); w.write(")")
        case .decompressionFailed(_, let lz4):
            w.write(lz4.description)
        case .sizeMismatch(_, let produced):
            w.write("decompressed to "); w.decimal(produced); w.write(" bytes, not the recorded size")
        case .bufferTooSmall(_, let needed):
            w.write("no contiguous frames for its "); w.decimal(needed); w.write(" bytes")
        default:
            w.write(error.description)
        }
    }
}
