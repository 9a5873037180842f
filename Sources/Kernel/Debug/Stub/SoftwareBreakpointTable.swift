import CPU

/// int3 breakpoints patched into kernel memory (Z0/z0). Each remembers the
/// byte it replaced: memory reads through the stub show the original bytes,
/// and detaching or killing restores every one. Kernel text is mapped
/// read-only, so patches are written with CR0.WP briefly cleared. The table
/// lives in .bss (BreakpointSlots): `gdb=wait` stops the kernel before its heap exists.
struct SoftwareBreakpointTable {
    static let int3: UInt8 = 0xCC

    private struct Entry: BreakpointSlot { var address: UInt64; var original: UInt8 }
    private var slots = BreakpointSlots<Entry>(storage_gdb_breakpoints())
    private var storage: UnsafeMutablePointer<Entry> { slots.storage }
    var count: Int { slots.count }

    func contains(_ address: UInt64) -> Bool { slots.index(of: address) != nil }

    /// Patches an int3 at `address`; inserting one twice is fine (gdb does).
    mutating func insert(_ address: UInt64) -> Bool {
        if contains(address) { return true }
        guard KernelAddressSpace.isReadable(address, length: 1) else { return false }
        let byte = UnsafeMutablePointer<UInt8>(bitPattern: UInt(address))!
        guard slots.append(Entry(address: address, original: byte.pointee)) else { return false }
        Self.withKernelWritesAllowed { byte.pointee = Self.int3 }
        return true
    }

    mutating func remove(_ address: UInt64) -> Bool {
        guard let i = slots.index(of: address) else { return false }
        let entry = storage[i]
        Self.withKernelWritesAllowed { UnsafeMutablePointer<UInt8>(bitPattern: UInt(entry.address))!.pointee = entry.original }
        slots.remove(at: i)
        return true
    }

    mutating func removeAll() {
        while count > 0 { _ = remove(storage[count - 1].address) }
    }

    /// Temporarily puts the original byte back (stepping over a breakpoint).
    func lift(_ address: UInt64) {
        guard let i = slots.index(of: address) else { return }
        let entry = storage[i]
        Self.withKernelWritesAllowed { UnsafeMutablePointer<UInt8>(bitPattern: UInt(entry.address))!.pointee = entry.original }
    }

    func restore(_ address: UInt64) {
        guard contains(address) else { return }
        Self.withKernelWritesAllowed { UnsafeMutablePointer<UInt8>(bitPattern: UInt(address))!.pointee = Self.int3 }
    }

    /// Puts every int3 back (breakpoints lifted while the stub itself ran).
    func restoreAll() {
        for i in 0..<count { restore(storage[i].address) }
    }

    /// Replaces patched int3 bytes in a copy of [start, start + buffer.count) by the originals.
    func unpatch(_ buffer: UnsafeMutableRawBufferPointer, readFrom start: UInt64) {
        for i in 0..<count {
            let a = storage[i].address
            if a >= start && a < start + UInt64(buffer.count) { buffer[Int(a - start)] = storage[i].original }
        }
    }

    /// After memory was written over [start, start + count): bytes that were
    /// under an int3 become the new originals, and the int3 goes back.
    mutating func repatch(writtenAt start: UInt64, count n: Int) {
        for i in 0..<count where storage[i].address >= start && storage[i].address < start + UInt64(n) {
            let byte = UnsafeMutablePointer<UInt8>(bitPattern: UInt(storage[i].address))!
            storage[i].original = byte.pointee
            Self.withKernelWritesAllowed { byte.pointee = Self.int3 }
        }
    }

    /// Runs `body` with CR0.WP clear: supervisor writes ignore read-only pages.
    static func withKernelWritesAllowed(_ body: () -> Void) {
        let cr0 = cpu_read_cr0()
        cpu_write_cr0(cr0 & ~(1 << 16))
        body()
        cpu_write_cr0(cr0)
    }
}
