import CPtrace
import GDBStub
import Testing
@testable import LinuxDebugTarget

/// The pieces of the ptrace target that need no process.
@Suite("LinuxDebugTarget parts: debug registers, register layout, signal numbers")
struct TargetPartsTests {
    @Test func watchedRangesSplitIntoAlignedPieces() {
        #expect(DebugRegisterSlots.pieces(address: 0x1000, length: 8).map { $0.1 } == [8])
        #expect(DebugRegisterSlots.pieces(address: 0x1001, length: 4).map { $0.1 } == [1, 2, 1])
        #expect(DebugRegisterSlots.pieces(address: 0x1004, length: 12).map { $0.0 } == [0x1004, 0x1008])
        var slots = DebugRegisterSlots()
        let first = slots.insert(address: 0x1000, length: 4, condition: .write)
        let second = slots.insert(address: 0x2000, length: 1, condition: .execute)
        #expect(first && second)
        // DR0: enabled, write, 4 bytes; DR1: enabled, execute, 1 byte.
        #expect(slots.dr7 == 1 | 1 << 16 | 3 << 18 | 1 << 2)
        // Three more pieces do not fit in the two free slots: nothing is taken.
        let third = slots.insert(address: 0x3001, length: 4, condition: .readWrite)
        #expect(!third)
        #expect(slots.slots.compactMap { $0 }.count == 2)
        let removed = slots.remove(address: 0x1000, length: 4, condition: .write)
        #expect(removed)
        #expect(slots.dr7 == 1 << 2)
    }

    @Test func registerLayoutMatchesTheDescription() {
        #expect(AMD64RegisterFile.totalSize == 560)
        // Every register of the XML, in order, with its size.
        let xml = AMD64LinuxDescription.document.description
        let sizes = xml.matches(of: #/<reg name="[a-z0-9_]+" bitsize="(\d+)"/#).map { Int($0.1)! / 8 }
        #expect(sizes == (0..<AMD64RegisterFile.count).map { AMD64RegisterFile.size(of: $0) })
    }

    @Test func registersRoundTripThroughTheirBytes() {
        var file = AMD64RegisterFile(general: user_regs_struct(), floating: user_fpregs_struct())
        let value: [UInt8] = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88]
        for n in [0, 7, 16, 57, 58] {
            let written = value.withUnsafeBytes { file.write(n, from: $0) }
            #expect(written)
            var out = [UInt8](repeating: 0, count: 8)
            let count = out.withUnsafeMutableBytes { file.read(n, into: $0) }
            #expect(count == 8)
            #expect(out == value, "register \(n)")
        }
        #expect(file.general.orig_rax == 0x8877_6655_4433_2211)
        // The full x87 tag word: all empty (0xffff) <-> abridged 0; one valid register.
        #expect(file.fullTagWord() == 0xffff)
        let tags: [UInt8] = [0xfc, 0xff, 0, 0]  // register 0 "valid" (00), others empty
        let tagsWritten = tags.withUnsafeBytes { file.write(34, from: $0) }
        #expect(tagsWritten)
        #expect(file.floating.ftw == 1)
    }

    @Test func signalNumbersBetweenLinuxAndGDB() {
        #expect(LinuxSignalNumbers.gdbSignal(fromLinux: SIGUSR1) == GDBSignal(30))
        #expect(LinuxSignalNumbers.gdbSignal(fromLinux: SIGCHLD) == GDBSignal(20))
        #expect(LinuxSignalNumbers.gdbSignal(fromLinux: SIGSEGV) == .segmentationFault)
        #expect(LinuxSignalNumbers.gdbSignal(fromLinux: 34) == GDBSignal(46))
        for signal in Int32(1)...64 where signal != 16 {
            let gdb = LinuxSignalNumbers.gdbSignal(fromLinux: signal)
            #expect(LinuxSignalNumbers.linuxSignal(fromGDB: gdb) == signal, "signal \(signal)")
        }
        #expect(LinuxSignalNumbers.linuxSignal(fromGDB: GDBSignal(143)) == nil)
    }
}
