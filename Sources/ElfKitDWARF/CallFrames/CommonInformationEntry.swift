// A CIE (DWARF 5 §6.4.1): what the FDEs that point at it share, and the
// initial instructions that set up the rules at each function's entry.
// The instructions stay in the section (a range, no copy).

public struct CommonInformationEntry: Equatable, Sendable {
    /// Offset of the entry (its length field) in the section.
    public var offset: Int
    public var version: UInt8
    public var augmentation: String
    public var addressSize: Int
    public var codeAlignment: UInt64
    public var dataAlignment: Int64
    public var returnAddressRegister: UInt16
    /// DW_EH_PE_* of the FDEs' addresses ('R'); absptr without one.
    public var pointerEncoding: UInt8
    /// DW_EH_PE_* of the FDEs' LSDA pointer ('L'), if any.
    public var lsdaEncoding: UInt8?
    /// 'S': frames of this CIE are signal frames (their pc is not a return address).
    public var isSignalFrame: Bool
    /// The initial instructions: section offsets [start, end).
    public var instructions: Range<Int>
    /// 'z': FDEs carry an augmentation data length.
    var hasAugmentationData: Bool
}
