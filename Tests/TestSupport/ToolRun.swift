import Foundation

/// The result of running a program to completion.
public struct ToolRun {
    public let status: Int32
    /// True if the process was killed by a signal (a crash).
    public let signaled: Bool
    public let stdout: Data
    public let stderr: Data
    public var out: String { String(decoding: stdout, as: UTF8.self) }
    public var err: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs `tool` with stdout and stderr captured through temporary files (no
/// pipe can fill up and block); stdin is `stdinPath`, or empty.
public func runTool(_ tool: String, _ arguments: [String], environment: [String: String]? = nil,
                    stdinPath: String? = nil) throws -> ToolRun {
    let dir = FileManager.default.temporaryDirectory
    let outURL = dir.appendingPathComponent("keel-test-\(UUID().uuidString).out")
    let errURL = dir.appendingPathComponent("keel-test-\(UUID().uuidString).err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer {
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
    }
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: tool)
    p.arguments = arguments
    if let environment { p.environment = environment }
    p.standardInput = try stdinPath.map { try FileHandle(forReadingFrom: URL(fileURLWithPath: $0)) }
        ?? FileHandle.nullDevice
    p.standardOutput = outHandle
    p.standardError = errHandle
    try p.run()
    p.waitUntilExit()
    try outHandle.close()
    try errHandle.close()
    return ToolRun(status: p.terminationStatus, signaled: p.terminationReason == .uncaughtSignal,
                   stdout: try Data(contentsOf: outURL), stderr: try Data(contentsOf: errURL))
}

/// An executable product of this package built next to the running test
/// binary (`swift build` / `swift test` put both in the same products folder).
public func builtProduct(named name: String) -> String? {
    var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent(name).path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    return nil
}
