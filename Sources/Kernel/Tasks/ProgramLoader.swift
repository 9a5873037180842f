import Paging
import ElfKit

/// Why a program could not be loaded (the spawn report names the program and this).
enum ProgramLoadError: Error {
    case malformed(ElfError)
    case rejected(ElfLoadRejection, segment: Int)
    case notX86_64
    case notStaticExecutable
    case outsideImageArea
    case outOfMemory

    func write(to w: TextWriter) {
        switch self {
        case .malformed: w.write("not a valid ELF file")
        case .rejected(let why, let segment):
            w.write("load plan rejected: "); w.write(why.name)
            if segment >= 0 { w.write(" (program header "); w.decimal(segment); w.write(")") }
        case .notX86_64: w.write("not an x86_64 ELF64 little-endian file")
        case .notStaticExecutable: w.write("not a static executable (ET_EXEC without PT_INTERP)")
        case .outsideImageArea: w.write("segments outside the user image area")
        case .outOfMemory: w.write("out of memory")
        }
    }
}

/// Loads a static ELF executable into a user address space with ElfKit's load
/// plan, which validates everything first (bounds, overlap, alignment, W^X,
/// entry in an executable segment). Each segment's pages are fresh frames:
/// file bytes copied in, the rest zero; mapped R, RW or R+X, never W+X, and
/// non-executable unless the segment is.
enum ProgramLoader {
    static func load(_ image: ProgramImage, into space: inout UserAddressSpace) throws(ProgramLoadError) -> UInt64 {
        let plan: ElfLoadPlan
        do throws(ElfError) {
            let file = try ElfFile(bytes: image.bytes)
            plan = try ElfLoadPlan(file: file, pageSize: 4096, userSpaceLimit: UserLayout.imageLimit)
        } catch {
            if case .loadRejected(let why, let segment) = error { throw .rejected(why, segment: segment) }
            throw .malformed(error)
        }
        guard plan.machine == .x86_64, plan.fileClass == .elf64 else { throw .notX86_64 }
        guard plan.type == .executable, plan.interpreter == nil else { throw .notStaticExecutable }
        guard plan.imageStart >= UserLayout.base else { throw .outsideImageArea }

        for mapping in plan.mappings {
            let flags = UserAddressSpace.flags(writable: mapping.isWritable, executable: mapping.isExecutable)
            var page = mapping.virtualStart
            while page < mapping.virtualEnd {
                guard let frame = space.mapFreshPage(at: page, flags: flags) else { throw .outOfMemory }
                copyFileBytes(mapping, page: page, frame: frame)
                page += 4096
            }
        }
        return plan.entry
    }

    /// The part of the segment's file bytes that falls into `page`.
    private static func copyFileBytes(_ m: ElfLoadMapping, page: UInt64, frame: UInt64) {
        let fileStart = m.virtualAddress, fileEnd = m.virtualAddress + UInt64(m.fileBytes.count)
        let start = max(page, fileStart), end = min(page + 4096, fileEnd)
        guard end > start else { return }
        let target = UnsafeMutableRawPointer(bitPattern: UInt(frame + (start - page)))!
        target.copyMemory(from: m.fileBytes.baseAddress! + Int(start - fileStart), byteCount: Int(end - start))
    }
}
