import CPU

/// The PVH boot information QEMU hands over in %ebx (xen/include/public/arch-x86/hvm/start_info.h):
/// command line, modules (`-initrd` arrives as one module) and the E820-style
/// memory map. QEMU puts it in page 0, which the kernel unmaps, so
/// `copiedIntoKernel()` moves it into .bss before the page tables change.
struct StartInfo {
    static let magic: UInt32 = 0x336E_C578
    let address: UInt64

    private func field<T>(_ offset: Int, _ type: T.Type) -> T {
        UnsafeRawPointer(bitPattern: UInt(address))!.load(fromByteOffset: offset, as: type)
    }

    var isValid: Bool { address != 0 && field(0, UInt32.self) == Self.magic }
    var version: UInt32 { field(4, UInt32.self) }
    var moduleCount: Int { Int(field(12, UInt32.self)) }
    var moduleListAddress: UInt64 { field(16, UInt64.self) }
    var commandLineAddress: UInt64 { field(24, UInt64.self) }
    var memoryMapAddress: UInt64 { version >= 1 ? field(40, UInt64.self) : 0 }
    var memoryMapCount: Int { version >= 1 ? Int(field(48, UInt32.self)) : 0 }

    /// A copy of the structure, memory map, module list and command line in
    /// boot.S's `boot_info_copy`, with the pointers rewritten; parts that do
    /// not fit are dropped (counted as zero), never overrun.
    func copiedIntoKernel() -> StartInfo {
        let base = UnsafeMutableRawPointer(bitPattern: UInt(storage_boot_info()))!
        let capacity = Int(BOOT_INFO_COPY_SIZE)
        var used = 64
        guard isValid else { return self }
        base.copyMemory(from: UnsafeRawPointer(bitPattern: UInt(address))!, byteCount: 56)

        func place(_ source: UInt64, _ count: Int, fieldOffset: Int, countOffset: Int?) {
            guard source != 0, count > 0, used + count <= capacity else {
                base.storeBytes(of: 0, toByteOffset: fieldOffset, as: UInt64.self)
                if let countOffset { base.storeBytes(of: 0, toByteOffset: countOffset, as: UInt32.self) }
                return
            }
            base.advanced(by: used).copyMemory(from: UnsafeRawPointer(bitPattern: UInt(source))!, byteCount: count)
            base.storeBytes(of: UInt64(UInt(bitPattern: base)) + UInt64(used), toByteOffset: fieldOffset, as: UInt64.self)
            used = (used + count + 7) & ~7
        }
        place(memoryMapAddress, memoryMapCount * 24, fieldOffset: 40, countOffset: 48)
        place(moduleListAddress, moduleCount * 32, fieldOffset: 16, countOffset: 12)
        let line = commandLine
        if let start = line.baseAddress {
            place(UInt64(UInt(bitPattern: start)), line.count + 1, fieldOffset: 24, countOffset: nil)
        }
        return StartInfo(address: UInt64(UInt(bitPattern: base)))
    }

    /// The NUL-terminated command line (`-append`), empty if none.
    var commandLine: UnsafeRawBufferPointer {
        guard commandLineAddress != 0, let p = UnsafePointer<UInt8>(bitPattern: UInt(commandLineAddress)) else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        var n = 0
        while p[n] != 0 && n < 4096 { n += 1 }
        return UnsafeRawBufferPointer(start: p, count: n)
    }

    func memoryRegion(_ index: Int) -> MemoryRegion {
        let base = UnsafeRawPointer(bitPattern: UInt(memoryMapAddress))! + index * 24
        return MemoryRegion(start: base.load(as: UInt64.self),
                            size: base.load(fromByteOffset: 8, as: UInt64.self),
                            type: base.load(fromByteOffset: 16, as: UInt32.self))
    }

    func forEachMemoryRegion(_ body: (MemoryRegion) -> Void) {
        for i in 0..<memoryMapCount { body(memoryRegion(i)) }
    }

    /// Module `index`: physical start and size (hvm_modlist_entry, 32 bytes each).
    func module(_ index: Int) -> (start: UInt64, size: UInt64) {
        let base = UnsafeRawPointer(bitPattern: UInt(moduleListAddress))! + index * 32
        return (base.load(as: UInt64.self), base.load(fromByteOffset: 8, as: UInt64.self))
    }
}

/// One memory-map entry (E820 types).
struct MemoryRegion {
    let start: UInt64
    let size: UInt64
    let type: UInt32
    var end: UInt64 { start &+ size }
    var isUsable: Bool { type == 1 }

    var typeName: StaticString {
        switch type {
        case 1: return "usable"
        case 2: return "reserved"
        case 3: return "ACPI reclaimable"
        case 4: return "ACPI NVS"
        case 5: return "bad memory"
        default: return "unknown"
        }
    }
}
