import Allocators
import KeelABI

/// memory_create(size) and memory_map(region, writable).
enum MemoryCalls {
    static func create(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        try SystemCalls.check(a[0] > 0 && a[0] <= SyscallLimits.memoryRegionBytes, .invalidArgument)
        try SystemCalls.check(SystemCalls.task.handles.freeSlots >= 1, .tableFull)
        let pages = Int((a[0] + 4095) / 4096)
        // Keep a reserve for page tables, stacks and the kernel heap: regions may not take the last of RAM.
        try SystemCalls.check(PhysicalMemory.statistics.freeFrames > pages + PhysicalMemory.reserveFrames, .noMemory)
        guard let region = MemoryRegionObject(pageCount: pages) else { throw .error(.noMemory) }
        return try SystemCalls.install(.memory(region), [.read, .write, .grant, .map])
    }

    /// Maps the whole region at the task's next free shared address (with a
    /// page of unmapped space after it); returns the address. Writable
    /// mappings need the write right as well as map.
    static func map(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        let task = SystemCalls.task
        try SystemCalls.check(a[1] <= 1, .invalidArgument)
        let writable = a[1] == 1
        let entry = try SystemCalls.lookup(a[0], writable ? [.map, .write] : .map)
        guard case .memory(let region) = entry.object else { throw .error(.wrongObject) }
        let address = task.addressSpace!.nextSharedAddress
        try SystemCalls.check(address + region.size < UserLayout.stackGuardPage, .noMemory)
        task.mappedRegions.append(region)          // before any page is mapped: the frames must outlive them
        for (i, frame) in region.frames.enumerated() {
            guard task.addressSpace!.mapBorrowedPage(at: address + UInt64(i) * 4096, frame: frame, writable: writable) else {
                throw .error(.noMemory)
            }
        }
        task.addressSpace!.nextSharedAddress = address + region.size + 4096
        return address
    }
}
