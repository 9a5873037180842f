import CCapstone

/// One decoded instruction.
public struct Instruction: Equatable, Sendable {
    public var address: UInt64
    public var bytes: [UInt8]
    public var mnemonic: String
    public var operands: String

    /// A direct branch or call target (`jmp 0x1234`, `call 0x1234`).
    public var branchTarget: UInt64? {
        guard mnemonic.hasPrefix("j") || mnemonic.hasPrefix("call") || mnemonic.hasPrefix("loop"),
              operands.hasPrefix("0x"), let v = UInt64(operands.dropFirst(2), radix: 16) else { return nil }
        return v
    }
}

/// x86-64 disassembly through Capstone (Debian's libcapstone), AT&T-free
/// Intel syntax as objdump -M intel and gdb's `set disassembly-flavor intel` print.
public final class Disassembler {
    private var handle: csh = 0

    public init() throws(DebuggerError) {
        guard cs_open(CS_ARCH_X86, CS_MODE_64, &handle) == CS_ERR_OK else {
            throw .failed("capstone: cannot open an x86-64 disassembler")
        }
    }

    deinit { cs_close(&handle) }

    /// Decodes up to `count` instructions from `code` (at `address`).
    public func decode(_ code: [UInt8], at address: UInt64, count: Int) -> [Instruction] {
        var insns: UnsafeMutablePointer<cs_insn>?
        let n = code.withUnsafeBufferPointer { cs_disasm(handle, $0.baseAddress, $0.count, address, count, &insns) }
        guard n > 0, let insns else { return [] }
        defer { cs_free(insns, n) }
        var result: [Instruction] = []
        for i in 0..<n {
            var insn = insns[i]
            let mnemonic = withUnsafeBytes(of: &insn.mnemonic) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let operands = withUnsafeBytes(of: &insn.op_str) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let bytes = withUnsafeBytes(of: &insn.bytes) { Array($0.prefix(Int(insn.size))) }
            result.append(Instruction(address: insn.address, bytes: bytes, mnemonic: mnemonic, operands: operands))
        }
        return result
    }
}
