import Foundation

/// File names as printed: relative to the current directory when under it.
enum SourcePaths {
    static let currentDirectory = FileManager.default.currentDirectoryPath

    static func display(_ path: String) -> String {
        let prefix = currentDirectory.hasSuffix("/") ? currentDirectory : currentDirectory + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// Line `line` (1-based) of `path`, if the file is readable.
    static func sourceLine(_ path: String, _ line: Int) -> String? {
        sourceLines(path)?.dropFirst(line - 1).first
    }

    nonisolated(unsafe) private static var cache: [String: [String]?] = [:]
    private static let lock = NSLock()

    static func sourceLines(_ path: String) -> [String]? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[path] { return cached }
        let lines = (try? String(contentsOfFile: path, encoding: .utf8))?
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        cache[path] = lines
        return lines
    }
}
