import BootArchive

/// Programs from a boot archive: the archive code path without the PVH
/// module (which the initrd code opens): an archive built in memory from the
/// linked-in programs, with one entry's bytes corrupted after packing.
enum ArchiveSelftest {
    static func run() -> Bool {
        var builder: BootArchiveBuilder
        let built: [UInt8]
        do throws(BootArchiveError) {
            builder = try BootArchiveBuilder()
            for i in 0..<ProgramImages.count {
                let image = ProgramImages.image(at: i)
                try builder.add(name: Array(image.name), contents: Array(image.bytes), mode: 0o755, executable: true)
            }
            built = try builder.build()
        } catch {
            KernelLog.log(.error, "archive: cannot build the test archive: \(error.description)")
            return false
        }
        // Kept for good, like the initrd module: the programs point into it.
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: built.count, alignment: 4096)
        built.withUnsafeBytes { bytes.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        let archive: BootArchive
        do throws(BootArchiveError) {
            archive = try BootArchive(bytes: UnsafeRawBufferPointer(bytes))
        } catch {
            return false
        }
        // Corrupt one byte in the middle of `spin`'s data.
        guard let spin = archive.entry(named: "spin") else { return false }
        bytes[Int(spin.dataOffset) + Int(spin.size) / 2] ^= 0xFF

        let refused = ProgramImages.install(archive)
        let w = KernelLog.begin(.info)
        w.write("archive: "); w.decimal(ProgramImages.count); w.write(" programs from the archive, ")
        w.decimal(refused); w.write(" refused"); w.newline()
        let spinGone = ProgramImages.find("spin") == nil
        return refused == 1 && spinGone && UserSelftests.run("hello", "from the archive") == 0
            && InitTask.spawn("spin") == nil
    }
}
