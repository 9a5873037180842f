// Helpers for the elfkit tool tests: finding the built executable, running
// programs with their output in files (no pipe can fill up and block),
// temporary directories, and compiling small objects for other targets.

import Foundation
import TestSupport

typealias Ran = ToolRun

enum Tool {
    /// The elfkit executable built next to this test binary (`swift build`/`swift test`).
    static let elfkit = builtProduct(named: "elfkit")

    /// The directory holding the built products (for .build/debug/kernel-symbols and friends).
    static var productsDirectory: String? {
        elfkit.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func find(_ name: String, preferring paths: [String]) -> String? {
        for p in paths where FileManager.default.isExecutableFile(atPath: p) { return p }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static let readelf = find("readelf", preferring: ["/usr/bin/readelf"])
    static let clang = find("clang", preferring: ["/opt/swift/usr/bin/clang"])
    static let gcc = find("gcc", preferring: ["/usr/bin/gcc"])
    static let lld = find("ld.lld", preferring: ["/opt/swift/usr/bin/ld.lld"])
}

/// Every subcommand that prints a table of one file (all but `symbolize`).
let tableSubcommands = ["info", "sections", "segments", "symbols", "notes", "relocs", "dynamic"]

/// Runs elfkit; fails the test if it was not built.
func elfkit(_ arguments: [String], environment: [String: String]? = nil, stdinPath: String? = nil) throws -> Ran {
    guard let tool = Tool.elfkit else { throw TestFailure("elfkit was not built next to the test binary") }
    return try runTool(tool, arguments, environment: environment, stdinPath: stdinPath)
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// A fresh temporary directory, removed when the value is deinitialized.
final class TempDirectory {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("elfkit-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let p = "\(path)/\(name)"
        try Data(bytes).write(to: URL(fileURLWithPath: p))
        return p
    }

    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }
}

/// Small C source with the features the tables show: TLS, common, static,
/// undefined and global symbols, relocations, read-only strings.
let sampleSource = """
    __thread int tls_counter = 3;
    int common_var;
    static int counter;
    extern int ext(int);
    const char *greeting = "hello";
    int add(int a, int b) { return a + b + counter++ + ext(a) + tls_counter; }
    """

/// Objects and executables of several classes, byte orders and compilers,
/// built once per test run into the build directory (rebuilt each time, so
/// nothing is left in /tmp). Missing compilers simply yield fewer files.
let generatedInputs: [String] = {
    let path = (Tool.productsDirectory ?? FileManager.default.temporaryDirectory.path) + "/elfkit-test-inputs"
    try? FileManager.default.removeItem(atPath: path)
    guard (try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)) != nil
    else { return [] }
    let src = path + "/sample.c"
    guard (try? Data(sampleSource.utf8).write(to: URL(fileURLWithPath: src))) != nil else { return [] }
    var files: [String] = []
    func attempt(_ tool: String?, _ args: [String], output: String) {
        guard let tool, let r = try? runTool(tool, args), r.status == 0,
              FileManager.default.fileExists(atPath: output) else { return }
        files.append(output)
    }
    let p = path
    attempt(Tool.gcc, ["-c", "-O1", "-g", "-fcf-protection", src, "-o", "\(p)/gcc.o"], output: "\(p)/gcc.o")
    attempt(Tool.clang, ["-c", "-O1", src, "-o", "\(p)/clang.o"], output: "\(p)/clang.o")
    attempt(Tool.clang, ["--target=i686-linux-gnu", "-c", "-O1", src, "-o", "\(p)/i686.o"], output: "\(p)/i686.o")
    attempt(Tool.clang, ["--target=powerpc64-unknown-linux-gnu", "-c", "-O1", src, "-o", "\(p)/ppc64.o"],
            output: "\(p)/ppc64.o")
    attempt(Tool.clang, ["--target=aarch64-linux-gnu", "-c", "-O1", "-ffunction-sections", src, "-o", "\(p)/arm64.o"],
            output: "\(p)/arm64.o")
    // Shared objects: dynamic sections, PLT/GOT relocations, and packed RELR relocations.
    attempt(Tool.gcc, ["-shared", "-fPIC", "-O1", "-Wl,-z,pack-relative-relocs", src, "-o", "\(p)/relr.so"],
            output: "\(p)/relr.so")
    attempt(Tool.clang, ["--target=i686-linux-gnu", "-fPIC", "-c", "-O1", src, "-o", "\(p)/i686-pic.o"],
            output: "\(p)/i686-pic.o")
    if files.contains("\(p)/i686-pic.o") {
        attempt(Tool.lld, ["-m", "elf_i386", "-shared", "-z", "now", "-z", "pack-relative-relocs", "\(p)/i686-pic.o",
                           "-o", "\(p)/i686.so"], output: "\(p)/i686.so")
    }
    attempt(Tool.clang, ["--target=powerpc64-unknown-linux-gnu", "-fPIC", "-c", "-O1", src, "-o", "\(p)/ppc64-pic.o"],
            output: "\(p)/ppc64-pic.o")
    if files.contains("\(p)/ppc64-pic.o") {
        attempt(Tool.lld, ["-shared", "--soname=libsample.so", "-rpath", "/opt/a:/opt/b", "\(p)/ppc64-pic.o",
                           "-o", "\(p)/ppc64.so"], output: "\(p)/ppc64.so")
    }
    if files.contains("\(p)/i686.o") {
        attempt(Tool.lld, ["-m", "elf_i386", "-e", "add", "--unresolved-symbols=ignore-all", "\(p)/i686.o",
                           "-o", "\(p)/i686.elf"], output: "\(p)/i686.elf")
    }
    if files.contains("\(p)/ppc64.o") {
        attempt(Tool.lld, ["-e", "add", "--unresolved-symbols=ignore-all", "\(p)/ppc64.o", "-o", "\(p)/ppc64.elf"],
                output: "\(p)/ppc64.elf")
    }
    return files
}()
