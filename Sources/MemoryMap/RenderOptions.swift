// What the caller chooses about the output.

public struct RenderOptions: Sendable, Hashable {
    /// Maximum line length in visible columns.
    public var width: Int
    /// Emit ANSI colors. The caller decides (isatty, NO_COLOR, --no-color); the library never looks.
    public var color: Bool
    public var colorDepth: ColorDepth
    public var scale: Scale
    public var showBar: Bool
    public var showLegend: Bool
    public var showTable: Bool

    public init(width: Int = 80, color: Bool = false, colorDepth: ColorDepth = .basic,
                scale: Scale = .auto, showBar: Bool = true, showLegend: Bool = true,
                showTable: Bool = true) {
        self.width = width
        self.color = color
        self.colorDepth = colorDepth
        self.scale = scale
        self.showBar = showBar
        self.showLegend = showLegend
        self.showTable = showTable
    }
}
