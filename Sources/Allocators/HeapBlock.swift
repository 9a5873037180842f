/// The boundary tags of one heap block, read and written in place.
///
/// Layout (every block starts 16-byte aligned and is a multiple of 16 long):
///
///     +0   sizeAndFlags  UInt64   block size in bytes | allocatedFlag
///     +8   check         UInt64   checkMagic ^ block address ^ sizeAndFlags
///     +16  payload ...            (free blocks: next, previous free-list links)
///     end-8 footer       UInt64   copy of sizeAndFlags
///
/// The footer lets `free` find the left neighbour to coalesce with. The check
/// word ties a header to its own address, so a wild pointer or a header an
/// overrun scribbled on is refused instead of being trusted. A block freed
/// while its header is still intact says "free": that is a double free.
struct HeapBlock {
    static let headerSize = 16
    static let footerSize = 8
    static let overhead = headerSize + footerSize
    /// Payloads are 16-byte aligned (what malloc promises on x86_64).
    static let granule = 16
    /// Header, two free-list links and footer, rounded to the granule.
    static let minimumSize = 48
    static let allocatedFlag: UInt64 = 1
    static let checkMagic: UInt64 = 0x6B65_656C_6865_6170  // "keelheap"

    let address: UnsafeMutableRawPointer

    init(_ address: UnsafeMutableRawPointer) { self.address = address }

    /// The block whose payload starts at `payload`.
    init(payload: UnsafeMutableRawPointer) { address = payload - Self.headerSize }

    /// The block size needed for a payload of `size` bytes.
    static func size(forPayload size: Int) -> Int {
        max(roundUp(max(size, 1) + overhead, granule), minimumSize)
    }

    static func roundUp(_ value: Int, _ alignment: Int) -> Int {
        (value + alignment - 1) & ~(alignment - 1)
    }

    static func checkWord(address: UnsafeMutableRawPointer, sizeAndFlags: UInt64) -> UInt64 {
        checkMagic ^ UInt64(UInt(bitPattern: address)) ^ sizeAndFlags
    }

    var sizeAndFlags: UInt64 { address.load(as: UInt64.self) }
    var size: Int { Int(truncatingIfNeeded: sizeAndFlags & ~UInt64(Self.granule - 1)) }
    var isAllocated: Bool { sizeAndFlags & Self.allocatedFlag != 0 }
    var payload: UnsafeMutableRawPointer { address + Self.headerSize }
    var payloadSize: Int { size - Self.overhead }
    /// The block right after this one (may be the end of the region).
    var next: UnsafeMutableRawPointer { address + size }

    /// Writes header, check word and footer.
    func writeTags(size: Int, allocated: Bool) {
        let word = UInt64(size) | (allocated ? Self.allocatedFlag : 0)
        address.storeBytes(of: word, as: UInt64.self)
        address.storeBytes(of: Self.checkWord(address: address, sizeAndFlags: word),
                           toByteOffset: 8, as: UInt64.self)
        address.storeBytes(of: word, toByteOffset: size - Self.footerSize, as: UInt64.self)
    }

    /// Whether the header is plausible and its check word matches, for a
    /// block that must end at or before `limit`. Reads only the header.
    func hasValidHeader(limit: UnsafeMutableRawPointer) -> Bool {
        let word = sizeAndFlags
        guard word & 0b1110 == 0,  // only the allocated flag may be set
              size >= Self.minimumSize,
              limit - address >= size else { return false }
        return address.load(fromByteOffset: 8, as: UInt64.self)
            == Self.checkWord(address: address, sizeAndFlags: word)
    }

    /// A valid header whose footer agrees: a block that is really part of
    /// the heap's tiling right now. (A block absorbed by its left neighbour
    /// keeps a valid header but loses its footer.)
    func hasValidTags(limit: UnsafeMutableRawPointer) -> Bool {
        hasValidHeader(limit: limit)
            && address.load(fromByteOffset: size - Self.footerSize, as: UInt64.self) == sizeAndFlags
    }

    // Free-list links live in the payload of free blocks; 0 means none.
    var nextFree: UnsafeMutableRawPointer? {
        get { UnsafeMutableRawPointer(bitPattern: address.load(fromByteOffset: 16, as: UInt.self)) }
        nonmutating set { address.storeBytes(of: UInt(bitPattern: newValue), toByteOffset: 16, as: UInt.self) }
    }
    var previousFree: UnsafeMutableRawPointer? {
        get { UnsafeMutableRawPointer(bitPattern: address.load(fromByteOffset: 24, as: UInt.self)) }
        nonmutating set { address.storeBytes(of: UInt(bitPattern: newValue), toByteOffset: 24, as: UInt.self) }
    }
}
