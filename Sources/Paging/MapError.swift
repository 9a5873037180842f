/// Why a page-table change was refused. Nothing is changed when an error is
/// thrown, except that `mapRange` keeps the pages it mapped before the
/// failing one, and `map`/`mapRange` keep any empty tables they created.
public enum MapError: Error, Equatable, Sendable {
    /// An address is not a multiple of the page size, a range's length is
    /// not a multiple of 4 KiB, or a physical range does not fit in 52 bits.
    case misaligned(virtual: UInt64, physical: UInt64)
    /// The virtual address (or the first one past a range's canonical half)
    /// is not canonical.
    case nonCanonical(UInt64)
    /// A leaf or a table already occupies the slot the new page needs.
    case alreadyMapped(UInt64)
    /// A larger page already maps this address, so no table can be added
    /// below it.
    case hugePageInTheWay(UInt64)
    /// The frame source had nothing left for a new table.
    case outOfFrames
    /// No present leaf maps the address.
    case notMapped(UInt64)
}
