import TestSupport
import Testing
@testable import Paging

@Suite struct RandomizedMappingTests {
    /// Maps random pages of random sizes at random canonical addresses,
    /// unmaps some, and checks translate() against a dictionary.
    @Test(arguments: [UInt64(1), 2, 3, 42])
    func matchesReferenceDictionary(seed: UInt64) throws {
        var random = SplitMix64(state: seed)
        var (mapper, frames) = makeMapper(frames: 2048)
        var reference: [UInt64: (physical: UInt64, size: X86PageSize, flags: X86PageFlags)] = [:]

        func randomVirtual(_ size: X86PageSize) -> UInt64 {
            // A small window of each half, so pages share tables and collide;
            // 1 GiB pages mostly go above it, or they would never find room.
            let bounds: Range<UInt64> = size == .size1G ? (1 << 33)..<(1 << 37) : 0..<(1 << 34)
            let window = UInt64.random(in: bounds, using: &random) & ~(size.bytes - 1)
            return Bool.random(using: &random) ? window : CanonicalAddress.signExtend(0x8000_0000_0000 | window, fromBits: 48)
        }
        func covering(_ virtual: UInt64) -> UInt64? {
            for size in [X86PageSize.size4K, .size2M, .size1G] {
                let base = virtual & ~(size.bytes - 1)
                if let entry = reference[base], entry.size == size { return base }
            }
            return nil
        }

        for _ in 0..<600 {
            let roll = Int.random(in: 0..<100, using: &random)
            let size: X86PageSize = roll < 85 ? .size4K : roll < 98 ? .size2M : .size1G
            let virtual = randomVirtual(size)
            let physical = UInt64.random(in: 0..<(1 << 40), using: &random) & ~(size.bytes - 1)
            var flags: X86PageFlags = []
            if Bool.random(using: &random) { flags.insert(.writable) }
            if Bool.random(using: &random) { flags.insert(.user) }
            if Bool.random(using: &random) { flags.insert(.noExecute) }
            do {
                try mapper.map(virtual: virtual, physical: physical, size: size, flags: flags, frames: &frames)
                // Success means nothing in the reference overlapped the page.
                #expect(!reference.contains { $0.key < virtual + size.bytes && virtual < $0.key + $0.value.size.bytes })
                reference[virtual] = (physical, size, flags)
            } catch .alreadyMapped, .hugePageInTheWay {
                // A collision with a mapped page, or with a table left
                // behind by an unmap (a huge page cannot replace a table).
                continue
            }
            if Int.random(in: 0..<10, using: &random) == 0, let victim = reference.keys.randomElement(using: &random) {
                let removed = try mapper.unmap(virtual: victim)
                #expect(removed.physicalAddress == reference[victim]!.physical)
                reference[victim] = nil
            }
        }

        #expect(reference.count > 300)
        #expect(reference.keys.contains { $0 >> 63 == 1 } && reference.keys.contains { $0 >> 63 == 0 })
        #expect(reference.values.contains { $0.size == .size1G } && reference.values.contains { $0.size == .size2M })

        var leafCount = 0
        mapper.forEachLeaf { virtual, _, size in
            leafCount += 1
            #expect(reference[virtual]?.size == size)
        }
        #expect(leafCount == reference.count)

        for (virtual, expected) in reference {
            let offset = UInt64.random(in: 0..<expected.size.bytes, using: &random)
            let t = try #require(mapper.translate(virtual + offset))
            #expect(t.physicalAddress == expected.physical + offset)
            #expect(t.pageSize == expected.size)
            #expect(t.flags.subtracting(.huge) == expected.flags.union(.present))
            // The leaf decides: every table above a user leaf allows user,
            // above an executable leaf none is NX.
            var steps: [X86WalkStep] = []
            mapper.walk(virtual) { steps.append($0) }
            for step in steps.dropLast() {
                if expected.flags.contains(.user) { #expect(step.entry.flags.contains(.user)) }
                if !expected.flags.contains(.noExecute) { #expect(!step.entry.flags.contains(.noExecute)) }
                #expect(step.entry.flags.contains(.writable))
            }
        }
        // Random probes: translate is nil exactly where the reference has nothing.
        for _ in 0..<2000 {
            let probe = randomVirtual(.size4K) | UInt64.random(in: 0..<0x1000, using: &random)
            if let base = covering(probe) {
                #expect(mapper.translate(probe)?.physicalAddress == reference[base]!.physical + (probe - base))
            } else {
                #expect(mapper.translate(probe) == nil)
            }
        }
        var total: UInt64 = 0
        mapper.forEachMappedRange { _, _, length, _ in total += length }
        #expect(total == reference.values.reduce(0) { $0 + $1.size.bytes })
    }
}
