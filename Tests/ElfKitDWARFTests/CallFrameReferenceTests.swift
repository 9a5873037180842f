// The call frame reader against binutils readelf (--debug-dump=frames-interp)
// on real binaries: every CIE, every FDE and every row of the unwind table.

@testable import ElfKitDWARF
import Foundation
import Testing
import TestSupport

@Suite struct CallFrameReferenceTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let kernel = packageRoot + "/.build/kernel/kernel.elf"

    static func check(_ file: String, minimumRows: Int) throws {
        let (rows, fdes, differences) = try compareCallFrames(file)
        #expect(differences.isEmpty, "\(differences.count) differences, first: \(differences.prefix(10).joined(separator: "\n"))")
        #expect(rows >= minimumRows, "\(file): only \(rows) rows in \(fdes) FDEs compared")
    }

    @Test("the kernel (swiftc and clang): .eh_frame and .debug_frame")
    func kernel() throws {
        try #require(FileManager.default.fileExists(atPath: Self.kernel), "build the kernel first (make kernel)")
        try Self.check(Self.kernel, minimumRows: 5_000)
        let cfi = try CallFrameInformation(path: Self.kernel)
        #expect(cfi.sections.map(\.kind) == [.ehFrame, .debugFrame])
        #expect(cfi.problems.isEmpty)
    }

    @Test("glibc's libc.so.6 (GCC, remember/restore_state, expressions, a signal frame)")
    func libc() throws {
        try Self.check(Reference.libc, minimumRows: 20_000)
        let cfi = try CallFrameInformation(path: Reference.libc)
        let (cies, _) = try cfi.entries(of: cfi.sections[0])
        #expect(cies.values.contains { $0.isSignalFrame }, "libc's __restore_rt CIE has the S augmentation")
    }

    @Test("a GCC-built program: .eh_frame at -O2, .debug_frame without unwind tables, plain and zlib-compressed")
    func gccProgram() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.cSource.write(toFile: dir + "/prog.c", atomically: true, encoding: .utf8)
        try runTool("/usr/bin/gcc", ["-O2", dir + "/prog.c", "-o", dir + "/eh"])
        try runTool("/usr/bin/gcc", ["-O1", "-g", "-fno-asynchronous-unwind-tables", "-fno-omit-frame-pointer",
                                     dir + "/prog.c", "-o", dir + "/debug"])
        // The same, with .debug_frame zlib-compressed (SHF_COMPRESSED).
        try runTool("/usr/bin/gcc", ["-O1", "-g", "-gz=zlib", "-fno-asynchronous-unwind-tables", "-fno-omit-frame-pointer",
                                     dir + "/prog.c", "-o", dir + "/compressed"])
        try Self.check(dir + "/eh", minimumRows: 20)
        try Self.check(dir + "/debug", minimumRows: 20)
        try Self.check(dir + "/compressed", minimumRows: 20)
        #expect(try CallFrameInformation(path: dir + "/debug").sections.contains { $0.kind == .debugFrame })
        #expect(try CallFrameInformation(path: dir + "/compressed").sections.contains { $0.kind == .debugFrame })
    }

    @Test("every instruction the assembler can write (.cfi_* and .cfi_escape), linked by GCC")
    func everyInstruction() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.assembly.write(toFile: dir + "/cfi.s", atomically: true, encoding: .utf8)
        try runTool("/usr/bin/gcc", ["-nostdlib", "-static", dir + "/cfi.s", "-o", dir + "/cfi"])
        try Self.check(dir + "/cfi", minimumRows: 12)
        // The same rules, read back: the row after every directive ran.
        let cfi = try CallFrameInformation(path: dir + "/cfi")
        let entry = try #require(cfi.entry(covering: try symbolAddress(dir + "/cfi", "everything")))
        let last = try entry.table.rows().last!
        #expect(last.cfa == .registerOffset(register: X86_64DWARFRegister.rbp, offset: 32))
        #expect(last.registers[X86_64DWARFRegister.rbx] == .sameValue)
        #expect(last.registers[X86_64DWARFRegister.r12] == .register(X86_64DWARFRegister.r13))
        #expect(last.registers[X86_64DWARFRegister.r14] == .valOffset(-48))
        #expect(last.registers[X86_64DWARFRegister.r15] == .offset(40))
    }

    /// Memory for the unwinder: 8-byte values at addresses.
    struct QuadMemory: UnwindMemory {
        var values: [UInt64: UInt64]
        func readUInt64(at address: UInt64) -> UInt64? { values[address] }
    }

    @Test("the unwinder applies each rule: CFA, offset, val_offset, register, same value, undefined return address")
    func unwinderRules() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.assembly.write(toFile: dir + "/cfi.s", atomically: true, encoding: .utf8)
        try runTool("/usr/bin/gcc", ["-nostdlib", "-static", dir + "/cfi.s", "-o", dir + "/cfi"])
        let cfi = try CallFrameInformation(path: dir + "/cfi")
        let function = try symbolAddress(dir + "/cfi", "everything")
        let entry = try #require(cfi.entry(covering: function))
        let pc = try entry.table.rows().last!.location + 1
        typealias R = X86_64DWARFRegister
        let rbp: UInt64 = 0x7000_1000, cfa = rbp + 32
        let registers: DWARFRegisterValues = [R.rbp: rbp, R.rsp: 0x7000_0f00, R.rbx: 0xb0b, R.r13: 0x1313, R.r15: 0xdead]
        let memory = QuadMemory(values: [cfa - 16: 0x7000_2000, cfa - 8: 0x40_1005, cfa + 40: 0x1515])
        let unwinder = FrameUnwinder(frames: cfi, memory: memory)
        let step = try #require(try unwinder.unwind(registers, lookup: pc))
        #expect(step.cfa == cfa)
        #expect(step.registers[R.rsp] == cfa, "the CFA is the caller's rsp")
        #expect(step.registers[R.rbp] == 0x7000_2000 && step.savedAt[R.rbp] == cfa - 16)
        #expect(step.registers[R.returnAddress] == 0x40_1005 && step.savedAt[R.returnAddress] == cfa - 8)
        #expect(step.registers[R.rbx] == 0xb0b, "same value")
        #expect(step.registers[R.r12] == 0x1313, "held in r13")
        #expect(step.registers[R.r14] == cfa &- 48, "val_offset")
        #expect(step.registers[R.r15] == 0x1515 && step.savedAt[R.r15] == cfa + 40)
        #expect(step.registers[R.rax] == nil, "caller-saved without a rule: unknown")
        #expect(step.hasCaller)
        // One step on: _start's return address is undefined, so it is the outermost frame.
        let outer = try #require(try unwinder.unwind(step.registers, lookup: 0x40_1005 - 1))
        #expect(!outer.hasCaller)
        // Unreadable saved registers and unknown CFA registers are errors, not guesses.
        #expect(throws: FrameUnwindError.unreadableMemory(cfa - 16)) {
            try FrameUnwinder(frames: cfi, memory: QuadMemory(values: [:])).unwind(registers, lookup: pc)
        }
        #expect(throws: FrameUnwindError.unknownRegister(R.rbp)) {
            try unwinder.unwind([R.rsp: 0x7000_0f00], lookup: pc)
        }
        #expect(try unwinder.unwind(registers, lookup: 0x10) == nil, "no FDE covers 0x10")
    }

    @Test("a CFA computed by a DWARF expression (libc's signal trampoline) is reported as unsupported")
    func expressionsAreUnsupported() throws {
        let cfi = try CallFrameInformation(path: Reference.libc)
        // __restore_rt is not exported: its FDE is the one whose CIE has the S (signal frame) augmentation.
        let (cies, fdes) = try cfi.entries(of: cfi.sections[0])
        let trampoline = try #require(fdes.first { cies[$0.cieOffset]?.isSignalFrame == true }).start
        let unwinder = FrameUnwinder(frames: cfi, memory: QuadMemory(values: [:]))
        #expect(throws: FrameUnwindError.unsupportedExpression(register: nil)) {
            try unwinder.unwind([X86_64DWARFRegister.rsp: 0x1000], lookup: trampoline)
        }
    }

    @Test("damaged input: truncated entries and bad CIE pointers are errors, not crashes")
    func damaged() throws {
        // A CIE whose length runs past the section, and an FDE pointing before the section.
        for bytes: [UInt8] in [[0x20, 0, 0, 0, 0, 0, 0, 0, 1], [0x10, 0, 0, 0, 0x40, 0, 0, 0] + [UInt8](repeating: 0, count: 12),
                               [0x08, 0, 0, 0, 0, 0, 0, 0, 7, 0, 1, 0x78]] {
            let result = bytes.withUnsafeBytes { raw -> Result<Int, CallFrameError> in
                let section = CallFrameSection(kind: .ehFrame, bytes: raw, address: 0, bigEndian: false)
                do throws(CallFrameError) { return .success(try section.entries().fdes.count) } catch { return .failure(error) }
            }
            guard case .failure(let error) = result else { Issue.record("\(bytes) was accepted"); continue }
            #expect(error.description.contains(".eh_frame+0x"), "\(error)")
        }
    }

    func symbolAddress(_ file: String, _ name: String) throws -> UInt64 {
        let table = try runTool("/usr/bin/nm", [file])
        let line = try #require(table.split(separator: "\n").first { $0.hasSuffix(" " + name) })
        return UInt64(line.split(separator: " ")[0], radix: 16)!
    }

    static let cSource = """
        #include <alloca.h>
        #include <stdio.h>
        #include <string.h>
        __attribute__((noinline)) long leaf(long x) { return x * 3 + 1; }
        __attribute__((noinline)) long recurse(long n, long a, long b, long c) {
            if (n <= 0) return leaf(a + b + c);
            long x = recurse(n - 1, a * 2, b + 1, c ^ n);
            long y = recurse(n - 2, b, c, a);
            return x + y + leaf(a) + leaf(b) + leaf(c);
        }
        __attribute__((noinline)) long dynamic(int n) {
            char *buffer = alloca(n);
            memset(buffer, n, n);
            long sum = 0;
            for (int i = 0; i < n; i++) sum += buffer[i] * leaf(i);
            return sum;
        }
        int main(int argc, char **argv) {
            printf("%ld %ld\\n", recurse(argc + 5, 1, 2, 3), dynamic(argc * 100));
            return 0;
        }
        """

    /// A function whose CFI uses every rule gas has a directive for, and
    /// the opcodes it never writes by itself through .cfi_escape.
    static let assembly = """
            .text
            .globl _start
        _start:
            .cfi_startproc
            .cfi_undefined %rip
            call everything
            hlt
            .cfi_endproc

            .globl everything
            .type everything, @function
        everything:
            .cfi_startproc
            pushq %rbp
            .cfi_def_cfa_offset 16
            .cfi_offset %rbp, -16
            movq %rsp, %rbp
            .cfi_def_cfa_register %rbp
            pushq %rbx
            .cfi_offset %rbx, -24
            .cfi_remember_state
            nop
            .cfi_same_value %rbx
            .cfi_undefined %rax
            .cfi_register %r12, %r13
            nop
            .cfi_restore_state
            nop
            .cfi_val_offset %r14, -48
            # DW_CFA_def_cfa_sf rbp, -4*-8 = 32
            .cfi_escape 0x12, 0x06, 0x7c
            nop
            # DW_CFA_GNU_negative_offset_extended r15, 5: -5*-8 = c+40
            .cfi_escape 0x2f, 0x0f, 0x05
            # DW_CFA_def_cfa_offset_sf -2*-8 = 16, then DW_CFA_def_cfa_offset 32 back
            .cfi_escape 0x13, 0x7e
            nop
            .cfi_def_cfa_offset 32
            # DW_CFA_offset_extended_sf rax, -3*-8 = c+24; DW_CFA_restore_extended rax
            .cfi_escape 0x11, 0x00, 0x7d
            nop
            .cfi_escape 0x06, 0x00
            # DW_CFA_val_offset_sf rdx, 2*-8 = v-16; DW_CFA_undefined rdx
            .cfi_escape 0x15, 0x01, 0x02
            nop
            .cfi_escape 0x07, 0x01
            .cfi_same_value %rbx
            .cfi_register %r12, %r13
            # a gap long enough for DW_CFA_advance_loc2 and advance_loc4
            .skip 300, 0x90
            nop
            .cfi_escape 0x2e, 0x10
            .skip 70000, 0x90
            nop
            .cfi_escape 0x2e, 0x00
            popq %rbx
            popq %rbp
            ret
            .cfi_endproc
        """
}
