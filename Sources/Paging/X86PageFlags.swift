/// Attribute bits of an x86_64 paging-structure entry, Intel SDM Vol. 3A
/// §4.5.5, Tables 4-15 to 4-20.
///
/// `huge` is PS (bit 7) in PDPT/PD entries. In a 4 KiB PTE bit 7 is PAT
/// instead; the mapper takes `pat` (bit 12, its position in 2 MiB/1 GiB
/// leaves) for every page size and moves it to bit 7 for 4 KiB pages, and
/// reports it back the same way, so `huge` always means "not a 4 KiB page".
public struct X86PageFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// P, bit 0: the entry maps a page or references a table.
    public static let present = X86PageFlags(rawValue: 1 << 0)
    /// R/W, bit 1: writes allowed (CR0.WP decides for supervisor writes).
    public static let writable = X86PageFlags(rawValue: 1 << 1)
    /// U/S, bit 2: user-mode (CPL 3) accesses allowed.
    public static let user = X86PageFlags(rawValue: 1 << 2)
    /// PWT, bit 3: write-through caching.
    public static let writeThrough = X86PageFlags(rawValue: 1 << 3)
    /// PCD, bit 4: caching disabled.
    public static let cacheDisable = X86PageFlags(rawValue: 1 << 4)
    /// A, bit 5: set by the processor on access.
    public static let accessed = X86PageFlags(rawValue: 1 << 5)
    /// D, bit 6: set by the processor on write (leaves only).
    public static let dirty = X86PageFlags(rawValue: 1 << 6)
    /// PS, bit 7: in a PDPT/PD entry, the entry maps a 1 GiB/2 MiB page.
    public static let huge = X86PageFlags(rawValue: 1 << 7)
    /// G, bit 8: global translation, kept across CR3 loads when CR4.PGE = 1.
    public static let global = X86PageFlags(rawValue: 1 << 8)
    /// PAT, bit 12 of a 2 MiB/1 GiB leaf (bit 7 of a 4 KiB PTE; see above).
    public static let pat = X86PageFlags(rawValue: 1 << 12)
    /// XD, bit 63: instruction fetches not allowed (needs IA32_EFER.NXE = 1).
    public static let noExecute = X86PageFlags(rawValue: 1 << 63)

    /// Bits that record use rather than permission (A and D).
    public static let usage = X86PageFlags(rawValue: 1 << 5 | 1 << 6)
    /// What `forEachMappedRange` ignores by default: the page size (PS) and
    /// the usage bits, which say nothing about what a range may be used for.
    public static let sizeAndUsage = X86PageFlags(rawValue: 1 << 5 | 1 << 6 | 1 << 7)

    // The library avoids array literals of flags: unoptimized builds
    // allocate an Array for them, and the mapper must not touch the heap.
}
