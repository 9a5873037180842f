import Testing
@testable import MemoryMap

@Suite struct FormattingTests {
    @Test(arguments: [
        (UInt64(0), "0 B"),
        (1023, "1023 B"),
        (1024, "1.0 KiB"),
        (1536, "1.5 KiB"),
        (1_048_575, "1.0 MiB"),
        (1_048_576, "1.0 MiB"),
        (268_226_970, "255.8 MiB"),
        (1 << 30, "1.0 GiB"),
        (1 << 40, "1.0 TiB"),
        (128 << 40, "128.0 TiB"),
        (UInt64.max, "16.0 EiB"),
    ])
    func humanSizes(bytes: UInt64, text: String) {
        #expect(humanSize(bytes) == text)
    }

    @Test func compactSizes() {
        #expect(compactSize(512) == "512B")
        #expect(compactSize(4096) == "4K")
        #expect(compactSize(1536 << 20) == "1.5G")
        #expect(compactSize(64 << 40) == "64T")
    }

    @Test func hex() {
        #expect(hexAddress(0x100000) == "0x100000")
        #expect(hexAddress(0xff, digits: 4) == "0x00ff")
    }

    @Test func ansiStripping() {
        #expect(visibleWidth("\u{1B}[38;5;203m██\u{1B}[0m ab") == 5)
        #expect(stripANSI("\u{1B}[31mred\u{1B}[0m") == "red")
    }
}
