import Foundation
import QEMUTestSupport

/// Addresses and source lines of kernel.elf the gdb tests need. gdb 13
/// cannot resolve Swift's demangled names, so tests break on addresses
/// (looked up by mangled-name fragment with nm) or on file:line.
enum KernelSymbols {
    /// The address of the first symbol whose mangled name contains all `fragments`.
    static func address(containing fragments: String...) throws -> UInt64 {
        UInt64(try symbol(containing: fragments).address, radix: 16)!
    }

    static func symbolName(containing fragments: String...) throws -> String {
        try symbol(containing: fragments).name
    }

    /// The first `nm` line of kernel.elf whose name contains all `fragments`.
    private static func symbol(containing fragments: [String]) throws -> (address: Substring, name: String) {
        let nm = Process()
        nm.executableURL = URL(fileURLWithPath: "/usr/bin/nm")
        nm.arguments = [QEMUMachine.kernelPath]
        let out = Pipe()
        nm.standardOutput = out
        try nm.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        nm.waitUntilExit()
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 3, fragments.allSatisfy({ parts[2].contains($0) }) { return (parts[0], String(parts[2])) }
        }
        throw Missing(what: fragments.joined(separator: "…"))
    }

    /// The 1-based line of the first line of `file` (under Sources/Kernel) containing `text`.
    static func line(in file: String, containing text: String) throws -> Int {
        let path = QEMUMachine.packageRoot.appendingPathComponent("Sources/Kernel/\(file)").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        guard let index = lines.firstIndex(where: { $0.contains(text) }) else { throw Missing(what: "\(file): \(text)") }
        return index + 1
    }

    struct Missing: Error, CustomStringConvertible {
        let what: String
        var description: String { "kernel.elf has no \(what)" }
    }
}
