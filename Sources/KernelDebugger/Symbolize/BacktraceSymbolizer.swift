import Foundation

/// Annotates backtrace lines of the contract format
/// (`  #N 0x<16 hex> Symbol + 0xOFF`) with `at File.swift:LINE`, and adds the
/// calls the compiler inlined at that address below the line, innermost first.
public struct BacktraceSymbolizer {
    public let image: KernelImage
    public var fullPaths = false

    public init(image: KernelImage, fullPaths: Bool = false) {
        self.image = image
        self.fullPaths = fullPaths
    }

    nonisolated(unsafe) static let pattern = #/#(\d+) 0x([0-9a-f]{16}) (.+) \+ 0x([0-9a-f]+)/#

    /// A parsed backtrace line.
    public struct Frame: Sendable {
        public var index: Int
        public var address: UInt64
        public var symbol: String
        /// Source frames at the address: inlined calls first, the function itself last.
        public var sources: [SourceFrame]
    }

    /// The frame a log line holds, if it is a backtrace line.
    public func frame(in line: Substring) -> Frame? {
        guard let m = line.firstMatch(of: Self.pattern), let address = UInt64(m.2, radix: 16), let index = Int(m.1) else { return nil }
        // #0 is where the trap happened; the others are return addresses, which
        // point after their call.
        let machine = MachineFrame(pc: address, framePointer: 0, stackPointer: 0, isCaller: index > 0)
        return Frame(index: index, address: address, symbol: String(m.3), sources: image.sourceFrames(of: machine, startingAt: 0))
    }

    func path(_ location: SourceLocation) -> String {
        fullPaths ? SourcePaths.display(location.file) : location.shortFile
    }

    /// `line` with its annotation (and inlined frames on following lines).
    public func annotate(_ line: Substring) -> String {
        let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
        guard let f = frame(in: trimmed) else { return String(line) }
        var out = String(trimmed)
        if let outer = f.sources.last, let loc = outer.location { out += " at \(path(loc)):\(loc.line)" }
        let indent = String(trimmed.prefix { $0 == " " || $0 == "\t" })
        for inlined in f.sources.dropLast() {
            out += "\n\(indent)    inlined: \(inlined.function)"
            if let loc = inlined.location { out += " at \(path(loc)):\(loc.line)" }
        }
        return out
    }

    /// Every line of `text`, annotated (CRLF line ends, as a serial console
    /// writes them, become LF).
    public func annotate(text: String) -> String {
        Self.lines(text).map { annotate($0) }.joined(separator: "\n")
    }

    /// Lines split at LF or CRLF ("\r\n" is one Character in Swift).
    public static func lines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    }
}
