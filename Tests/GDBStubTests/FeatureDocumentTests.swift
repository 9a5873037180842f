import Testing
@testable import GDBStub

/// A target description served from parts: any window of the document reads
/// the same bytes as from the document written out whole.
@Suite struct FeatureDocumentTests {
    static func part(_ index: Int) -> StaticString? {
        switch index {
        case 0: return "<target>"
        case 1: return ""
        case 2: return "<reg name=\"rax\"/>"
        case 3: return AMD64FeatureXML.xmmRegisters
        case 4: return "</target>"
        default: return nil
        }
    }

    static var whole: [UInt8] {
        var bytes: [UInt8] = []
        var index = 0
        while let piece = part(index) {
            piece.withUTF8Buffer { bytes += $0 }
            index += 1
        }
        return bytes
    }

    @Test(arguments: [1, 7, 64, 4096])
    func everyWindowReadsTheDocumentsBytes(size: Int) {
        let whole = Self.whole
        var read: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: size)
        while true {
            let n = buffer.withUnsafeMutableBytes { FeatureDocument.read(offset: read.count, into: $0, parts: Self.part) }
            read += buffer[0..<n]
            if n < size { break }
        }
        #expect(read == whole)
        #expect(buffer.withUnsafeMutableBytes { FeatureDocument.read(offset: whole.count, into: $0, parts: Self.part) } == 0)
        #expect(buffer.withUnsafeMutableBytes { FeatureDocument.read(offset: -1, into: $0, parts: Self.part) } == 0)
    }
}
