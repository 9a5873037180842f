import BootArchive
import Testing
import TestSupport

/// Truncated, bit-flipped and randomly edited archives: every one either
/// opens (and then reads back without trapping) or is refused with an error.
@Suite struct HostileArchiveTests {
    /// Exercises everything a reader would do with an archive that opened.
    func useFully(_ archive: BootArchive) {
        for entry in archive {
            _ = archive.entry(named: entry.name)
            do throws(BootArchiveError) { try archive.verify(entry) } catch { continue }
            // Into a fixed buffer, so a hostile size cannot make the test allocate.
            var out = [UInt8](repeating: 0, count: 1 << 16)
            out.withUnsafeMutableBytes { buffer in
                do throws(BootArchiveError) { try archive.extract(entry, into: buffer) } catch {}
            }
        }
    }

    func tryOpen(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            do throws(BootArchiveError) {
                useFully(try BootArchive(bytes: raw))
                return true
            } catch { return false }
        }
    }

    @Test func everyTruncationIsRefused() throws {
        let (bytes, _) = try sampleArchive(alignment: 16)
        for length in 0 ..< bytes.count {
            #expect(!tryOpen(Array(bytes.prefix(length))), "a \(length)-byte prefix opened")
        }
        #expect(tryOpen(bytes))
    }

    @Test func randomFlipsNeverCrash() throws {
        let (original, _) = try sampleArchive(alignment: 16)
        var rng = SplitMix64(state: 0xA5C1_1E57)
        var opened = 0
        for _ in 0 ..< 3000 {
            var bytes = original
            for _ in 0 ..< 1 + rng.below(3) { bytes[rng.below(bytes.count)] ^= UInt8(truncatingIfNeeded: rng.next() | 1) }
            if tryOpen(bytes) { opened += 1 }
        }
        // Flips in the data still open (and fail their entry's check); flips in the index do not.
        #expect(opened > 0 && opened < 3000)
    }

    /// Random edits of the index with the index checksum recomputed, so the
    /// edits reach the field checks (a checksum alone would stop them all).
    @Test func resealedIndexEditsNeverCrash() throws {
        let (original, _) = try sampleArchive(alignment: 16)
        let indexEnd = 64 + 3 * 48 + 13
        var rng = SplitMix64(state: 0x1DE7_0002)
        for _ in 0 ..< 5000 {
            var bytes = original
            for _ in 0 ..< 1 + rng.below(4) {
                let at = 8 + rng.below(indexEnd - 8)
                switch rng.below(3) {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes[at] = [0x00, 0xFF, 0x80, 0x7F, 0x01][rng.below(5)]
                default: if at + 8 <= indexEnd { store64(&bytes, at, [0, UInt64.max, 1 << 63, 1 << 32, 4096][rng.below(5)]) }
                }
            }
            resealIndex(&bytes)
            _ = tryOpen(bytes)
        }
    }

    @Test func randomInputAfterAValidMagicNeverCrashes() {
        var rng = SplitMix64(state: 0xBAD_A7C)
        for _ in 0 ..< 2000 {
            var bytes = randomBytes(count: 64 + rng.below(400), seed: rng.next())
            store64(&bytes, 0, 0x0043_5241_4C45_454B)
            bytes[8] = 1; bytes[9] = 0; bytes[10] = 64; bytes[11] = 0; bytes[12] = 48; bytes[13] = 0
            bytes[14] = 0; bytes[15] = 0
            store32(&bytes, 16, UInt32(rng.below(5)))
            store32(&bytes, 20, 8)
            store64(&bytes, 24, UInt64(bytes.count))
            store64(&bytes, 32, 64)
            store64(&bytes, 40, UInt64(64 + rng.below(300)))
            store64(&bytes, 48, UInt64(rng.below(64)))
            store32(&bytes, 56, 0)
            resealIndex(&bytes)
            _ = tryOpen(bytes)
        }
    }
}
