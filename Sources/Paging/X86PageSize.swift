/// The page sizes x86_64 4-level paging can map (Intel SDM Vol. 3A §4.5.4).
public enum X86PageSize: Sendable, Equatable, Hashable {
    case size4K, size2M, size1G

    /// Bytes in one page.
    @inline(__always)
    public var bytes: UInt64 {
        switch self {
        case .size4K: return 0x1000
        case .size2M: return 0x20_0000
        case .size1G: return 0x4000_0000
        }
    }

    /// The depth of the table holding a leaf of this size (0 = PML4).
    @inline(__always)
    public var leafDepth: Int {
        switch self {
        case .size4K: return 3
        case .size2M: return 2
        case .size1G: return 1
        }
    }

    /// The size a leaf at table depth `depth` maps; nil for the PML4.
    @inline(__always)
    public init?(leafDepth depth: Int) {
        switch depth {
        case 1: self = .size1G
        case 2: self = .size2M
        case 3: self = .size4K
        default: return nil
        }
    }

    /// Whether `address` is a multiple of this page size.
    @inline(__always)
    public func isAligned(_ address: UInt64) -> Bool { address & (bytes - 1) == 0 }
}
