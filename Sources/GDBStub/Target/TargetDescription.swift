/// A target description (`qXfer:features:read`, GDB manual, Appendix G
/// "Target Descriptions"): `target.xml` and the files it includes.
/// Conforming makes the stub advertise `qXfer:features:read+`.
public protocol TargetDescription: DebugTarget {
    /// Copies bytes of the file `annex` from `offset` into `buffer`; returns
    /// the count (less than the buffer holds at the end of the file). Throw
    /// `.failed(.invalidAnnex)` for an unknown annex.
    func readTargetDescription(
        annex: UnsafeBufferPointer<UInt8>, offset: Int, into buffer: UnsafeMutableRawBufferPointer
    ) throws(TargetError) -> Int
}

extension TargetDescription {
    public static var _hasTargetDescription: Bool { true }

    public func _readTargetDescription(
        annex: UnsafeBufferPointer<UInt8>, offset: Int, into buffer: UnsafeMutableRawBufferPointer
    ) throws(TargetError) -> Int {
        try readTargetDescription(annex: annex, offset: offset, into: buffer)
    }
}

extension RemoteErrorCode {
    /// `E00`: a qXfer request for an annex the target does not have.
    public static let invalidAnnex = RemoteErrorCode(rawValue: 0x00)
}

/// Serves the bytes of one document (the usual `TargetDescription` body).
public enum FeatureDocument {
    /// Copies `document` from `offset` into `buffer`; returns the count.
    public static func read(_ document: UnsafeRawBufferPointer, offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard offset >= 0, offset < document.count else { return 0 }
        let n = min(buffer.count, document.count - offset)
        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: document[offset..<(offset + n)]))
        return n
    }

    public static func read(_ document: StaticString, offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        document.withUTF8Buffer { read(UnsafeRawBufferPointer($0), offset: offset, into: buffer) }
    }

    /// Copies the document made of `part(0)`, `part(1)`, … (until nil), one
    /// after the other, from `offset` into `buffer`; returns the count. No
    /// copy of the whole is made (the kernel's stub may run before its heap).
    public static func read(offset: Int, into buffer: UnsafeMutableRawBufferPointer,
                            parts part: (Int) -> StaticString?) -> Int {
        guard offset >= 0 else { return 0 }
        var start = 0               // where the current part begins in the document
        var written = 0
        var index = 0
        while written < buffer.count, let piece = part(index) {
            let end = start + piece.utf8CodeUnitCount
            let position = offset + written
            if position < end {
                let into = UnsafeMutableRawBufferPointer(rebasing: buffer[written...])
                written += piece.withUTF8Buffer {
                    read(UnsafeRawBufferPointer($0), offset: position - start, into: into)
                }
            }
            start = end
            index += 1
        }
        return written
    }

    /// Whether `annex` is the name `name`.
    public static func annex(_ annex: UnsafeBufferPointer<UInt8>, is name: StaticString) -> Bool {
        annex.count == name.utf8CodeUnitCount && name.withUTF8Buffer { $0.elementsEqual(annex) }
    }
}
