// Helpers for the symbolizer tests: running llvm-symbolizer (LLVM 21, the
// reference), running ours in-process on the same input, and comparing
// their answers address by address.

@testable import ElfKitDWARF
import ElfKit
import Foundation
import TestSupport

enum Reference {
    /// LLVM 21's llvm-symbolizer (the toolchain's; /usr/bin's is LLVM 14 and joins paths differently).
    static let symbolizer = "/opt/swift/usr/bin/llvm-symbolizer"
    static let clang = "/opt/swift/usr/bin/clang"
    static let glibcDebug = "/usr/lib/debug/.build-id/93/ac61ec5a8eb1396f9fbd350e3169a558528a40.debug"
    static let libc = "/lib/x86_64-linux-gnu/libc.so.6"

    static var available: Bool { FileManager.default.isExecutableFile(atPath: symbolizer) }
}

struct CommandFailure: Error, CustomStringConvertible {
    var description: String
}

/// Runs a program with `input` on stdin; returns stdout (throws on failure).
@discardableResult
func runTool(_ tool: String, _ arguments: [String], input: String = "") throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let out = Pipe(), err = Pipe(), inp = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inp
    try process.run()
    // Feed stdin from another thread so a large answer cannot block us.
    let data = Data(input.utf8)
    let writer = Thread {
        inp.fileHandleForWriting.write(data)
        try? inp.fileHandleForWriting.close()
    }
    writer.start()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw CommandFailure(description: "\(tool) \(arguments): \(String(decoding: errors, as: UTF8.self))")
    }
    return String(decoding: output, as: UTF8.self)
}

/// Our answer to `lines`, formatted as the elfkit CLI prints it.
func ourOutput(_ symbolizer: Symbolizer, lines: [String], options: SymbolizerOptions = SymbolizerOptions()) -> String {
    var out = LLVMSymbolizerOutput(options: options, moduleName: symbolizer.path)
    out.symbolize(batch: lines.map { Array($0.utf8) }, with: symbolizer)
    return String(decoding: out.buffer, as: UTF8.self)
}

/// Splits text output into one block per request (each ends with a blank line).
func answers(_ text: String) -> [String] {
    text.components(separatedBy: "\n\n").dropLast().map { $0 }
}

/// Compares our answers with llvm-symbolizer's for `addresses`; returns the mismatches.
func compareWithReference(
    object: String, addresses: [UInt64], arguments: [String] = [], options: SymbolizerOptions = SymbolizerOptions(),
    referenceObject: String? = nil
) throws -> (total: Int, mismatches: [String]) {
    let lines = addresses.map { "0x" + String($0, radix: 16) }
    var reference = try runTool(
        Reference.symbolizer, ["--obj=" + (referenceObject ?? object)] + arguments, input: lines.joined(separator: "\n") + "\n")
    if let referenceObject { reference = reference.replacingOccurrences(of: referenceObject, with: object) }
    let symbolizer = try Symbolizer(path: object)
    let ours = ourOutput(symbolizer, lines: lines, options: options)
    let json = options.outputStyle == .json
    let theirs = json ? reference.split(separator: "\n").map(String.init) : answers(reference)
    let mine = json ? ours.split(separator: "\n").map(String.init) : answers(ours)
    var mismatches: [String] = []
    for i in 0..<max(theirs.count, mine.count) {
        let a = i < theirs.count ? theirs[i] : "<missing>"
        let b = i < mine.count ? mine[i] : "<missing>"
        if a != b { mismatches.append("\(i < lines.count ? lines[i] : "?"):\n  llvm: \(a.replacingOccurrences(of: "\n", with: " | "))\n  ours: \(b.replacingOccurrences(of: "\n", with: " | "))") }
    }
    return (lines.count, mismatches)
}

/// `count` random addresses in the .text section of `path`.
func randomTextAddresses(in path: String, count: Int, seed: UInt64) throws -> [UInt64] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return try data.withUnsafeBytes { bytes -> [UInt64] in
        let elf = try ElfFile(bytes: bytes)
        guard let text = try elf.section(named: ".text"), text.size > 0 else { return [] }
        var rng = SplitMix64(state: seed)
        return (0..<count).map { _ in text.address + UInt64.random(in: 0..<text.size, using: &rng) }
    }
}

/// A fresh temporary directory.
func temporaryDirectory() throws -> String {
    let dir = NSTemporaryDirectory() + "elfkitdwarf-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// The path of the running test executable (Swift code with DWARF from swiftc).
func currentExecutable() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard n > 0 else { return nil }
    return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
