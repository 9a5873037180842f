// Helpers shared by the ElfKit tests: temporary directories, running the
// toolchain's compilers and LLVM tools, and opening files as ElfFile.

import ElfKit
import Foundation

enum Tools {
    static let clang = findTool("clang", preferring: "/opt/swift/usr/bin/clang")
    static let swiftc = findTool("swiftc", preferring: "/opt/swift/usr/bin/swiftc")
    static let readelf = findTool("llvm-readelf", preferring: "/usr/bin/llvm-readelf")
    static let nm = findTool("llvm-nm", preferring: "/opt/swift/usr/bin/llvm-nm")
    static let symbolizer = findTool("llvm-symbolizer", preferring: "/opt/swift/usr/bin/llvm-symbolizer")
    static let swiftDemangle = findTool("swift-demangle", preferring: "/opt/swift/usr/bin/swift-demangle")

    static func findTool(_ name: String, preferring path: String) -> String {
        if FileManager.default.isExecutableFile(atPath: path) { return path }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return name
    }
}

struct ToolFailure: Error, CustomStringConvertible {
    var description: String
}

/// Runs a program and returns its stdout; throws with stderr if it fails.
@discardableResult
func run(_ tool: String, _ arguments: [String], stdin: String? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    if stdin != nil { process.standardInput = input }
    try process.run()
    if let stdin {
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
    }
    // Read before waiting so a large output cannot fill the pipe and block.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw ToolFailure(description: "\(tool) \(arguments.joined(separator: " ")): "
            + String(decoding: errData, as: UTF8.self))
    }
    return String(decoding: outData, as: UTF8.self)
}

/// A fresh temporary directory, removed when the value is deinitialized.
final class TempDir {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "elfkit-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String, _ contents: String) throws -> String {
        let p = "\(path)/\(name)"
        try contents.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }
}

/// A small C program with globals, a static function, .bss, and assembly labels.
let sampleC = """
    int counter = 3;
    static int hidden_bss[64];
    const char message[] = "hello";
    __attribute__((noinline, used)) static int twice(int x) { return 2 * x + hidden_bss[x & 63]; }
    int add(int a, int b) { return a + b + twice(a) + counter; }
    int main(int argc, char **argv) { (void)argv; return add(argc, 1) + message[0]; }
    #if defined(__x86_64__) || defined(__i386__)
    __asm__(".text\\n.globl isr_stub_14\\nisr_stub_14:\\n nop\\n nop\\n.Linner:\\n ret\\n"
            "isr_stub_15:\\n nop\\n ret\\n");
    #endif
    """

/// Compiles `source` with clang into `dir`, returning the output path.
func compileC(
    _ source: String, in dir: TempDir, name: String, flags: [String]
) throws -> String {
    let src = try dir.file(name + ".c", source)
    let out = "\(dir.path)/\(name)"
    try run(Tools.clang, flags + [src, "-o", out])
    return out
}

func readBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Opens `bytes` as an ElfFile for the duration of `body`.
func withElf<R>(_ bytes: [UInt8], _ body: (ElfFile) throws -> R) throws -> R {
    try bytes.withUnsafeBytes { raw in try body(try ElfFile(bytes: raw)) }
}

func string(_ bytes: UnsafeRawBufferPointer) -> String {
    String(decoding: bytes, as: UTF8.self)
}

/// Parses a number as llvm-readelf prints it (hex without prefix, or 0x-prefixed/decimal).
func parseHex(_ s: Substring) -> UInt64? { UInt64(s, radix: 16) }
func parseSize(_ s: Substring) -> UInt64? {
    s.hasPrefix("0x") ? UInt64(s.dropFirst(2), radix: 16) : UInt64(s)
}
