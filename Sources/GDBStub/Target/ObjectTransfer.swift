/// The `qXfer` objects other than the target description (GDB manual, E.4
/// "General Query Packets", `qXfer:object:read:annex:offset,length`).
public enum TransferObject: UInt8, Equatable, Sendable, CaseIterable {
    /// `auxv`: the process's auxiliary vector, raw.
    case auxv
    /// `exec-file`: the path of the running executable (annex: pid).
    case execFile
    /// `libraries-svr4`: the dynamic linker's list of loaded objects, as XML.
    case librariesSVR4
    /// `threads`: the thread list with names and cores, as XML.
    case threads

    /// The object's name in the packet and in qSupported.
    public var name: StaticString {
        switch self {
        case .auxv: return "auxv"
        case .execFile: return "exec-file"
        case .librariesSVR4: return "libraries-svr4"
        case .threads: return "threads"
        }
    }
}

/// A set of `TransferObject`s (what a target serves).
public struct TransferObjects: OptionSet, Equatable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(_ object: TransferObject) { self.rawValue = 1 << object.rawValue }

    public func contains(_ object: TransferObject) -> Bool { contains(TransferObjects(object)) }
}

/// Serves `qXfer:OBJECT:read` for the objects in `transferObjects`; each
/// one is advertised as `qXfer:OBJECT:read+` in the qSupported reply.
public protocol ObjectTransfer: DebugTarget {
    static var transferObjects: TransferObjects { get }
    /// Copies bytes of `object` (for `annex`, often empty) from `offset`
    /// into `buffer`; returns the count (less than the buffer holds at the
    /// end). The document may be built anew on each call at offset 0.
    mutating func readObject(_ object: TransferObject, annex: UnsafeBufferPointer<UInt8>, offset: Int,
                             into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int
}

extension ObjectTransfer {
    public static var _transferObjects: TransferObjects { transferObjects }

    public mutating func _readObject(_ object: TransferObject, annex: UnsafeBufferPointer<UInt8>, offset: Int,
                                     into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        try readObject(object, annex: annex, offset: offset, into: buffer)
    }
}
