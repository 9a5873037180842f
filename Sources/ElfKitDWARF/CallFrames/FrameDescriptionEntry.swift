// An FDE (DWARF 5 §6.4.1): one function's (or code range's) address range
// and the instructions that change its unwind rules as the pc advances.

public struct FrameDescriptionEntry: Equatable, Sendable {
    /// Offset of the entry (its length field) in the section.
    public var offset: Int
    /// Offset of its CIE in the same section.
    public var cieOffset: Int
    public var start: UInt64
    public var length: UInt64
    public var end: UInt64 { start &+ length }
    /// The instructions: section offsets [start, end).
    public var instructions: Range<Int>

    public func contains(_ pc: UInt64) -> Bool { pc >= start && pc < end }
}
