/// What happened when a pointer was handed back to `HeapAllocator.free(_:)`.
public enum HeapFreeResult: Equatable, Sendable {
    /// The block was live and is now free (and merged with free neighbours).
    case freed
    /// The pointer is not the payload of a block: outside the heap, misaligned,
    /// or its header fails the check word (a wild pointer or an overrun).
    case invalidPointer
    /// The pointer's block is already free.
    case doubleFree
}
