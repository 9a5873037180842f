import CPU
import Paging

extension X86PageFlags {
    /// Software bit 9 (ignored by the CPU, SDM Vol. 3A Table 4-19): the frame
    /// belongs to a shared memory region, which frees it, not the task.
    static let borrowed = X86PageFlags(rawValue: 1 << 9)
}

/// One task's page tables: the kernel's slots copied in (supervisor-only, so
/// ring 3 cannot touch them), the user half built by the loader, the stack
/// set-up and `memory_map`. Every user page is 4 KiB. `destroy()` gives back
/// every frame the task owns: pages, page tables and the root.
struct UserAddressSpace {
    private(set) var mapper: X86PageMapper<DirectMappedTableMemory>
    /// Where the next shared region is mapped.
    var nextSharedAddress = UserLayout.sharedBase
    /// Frames owned by this address space (pages and tables), for `ps`/`mem`.
    private(set) var ownedFrames = 0

    var root: UInt64 { mapper.rootAddress }

    static func create() -> UserAddressSpace? {
        guard let kernel = KernelAddressSpace.mapper, let root = PhysicalMemory.allocateZeroedFrame() else { return nil }
        let source = kernel.memory.table(at: kernel.rootAddress)
        let target = kernel.memory.table(at: root)
        for slot in 0..<512 where slot < UserLayout.firstSlot || slot >= UserLayout.endSlot {
            target[slot] = source[slot]
        }
        var space = UserAddressSpace(mapper: X86PageMapper(rootAddress: root, memory: DirectMappedTableMemory()))
        space.ownedFrames = 1
        return space
    }

    /// The flags of a user page.
    static func flags(writable: Bool, executable: Bool) -> X86PageFlags {
        var flags = X86PageFlags.present.union(.user)
        if writable { flags.insert(.writable) }
        if !executable { flags.insert(.noExecute) }
        return flags
    }

    /// Maps a fresh zeroed frame at `virtual`; returns the frame (identity-mapped,
    /// so the kernel can fill it) or nil when memory or the address is bad.
    mutating func mapFreshPage(at virtual: UInt64, flags: X86PageFlags) -> UInt64? {
        guard UserLayout.contains(virtual, length: 4096), let frame = PhysicalMemory.allocateZeroedFrame() else { return nil }
        var tables = CountingTableFrames()
        do throws(MapError) {
            try mapper.map(virtual: virtual, physical: frame, size: .size4K, flags: flags, frames: &tables)
        } catch {
            PhysicalMemory.freeFrame(frame)
            ownedFrames += tables.count
            return nil
        }
        ownedFrames += 1 + tables.count
        return frame
    }

    /// Maps a frame this address space does not own (shared memory).
    mutating func mapBorrowedPage(at virtual: UInt64, frame: UInt64, writable: Bool) -> Bool {
        guard UserLayout.contains(virtual, length: 4096) else { return false }
        var tables = CountingTableFrames()
        defer { ownedFrames += tables.count }
        do throws(MapError) {
            try mapper.map(virtual: virtual, physical: frame, size: .size4K,
                           flags: Self.flags(writable: writable, executable: false).union(.borrowed), frames: &tables)
            return true
        } catch {
            return false
        }
    }

    func translate(_ virtual: UInt64) -> X86Translation? { mapper.translate(virtual) }

    /// Frees every owned page and every user page table, then the root. The
    /// CPU must not be using these tables (load the kernel's CR3 first).
    func destroy() {
        let memory = mapper.memory
        let pml4 = memory.table(at: root)
        for slot in UserLayout.firstSlot..<UserLayout.endSlot {
            let entry = X86PageTableEntry(rawValue: pml4[slot])
            guard entry.isPresent else { continue }
            freeTable(entry.tableAddress, depth: 1, memory)
        }
        PhysicalMemory.freeFrame(root)
    }

    /// A table at `depth` (1 PDPT, 2 PD, 3 PT) and everything below it. User
    /// mappings are all 4 KiB, so no large leaves occur above depth 3.
    private func freeTable(_ table: UInt64, depth: Int, _ memory: DirectMappedTableMemory) {
        let entries = memory.table(at: table)
        for i in 0..<512 {
            let entry = X86PageTableEntry(rawValue: entries[i])
            guard entry.isPresent else { continue }
            if depth == 3 {
                if !entry.flags.contains(.borrowed) { PhysicalMemory.freeFrame(entry.physicalAddress(for: .size4K)) }
            } else {
                freeTable(entry.tableAddress, depth: depth + 1, memory)
            }
        }
        PhysicalMemory.freeFrame(table)
    }
}

/// Table frames for user mappings, counted for the owner's statistics.
struct CountingTableFrames: PageTableFrameSource {
    var count = 0
    mutating func allocateTableFrame() -> UInt64? {
        guard let frame = PhysicalMemory.allocateZeroedFrame() else { return nil }
        count += 1
        return frame
    }
}
