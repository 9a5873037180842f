import CPU
import Paging

/// New page tables come from the frame allocator, zeroed.
struct KernelTableFrames: PageTableFrameSource {
    mutating func allocateTableFrame() -> UInt64? { PhysicalMemory.allocateZeroedFrame() }
}

/// The kernel's own page tables, replacing boot.S's 4 GiB identity map:
/// - RAM (and firmware regions below 4 GiB) identity-mapped RW + NX
///   (2 MiB pages where aligned), except the null page, left unmapped;
/// - the kernel image in 4 KiB pages by section: text R+X, rodata and the
///   symbol table R+NX, data/bss RW+NX;
/// - the guard page below every kernel stack unmapped;
/// - the heap (KernelHeap) mapped on demand in the low half.
enum KernelAddressSpace {
    nonisolated(unsafe) private(set) static var mapper: X86PageMapper<DirectMappedTableMemory>?

    static func build(_ info: StartInfo) {
        var frames = KernelTableFrames()
        guard let root = frames.allocateTableFrame() else { panic("out of memory for the kernel page tables") }
        var m = X86PageMapper(rootAddress: root, memory: DirectMappedTableMemory())   // physical memory is identity-mapped
        let kernelStart = layout_kernel_start(), kernelEnd = layout_kernel_end()
        let data: X86PageFlags = [.present, .writable, .noExecute, .global]

        var cursor: UInt64 = 4096                      // page 0 stays unmapped
        info.forEachMemoryRegion { region in
            // Above 4 GiB only RAM: QEMU reports a 12 GiB reserved HyperTransport hole there.
            guard region.isUsable || region.end <= 0x1_0000_0000 else { return }
            let start = max(alignDown(region.start, 4096), cursor)
            let end = alignUp(region.end, 4096)
            guard end > start else { return }
            if start < kernelStart { map(&m, start, min(end, kernelStart), data, huge: true, &frames) }
            if end > kernelEnd { map(&m, max(start, kernelEnd), end, data, huge: true, &frames) }
            cursor = end
        }

        let text: X86PageFlags = [.present, .global]
        let readOnly: X86PageFlags = [.present, .noExecute, .global]
        map(&m, kernelStart, layout_text_start(), readOnly, huge: false, &frames)
        map(&m, layout_text_start(), alignUp(layout_text_end(), 4096), text, huge: false, &frames)
        map(&m, layout_rodata_start(), alignUp(layout_rodata_end(), 4096), readOnly, huge: false, &frames)
        map(&m, layout_data_start(), layout_data_end(), data, huge: false, &frames)
        map(&m, layout_ksymtab_start(), kernelEnd, readOnly, huge: false, &frames)

        KernelStacks.forEach { stack in
            do throws(MapError) { _ = try m.unmap(virtual: stack.guardPage) } catch { panic("cannot unmap a stack guard page") }
        }

        mapper = m
        cpu_write_cr3(root)
    }

    private static func map(_ m: inout X86PageMapper<DirectMappedTableMemory>, _ start: UInt64, _ end: UInt64,
                            _ flags: X86PageFlags, huge: Bool, _ frames: inout KernelTableFrames) {
        guard end > start else { return }
        do {
            // 2 MiB at most: QEMU's default CPU model has no 1 GiB pages.
            try m.mapRange(virtual: start, physical: start, length: end - start, flags: flags,
                           largestPageSize: huge ? .size2M : .size4K, frames: &frames)
        } catch {
            panic("cannot build the kernel page tables")
        }
    }

    /// Maps fresh zeroed frames at [virtual, virtual + count pages), RW + NX.
    static func mapFreshPages(at virtual: UInt64, count: Int) -> Bool {
        guard mapper != nil else { return false }
        var frames = KernelTableFrames()
        for i in 0..<count {
            guard let frame = PhysicalMemory.allocateZeroedFrame() else { return false }
            do {
                try mapper!.map(virtual: virtual + UInt64(i) * 4096, physical: frame, size: .size4K,
                                flags: [.present, .writable, .noExecute, .global], frames: &frames)
            } catch {
                return false
            }
        }
        return true
    }

    /// Unmaps [virtual, virtual + count pages) and frees the frames behind them.
    static func unmapAndFree(at virtual: UInt64, count: Int) {
        for i in 0..<count {
            let page = virtual + UInt64(i) * 4096
            do throws(MapError) {
                let old = try mapper!.unmap(virtual: page)
                cpu_invlpg(page)
                PhysicalMemory.freeFrame(old.physicalAddress)
            } catch {
                panic("unmapping a kernel page that is not mapped")
            }
        }
    }

    /// Whether [address, address + length) can be read without faulting: the
    /// check behind fault-safe reads (backtraces, trap detection).
    static func isReadable(_ address: UInt64, length: UInt64) -> Bool {
        guard length > 0, address &+ length > address else { return false }
        guard let m = mapper else {
            return address >= 4096 && address + length <= 0x1_0000_0000   // boot.S's identity map
        }
        var page = alignDown(address, 4096)
        while page < address + length {
            guard m.translate(page) != nil else { return false }
            page += 4096
        }
        return true
    }
}
