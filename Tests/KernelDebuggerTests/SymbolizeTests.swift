import Foundation
import KernelDebugger
import QEMUTestSupport
import Testing

/// `kdbg symbolize`'s annotation of backtrace lines, against kernel.elf.
extension InProcess {
@Suite struct SymbolizeTests {
    @Test func annotatesContractLinesAndLeavesOthers() throws {
        let image = try KernelImage(path: QEMUMachine.kernelPath)
        let boot = try #require(image.symbols.first { $0.name == "Kernel.BasicSelftests.boot()" })
        let pc = boot.address + 0x10
        let log = """
            panic: something broke
              #0 0x\(String(format: "%016lx", pc)) Kernel.BasicSelftests.boot() + 0x10
            unrelated line #1 0x12
            """
        let out = BacktraceSymbolizer(image: image).annotate(text: log)
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "panic: something broke")
        let loc = try #require(image.location(of: pc))
        let outer = try #require(image.frames(at: pc).last)
        #expect(lines[1].hasSuffix(" at \(outer.fileName!.split(separator: "/").last!):\(outer.line)"), "\(out)")
        #expect(out.contains("\(loc.shortFile):\(loc.line)"))
        #expect(lines.last == "unrelated line #1 0x12")
    }
}
}
