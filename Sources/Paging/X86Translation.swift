/// What a virtual address maps to: the physical address of that very byte
/// (page frame + offset), the leaf's attributes normalized so that `huge`
/// is set exactly for 2 MiB/1 GiB pages and `pat` means PAT at every size,
/// and the page size.
public struct X86Translation: Equatable, Sendable {
    public var physicalAddress: UInt64
    public var flags: X86PageFlags
    public var pageSize: X86PageSize

    public init(physicalAddress: UInt64, flags: X86PageFlags, pageSize: X86PageSize) {
        self.physicalAddress = physicalAddress
        self.flags = flags
        self.pageSize = pageSize
    }
}
