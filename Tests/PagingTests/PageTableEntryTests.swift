import Testing
@testable import Paging

@Suite struct PageTableEntryTests {
    @Test func flagBitPositions() {
        #expect(X86PageFlags.present.rawValue == 1)
        #expect(X86PageFlags.writable.rawValue == 2)
        #expect(X86PageFlags.user.rawValue == 4)
        #expect(X86PageFlags.writeThrough.rawValue == 8)
        #expect(X86PageFlags.cacheDisable.rawValue == 0x10)
        #expect(X86PageFlags.accessed.rawValue == 0x20)
        #expect(X86PageFlags.dirty.rawValue == 0x40)
        #expect(X86PageFlags.huge.rawValue == 0x80)
        #expect(X86PageFlags.global.rawValue == 0x100)
        #expect(X86PageFlags.noExecute.rawValue == 1 << 63)
    }

    @Test func splitsAddressAndFlags() {
        let entry = X86PageTableEntry(physicalAddress: 0x000f_ffff_ffff_f000, flags: [.present, .writable, .noExecute])
        #expect(entry.rawValue == 0x800f_ffff_ffff_f003)
        #expect(entry.physicalAddress == 0x000f_ffff_ffff_f000)
        #expect(entry.flags == [.present, .writable, .noExecute])
        #expect(entry.isPresent)
        #expect(!X86PageTableEntry(rawValue: 0x1000).isPresent)
    }

    @Test func addressDropsLowBitsAndBitsAbove51() {
        let entry = X86PageTableEntry(physicalAddress: 0xfff0_0000_1234_5678, flags: .present)
        #expect(entry.physicalAddress == 0x1234_5000)
        #expect(entry.flags == .present)
    }

    @Test func hugeLeafTreatsBit12AsPAT() {
        // A 2 MiB leaf at 0x4020_0000 with PAT set (bit 12).
        let entry = X86PageTableEntry(rawValue: 0x4020_0000 | 0x1000 | 0x83)
        #expect(entry.physicalAddress == 0x4020_0000)
        #expect(entry.flags == [.present, .writable, .huge, .pat])
        #expect(entry.physicalAddress(for: .size2M) == 0x4020_0000)
        #expect(entry.leafFlags(for: .size2M) == [.present, .writable, .huge, .pat])
        // A 1 GiB leaf masks bits 29:12.
        #expect(X86PageTableEntry(rawValue: 0x4000_0000 | 0x1000 | 0x81).physicalAddress(for: .size1G) == 0x4000_0000)
        // Without PS, bit 12 is address.
        #expect(X86PageTableEntry(rawValue: 0x4020_1003).physicalAddress == 0x4020_1000)
        #expect(X86PageTableEntry(rawValue: 0x4020_1003).flags == [.present, .writable])
    }

    @Test func leafEncodingMovesPAT() {
        let small = X86PageTableEntry(leaf: 0x5000, flags: [.writable, .pat, .huge], size: .size4K)
        #expect(small.rawValue == 0x5000 | 0x80 | 0x3)  // PAT at bit 7, no PS
        #expect(small.leafFlags(for: .size4K) == [.present, .writable, .pat])
        let large = X86PageTableEntry(leaf: 0x20_0000, flags: [.pat], size: .size2M)
        #expect(large.rawValue == 0x20_0000 | 0x1000 | 0x81)
        #expect(large.leafFlags(for: .size2M) == [.present, .huge, .pat])
    }
}
