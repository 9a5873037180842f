import ArgumentParser
import Foundation
import KernelDebugger

/// `kdbg symbolize [--kernel FILE] [FILE]`.
struct SymbolizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "symbolize",
        abstract: "Annotate the backtrace lines of a console log with file:line and inlined frames.",
        discussion: """
            Reads FILE (standard input without it) and copies it to standard output, \
            adding `at File.swift:LINE` to every line of the form \
            `  #N 0x<16 hex digits> Symbol + 0xOFF` and, below it, the calls inlined at \
            that address (innermost first). Other lines pass through unchanged.
            """)

    @Option(name: .long, help: "The kernel ELF file the log came from.")
    var kernel: String = ".build/kernel/kernel.elf"

    @Flag(name: .long, help: "Print source paths as DWARF has them (relative to the current directory) instead of file names.")
    var fullPaths = false

    @Flag(name: .long, help: "Print the frames as JSON (one array) instead of the annotated log.")
    var json = false

    @Argument(help: "The console log (default: standard input).")
    var file: String?

    func run() throws {
        let image: KernelImage
        do { image = try KernelImage(path: kernel) } catch { Failure(error).exit() }
        let text: String
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                Failure(.usage("\(file): cannot read the log (\(String(cString: strerror(errno))))")).exit()
            }
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        let symbolizer = BacktraceSymbolizer(image: image, fullPaths: fullPaths)
        if json {
            var frames: [JSONValue] = []
            for line in BacktraceSymbolizer.lines(text) {
                guard let f = symbolizer.frame(in: line) else { continue }
                frames.append(.object([
                    ("index", .int(Int64(f.index))), ("address", .address(f.address)), ("symbol", .string(f.symbol)),
                    ("frames", .array(f.sources.map { s in
                        .object([("function", .string(s.function)), ("inlined", .bool(s.isInlined)),
                                 ("file", s.location.map { .string($0.file) } ?? .null),
                                 ("line", s.location.map { .int(Int64($0.line)) } ?? .null)])
                    })),
                ]))
            }
            FileHandle.standardOutput.write(Data((JSONValue.array(frames).serialized() + "\n").utf8))
            return
        }
        let out = symbolizer.annotate(text: text)
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}
