extension X86PageMapper {
    /// Maps [virtual, virtual + length) to [physical, physical + length)
    /// with the largest pages alignment allows: 1 GiB and 2 MiB where both
    /// addresses are aligned and enough length remains, 4 KiB elsewhere.
    /// `allowHuge: false` uses 4 KiB pages only.
    ///
    /// 1 GiB pages need CPUID.80000001H:EDX.Page1GB[bit 26] (Intel SDM
    /// Vol. 3A §4.1.4); QEMU's default `qemu64` CPU lacks it. Use
    /// `largestPageSize: .size2M` there.
    public mutating func mapRange<F: PageTableFrameSource>(
        virtual: UInt64, physical: UInt64, length: UInt64, flags: X86PageFlags, allowHuge: Bool, frames: inout F
    ) throws(MapError) {
        try mapRange(virtual: virtual, physical: physical, length: length, flags: flags,
                     largestPageSize: allowHuge ? .size1G : .size4K, frames: &frames)
    }

    /// `mapRange` with pages no larger than `largestPageSize`.
    ///
    /// Both addresses and `length` must be multiples of 4 KiB, the virtual
    /// range must stay inside one canonical half and the physical one below
    /// 2^52. On an error the pages mapped before the failing one stay mapped.
    public mutating func mapRange<F: PageTableFrameSource>(
        virtual: UInt64, physical: UInt64, length: UInt64, flags: X86PageFlags,
        largestPageSize: X86PageSize, frames: inout F
    ) throws(MapError) {
        guard length > 0 else { return }
        guard X86PageSize.size4K.isAligned(virtual | physical | length),
              physical < X86Paging.physicalAddressLimit,
              length <= X86Paging.physicalAddressLimit - physical
        else { throw .misaligned(virtual: virtual, physical: physical) }
        try Self.checkCanonicalRange(virtual: virtual, length: length)

        var offset: UInt64 = 0
        while offset < length {
            let size = Self.largestPage(virtual: virtual + offset, physical: physical + offset,
                                        remaining: length - offset, limit: largestPageSize)
            try map(virtual: virtual + offset, physical: physical + offset, size: size, flags: flags, frames: &frames)
            offset += size.bytes
        }
    }

    /// Throws unless every address of [virtual, virtual + length) is
    /// canonical (the range cannot straddle the non-canonical hole, §3.3.7.1).
    static func checkCanonicalRange(virtual: UInt64, length: UInt64) throws(MapError) {
        guard X86Paging.isCanonical(virtual) else { throw .nonCanonical(virtual) }
        let (last, overflow) = virtual.addingReportingOverflow(length - 1)
        // An upper-half range can only leave its half by wrapping past 2^64.
        guard !overflow else { throw .nonCanonical(virtual) }
        // A lower-half range leaves it at the first non-canonical address.
        guard X86Paging.isCanonical(last), (last ^ virtual) >> 63 == 0 else {
            throw .nonCanonical(1 << 47)
        }
    }

    /// The largest page size up to `limit` that both addresses are aligned
    /// to and that fits in `remaining`.
    static func largestPage(virtual: UInt64, physical: UInt64, remaining: UInt64, limit: X86PageSize) -> X86PageSize {
        func fits(_ size: X86PageSize) -> Bool {
            size.bytes <= limit.bytes && size.isAligned(virtual | physical) && remaining >= size.bytes
        }
        if fits(.size1G) { return .size1G }
        if fits(.size2M) { return .size2M }
        return .size4K
    }
}
