// kernel-symbols: builds the compact symbol table that the kernel embeds
// to symbolize its own backtraces (format: docs/kernel-symbol-table.md).

import ArgumentParser
import ElfKit
import ElfKitDWARF
import Foundation

@main
struct KernelSymbols: ParsableCommand {
    static let toolVersion = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "kernel-symbols",
        abstract: "Build the kernel's compact symbol table from a linked kernel ELF.",
        discussion: """
            Takes every sized function symbol, plus zero-size labels in executable \
            sections, demangles Swift names to their backtrace form \
            (Module.Type.function(label:)) and writes the table atomically.
            """,
        version: toolVersion)

    @Argument(help: "The linked kernel ELF file.")
    var kernel: String

    @Option(name: .shortAndLong, help: "Where to write the symbol table.")
    var output: String

    @Flag(help: "Print {symbols, bytes, bytesPerSymbol} as JSON on stdout.")
    var json = false

    /// Like ParsableCommand.main, but bad usage exits 2 (the project's
    /// convention) rather than argument-parser's EX_USAGE (64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    func run() throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: kernel))
        } catch {
            fail("\(kernel): cannot read: \(describe(error))")
        }
        let collected: Result<[KernelSymbol], ElfError> = data.withUnsafeBytes { raw in
            do throws(ElfError) {
                return .success(try KernelSymbolCollector.collect(from: try ElfFile(bytes: raw)))
            } catch {
                return .failure(error)
            }
        }
        let symbols: [KernelSymbol]
        switch collected {
        case .success(let s): symbols = s
        case .failure(let e): fail("\(kernel): \(e)")
        }
        let table: [UInt8]
        do throws(KernelSymbolTableEncodingError) {
            table = try KernelSymbolTable.encode(symbols)
        } catch {
            fail("\(kernel): cannot encode the symbol table: \(error)")
        }
        // Count what the table really holds (the encoder drops duplicates).
        let count = table.withUnsafeBytes { (try? KernelSymbolTableReader(bytes: $0))?.count ?? 0 }
        do {
            try Data(table).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            fail("\(output): cannot write: \(describe(error))")
        }
        let perSymbol = count == 0 ? 0 : Double(table.count) / Double(count)
        let rounded = String(format: "%.1f", perSymbol)
        FileHandle.standardError.write(
            Data("kernel-symbols: \(count) symbols, \(table.count) bytes (\(rounded) bytes/symbol)\n".utf8))
        if json {
            print("{\"symbols\": \(count), \"bytes\": \(table.count), \"bytesPerSymbol\": \(rounded)}")
        }
    }

    private func describe(_ error: Error) -> String {
        (error as NSError).localizedFailureReason ?? error.localizedDescription
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("kernel-symbols: \(message)\n".utf8))
        Foundation.exit(1)
    }
}
