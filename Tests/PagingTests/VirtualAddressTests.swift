import Testing
@testable import Paging

@Suite struct VirtualAddressTests {
    @Test func decomposesDeadbeef() {
        let address = X86VirtualAddress(0xdead_beef)
        #expect(address.pml4Index == 0)
        #expect(address.pdptIndex == 3)
        #expect(address.pdIndex == 245)
        #expect(address.ptIndex == 219)
        #expect(address.pageOffset(for: .size4K) == 0xeef)
        #expect(address.pageOffset(for: .size2M) == 0xdead_beef & 0x1f_ffff)
        #expect(address.pageOffset(for: .size1G) == 0x1ead_beef)
    }

    @Test func decomposesUpperHalfStart() {
        let address = X86VirtualAddress(0xffff_8000_0000_0000)
        #expect(address.pml4Index == 256)
        #expect(address.pdptIndex == 0)
        #expect(address.pdIndex == 0)
        #expect(address.ptIndex == 0)
        #expect(address.pageOffset(for: .size4K) == 0)
    }

    @Test func decomposesTopOfMemory() {
        let address = X86VirtualAddress(0xffff_ffff_ffff_ffff)
        #expect([address.pml4Index, address.pdptIndex, address.pdIndex, address.ptIndex] == [511, 511, 511, 511])
        #expect(address.pageOffset(for: .size4K) == 0xfff)
        #expect(address.index(atDepth: 0) == 511)
    }

    @Test(arguments: [
        (UInt64(0), true), (0x0000_7fff_ffff_ffff, true), (0x0000_8000_0000_0000, false),
        (0x8000_0000_0000_0000, false), (0xffff_7fff_ffff_ffff, false), (0xffff_8000_0000_0000, true),
        (0xffff_ffff_ffff_ffff, true), (0x0001_0000_0000_0000, false),
    ])
    func canonical(value: UInt64, expected: Bool) {
        #expect(X86VirtualAddress(value).isCanonical == expected)
    }

    @Test func signExtends() {
        #expect(CanonicalAddress.signExtend(0x0000_8000_0000_0000, fromBits: 48) == 0xffff_8000_0000_0000)
        #expect(CanonicalAddress.signExtend(0x0000_7fff_ffff_f000, fromBits: 48) == 0x0000_7fff_ffff_f000)
        #expect(CanonicalAddress.signExtend(0x0000_0040_0000_0000, fromBits: 39) == 0xffff_ffc0_0000_0000)
    }

    @Test func levelDescription() {
        let names = (0..<4).map { "\(X86Paging.level($0).name)" }
        #expect(names == ["PML4", "PDPT", "PD", "PT"])
        #expect((0..<4).map { X86Paging.level($0).bytesPerEntry } == [1 << 39, 1 << 30, 1 << 21, 1 << 12])
        #expect(X86Paging.level(0).allowsLeaf == false)
        #expect(X86Paging.level(2).entryCount == 512)
        for size in [X86PageSize.size4K, .size2M, .size1G] {
            #expect(X86Paging.level(size.leafDepth).bytesPerEntry == size.bytes)
            #expect(X86PageSize(leafDepth: size.leafDepth) == size)
        }
        #expect(X86PageSize(leafDepth: 0) == nil)
    }
}
