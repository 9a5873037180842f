/// How far the loaded program is from its link addresses (`qOffsets`, GDB
/// manual, E.4: reply `Text=xxx;Data=yyy[;Bss=zzz]`).
public struct SectionOffsets: Equatable, Sendable {
    public var text: UInt64
    public var data: UInt64
    public var bss: UInt64?

    public init(text: UInt64, data: UInt64, bss: UInt64? = nil) {
        self.text = text
        self.data = data
        self.bss = bss
    }
}

/// A target that reports relocation offsets (a relocated kernel, a PIE).
public protocol SectionOffsetsReporting: DebugTarget {
    var sectionOffsets: SectionOffsets { get }
}

extension SectionOffsetsReporting {
    public func _sectionOffsets() throws(TargetError) -> SectionOffsets { sectionOffsets }
}

extension PacketWriter {
    /// The `qOffsets` reply.
    public mutating func appendSectionOffsets(_ offsets: SectionOffsets) {
        append("Text=")
        appendHex(number: offsets.text)
        append(";Data=")
        appendHex(number: offsets.data)
        if let bss = offsets.bss {
            append(";Bss=")
            appendHex(number: bss)
        }
    }
}
