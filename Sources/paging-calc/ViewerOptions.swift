import ArgumentParser
import MemoryMap

/// The memory-map viewer's options, shared by `walk --all` and `maps`.
struct ViewerOptions: ParsableArguments {
    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    @Flag(help: "Never color the output (also: NO_COLOR in the environment; colors are only used on a terminal).")
    var noColor = false

    @Option(help: "Columns to draw in (default: the terminal's width; 100 when not a terminal).")
    var width: Int?

    @Flag(help: "Only the table: no address bar and no legend.")
    var tableOnly = false

    /// The rendering options for standard output.
    var renderOptions: RenderOptions {
        RenderOptions(width: TerminalEnvironment.width(requested: width),
                      color: TerminalEnvironment.colorAllowed(noColorFlag: noColor),
                      showBar: !tableOnly, showLegend: !tableOnly)
    }

    func validate() throws {
        if let width, width < 20 { throw ValidationError("--width \(width) is too narrow: give 20 columns or more") }
    }
}
