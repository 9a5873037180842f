import Foundation

/// A one-line progress bar with bytes/s, redrawn in place (`\r`) on a terminal.
public struct ProgressBar {
    public var total: Int
    public var width = 30
    let started = monotonicSeconds()
    var lastDraw = 0.0

    public init(total: Int) { self.total = total }

    /// The bar for `done` bytes, or nil when it was drawn less than 0.1 s ago.
    public mutating func update(_ done: Int, force: Bool = false) -> String? {
        let now = monotonicSeconds()
        guard force || now - lastDraw >= 0.1 else { return nil }
        lastDraw = now
        return Self.render(done: done, total: total, seconds: now - started, width: width)
    }

    public static func render(done: Int, total: Int, seconds: Double, width: Int) -> String {
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let rate = seconds > 0 ? Double(done) / seconds : 0
        return String(format: "\r%@ %3d%% %@ / %@  %@/s ", bar, Int(fraction * 100), byteCount(done), byteCount(total), byteCount(Int(rate)))
    }

    public static func byteCount(_ n: Int) -> String {
        if n >= 1 << 20 { return String(format: "%.1f MiB", Double(n) / 1048576) }
        if n >= 1 << 10 { return String(format: "%.1f KiB", Double(n) / 1024) }
        return "\(n) B"
    }
}
