// Why call frame information could not be read or applied. Flat, with
// the section offset where it went wrong.

public enum CallFrameError: Error, Equatable, CustomStringConvertible {
    /// An entry runs past its section or its own length.
    case truncated(section: String, offset: Int)
    /// A CIE with a version or augmentation this reader does not know.
    case unsupportedCIE(section: String, offset: Int, reason: String)
    /// An FDE whose CIE pointer does not lead to a CIE.
    case badCIEPointer(section: String, offset: Int)
    /// A pointer encoding this reader cannot apply (textrel, funcrel, indirect...).
    case unsupportedPointerEncoding(section: String, offset: Int, encoding: UInt8)
    /// An instruction opcode outside DWARF 5 and the GNU extensions.
    case unknownInstruction(section: String, offset: Int, opcode: UInt8)
    /// DW_CFA_restore_state with nothing remembered.
    case restoreWithoutRemember(section: String, offset: Int)

    public var description: String {
        switch self {
        case .truncated(let s, let o): return "\(s)+0x\(String(o, radix: 16)): truncated entry"
        case .unsupportedCIE(let s, let o, let r): return "\(s)+0x\(String(o, radix: 16)): unsupported CIE (\(r))"
        case .badCIEPointer(let s, let o): return "\(s)+0x\(String(o, radix: 16)): FDE's CIE pointer leads to no CIE"
        case .unsupportedPointerEncoding(let s, let o, let e):
            return "\(s)+0x\(String(o, radix: 16)): unsupported pointer encoding 0x\(String(e, radix: 16))"
        case .unknownInstruction(let s, let o, let op):
            return "\(s)+0x\(String(o, radix: 16)): unknown call frame instruction 0x\(String(op, radix: 16))"
        case .restoreWithoutRemember(let s, let o):
            return "\(s)+0x\(String(o, radix: 16)): DW_CFA_restore_state without DW_CFA_remember_state"
        }
    }
}
