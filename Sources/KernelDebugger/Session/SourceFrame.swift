import ElfKitDWARF

/// A frame as printed: a machine frame, or one of the calls inlined into it.
public struct SourceFrame: Sendable {
    public var number: Int
    public var machine: MachineFrame
    public var function: String
    public var location: SourceLocation?
    public var isInlined: Bool
}

extension KernelImage {
    /// The source frames of a machine frame, innermost (inlined) first.
    func sourceFrames(of frame: MachineFrame, startingAt number: Int) -> [SourceFrame] {
        let frames = self.frames(at: frame.lookupAddress)
        var result: [SourceFrame] = []
        for (i, f) in frames.enumerated() {
            var name = f.functionName.map { SwiftDemangler.isMangledSwiftName($0) ? SwiftDemangler.backtraceName($0) : BacktraceName.simplify($0) } ?? "??"
            if i == frames.count - 1, let symbol = symbol(containing: frame.lookupAddress) { name = symbol.name }
            let location = f.fileName.flatMap { file in f.line > 0 ? SourceLocation(file: file, line: Int(f.line)) : nil }
            // A thunk the compiler inlined has no source line: it is noise in a backtrace.
            if i < frames.count - 1 && location == nil { continue }
            result.append(SourceFrame(number: number + result.count, machine: frame, function: name, location: location,
                                      isInlined: i < frames.count - 1))
        }
        return result
    }
}
