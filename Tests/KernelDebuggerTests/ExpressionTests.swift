import KernelDebugger
import Testing

/// The expression evaluator on its own, with a table of registers, symbols and memory.
extension InProcess {
@Suite struct ExpressionTests {
    struct Table: ExpressionContext {
        func registerValue(_ name: String) throws(DebuggerError) -> UInt64 {
            guard name == "rsp" else { throw .usage("no register named \"\(name)\"") }
            return 0x1000
        }
        func symbolAddress(_ name: String) throws(DebuggerError) -> UInt64 {
            guard name == "Kernel.f(_:)" || name == "main" else { throw .failed("no symbol matches \"\(name)\"") }
            return 0x4000
        }
        func readQuad(at address: UInt64) throws(DebuggerError) -> UInt64 {
            guard address == 0x1008 else { throw .failed("cannot access memory at 0x\(String(address, radix: 16))") }
            return 0xdead
        }
    }

    let evaluator = ExpressionEvaluator(context: Table())

    @Test(arguments: [
        ("0x10", 0x10), ("42", 42), ("1 + 2 * 3", 7), ("(1 + 2) * 3", 9), ("$rsp + 8", 0x1008), ("*($rsp + 8)", 0xdead),
        ("'Kernel.f(_:)' + 0x10", 0x4010), ("main", 0x4000), ("1 << 4 | 1", 17), ("~0 >> 60", 15), ("-1", UInt64.max),
        ("10 % 4", 2), ("0xff & 0x0f ^ 1", 0xe), ("0x1_0000", 0x10000),
    ] as [(String, UInt64)])
    func evaluates(_ text: String, _ expected: UInt64) throws {
        #expect(try evaluator.evaluate(text) == expected)
    }

    @Test(arguments: ["", "1 +", "(1", "1 / 0", "$", "'open", "1 ) 2", "0xzz", "$rbx"])
    func rejects(_ text: String) {
        #expect(throws: DebuggerError.self) { try evaluator.evaluate(text) }
    }
}
}
