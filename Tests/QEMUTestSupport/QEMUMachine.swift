import Foundation
import TestSupport

/// Boots `.build/kernel/kernel.elf` under QEMU (TCG) the way the contract
/// wires it, feeds COM1 from `input`, and collects COM1 and QEMU's exit status.
public struct QEMUMachine {
    public struct Result {
        public let output: String
        public let status: Int32
        public var succeeded: Bool { status == 1 }   // isa-debug-exit: 0 → 1
        public var failed: Bool { status == 3 }      // isa-debug-exit: 1 → 3
    }

    public enum Failure: Error, CustomStringConvertible {
        case missingKernel(String), missingQEMU, timedOut(seconds: Double, output: String)
        public var description: String {
            switch self {
            case .missingKernel(let path): return "no kernel at \(path): run `make kernel` first"
            case .missingQEMU: return "qemu-system-x86_64 not found: run `make deps`"
            case .timedOut(let s, let output): return "QEMU still running after \(s) s; console so far:\n\(output)"
            }
        }
    }

    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let kernelPath = packageRoot.appendingPathComponent(".build/kernel/kernel.elf").path
    /// The boot archive `make kernel` writes.
    public static let initrdPath = packageRoot.appendingPathComponent(".build/kernel/initrd.img").path

    /// The built boot archive if there is one: what `boot` passes by default.
    public static var defaultInitrd: String? {
        FileManager.default.fileExists(atPath: initrdPath) ? initrdPath : nil
    }

    public static func qemuPath() -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(dir)/qemu-system-x86_64"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Boots with `append` as the kernel command line. `input` is written to
    /// COM1 once `waitFor` (if given) has appeared on the console. `initrd`
    /// is passed with -initrd (nil: none) unless `extraArguments` has its own.
    public static func boot(append: String, input: String? = nil, waitFor: String? = nil,
                     initrd: String? = QEMUMachine.defaultInitrd,
                     extraArguments: [String] = [], timeout: Double = 60) throws -> Result {
        guard FileManager.default.fileExists(atPath: kernelPath) else { throw Failure.missingKernel(kernelPath) }
        guard let qemu = qemuPath() else { throw Failure.missingQEMU }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: qemu)
        process.arguments = ["-kernel", kernelPath, "-append", append, "-m", "256M", "-display", "none",
                             "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                             "-serial", "stdio", "-serial", "null", "-monitor", "none"]
            + (initrd != nil && !extraArguments.contains("-initrd") ? ["-initrd", initrd!] : []) + extraArguments
        let stdout = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardInput = stdin
        process.standardError = stdout

        let collected = OutputBuffer()
        collected.follow(stdout.fileHandleForReading)
        try process.run()

        let deadline = Date().addingTimeInterval(timeout)
        if let input {
            if let waitFor {
                while !collected.text.contains(waitFor) && process.isRunning && Date() < deadline {
                    Thread.sleep(forTimeInterval: 0.02)
                }
            }
            // Type it like a person would: the UART has a 16-byte FIFO.
            for byte in input.utf8 {
                stdin.fileHandleForWriting.write(Data([byte]))
                Thread.sleep(forTimeInterval: 0.002)
            }
        }
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            stdout.fileHandleForReading.readabilityHandler = nil
            throw Failure.timedOut(seconds: timeout, output: collected.text)
        }
        process.waitUntilExit()
        stdout.fileHandleForReading.readabilityHandler = nil
        collected.drain(stdout.fileHandleForReading)
        try? stdin.fileHandleForWriting.close()
        return Result(output: collected.text.replacingOccurrences(of: "\r\n", with: "\n"),
                      status: process.terminationStatus)
    }
}

/// One parsed backtrace line: `  #N 0x<16 hex> Symbol + 0xOFF`.
public struct BacktraceLine {
    public let index: Int
    public let address: UInt64
    public let symbol: String
    public let offset: UInt64

    nonisolated(unsafe) public static let pattern = #/^  #(\d+) 0x([0-9a-f]{16}) (.+) \+ 0x([0-9a-f]+)$/#

    public static func parse(_ output: String) -> [BacktraceLine] {
        output.split(separator: "\n").compactMap { line in
            guard let m = String(line).wholeMatch(of: pattern) else { return nil }
            return BacktraceLine(index: Int(m.1)!, address: UInt64(m.2, radix: 16)!,
                                 symbol: String(m.3), offset: UInt64(m.4, radix: 16)!)
        }
    }
}

extension Array where Element == BacktraceLine {
    /// Whether `names` appear in this order (not necessarily adjacent).
    public func containsInOrder(_ names: [String]) -> Bool {
        var remaining = names[...]
        for line in self where remaining.first.map({ line.symbol == $0 }) == true {
            remaining = remaining.dropFirst()
        }
        return remaining.isEmpty
    }
}
