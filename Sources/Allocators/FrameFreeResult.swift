/// What happened when a frame was handed back to `FrameAllocator.free(_:)`.
///
/// A result rather than a trap: the kernel decides whether a bad free is a
/// panic (its own bug) or a reported error (a bad request from elsewhere).
public enum FrameFreeResult: Equatable, Sendable {
    /// The frame was allocated (or reserved inside usable RAM) and is now free.
    case freed
    /// The frame is already free or was never usable RAM: a double free.
    case notAllocated
    /// The address lies outside the range the allocator tracks.
    case outOfRange
    /// The address is not the start of a 4 KiB frame.
    case misaligned
}
