import Foundation
import QEMUTestSupport
import Testing

/// The same breakpoint through the kernel's stub and through QEMU's own
/// gdbstub: gdb must show the same register set and the same values.
@Suite(.serialized) struct QEMUStubComparisonTests {
    static let compared = ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11",
                           "r12", "r13", "r14", "r15", "rip", "eflags", "cs", "ss"]

    static func registers(_ gdb: String) -> [String: String] {
        var values: [String: String] = [:]
        for m in gdb.matches(of: #/(?m)^(\w+)\s+(0x[0-9a-f]+)/#) { values[String(m.1)] = String(m.2) }
        return values
    }

    @Test func generalRegistersAtTheSameBreakpointMatchQEMUsStub() throws {
        let divide = try KernelSymbols.address(containing: "FaultSelftests", "divide")
        let at = "*0x\(String(divide, radix: 16))"

        let ours = try DebuggableMachine(append: "gdb=wait selftest=divzero")
        let viaKernel = try ours.runGDB(["break \(at)", "continue", "info registers", "kill"])
        _ = ours.waitForExit(timeout: 10)

        let qemuPort = try DebuggableMachine.freePortForTests()
        let theirs = try DebuggableMachine(append: "gdb=off selftest=divzero",
                                           extraArguments: ["-gdb", "tcp:127.0.0.1:\(qemuPort)", "-S"])
        let viaQEMU = try DebuggableMachine.runGDB(["set pagination off", "set confirm off",
                                                    "target remote 127.0.0.1:\(qemuPort)", "hbreak \(at)",
                                                    "continue", "info registers", "kill"])
        _ = theirs.waitForExit(timeout: 10)

        let a = Self.registers(viaKernel), b = Self.registers(viaQEMU)
        #expect(Set(a.keys) == Set(b.keys), "register sets differ: ours \(a.keys.sorted()) QEMU \(b.keys.sorted())")
        for name in Self.compared {
            #expect(a[name] != nil && a[name] == b[name], "\(name): ours \(a[name] ?? "-") QEMU \(b[name] ?? "-")")
        }
    }
}
