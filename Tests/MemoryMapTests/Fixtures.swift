import MemoryMap

/// A kernel-like sparse 48-bit layout.
let kernelLike: [Region] = [
    Region(start: 0x10_0000, end: 0x18_0000, permissions: [.read, .execute], name: "kernel .text", kind: "kernel text"),
    Region(start: 0x18_0000, end: 0x20_0000, permissions: [.read, .write], name: "kernel .data", kind: "kernel data"),
    Region(start: 0xFEE0_0000, end: 0xFEE0_1000, permissions: [.read, .write], name: "local APIC", kind: "MMIO"),
    Region(start: 0x0000_4000_0000_0000, end: 0x0000_4000_0100_0000, permissions: [.read, .write], name: "heap", kind: "heap"),
    Region(start: 0x0000_7FFF_FFF0_0000, end: 0x0000_7FFF_FFF0_4000, permissions: [.read, .write, .user], name: "stack 0", kind: "stack"),
    Region(start: 0x0000_7FFF_FFF1_0000, end: 0x0000_7FFF_FFF1_4000, permissions: [.read, .write, .user], name: "stack 1", kind: "stack"),
]

func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}
