import Foundation
import QEMUTestSupport
import Testing

/// Bytes no well-behaved gdb sends: the stub answers or ignores them, the
/// kernel never faults, and a real gdb session afterwards works.
@Suite(.serialized) struct HostileInputTests {
    @Test func garbageBadChecksumsOversizedAndAbsurdReadsLeaveTheKernelWorking() throws {
        let machine = try DebuggableMachine(append: "gdb=wait selftest=boot")
        let raw = try RawConnection(port: machine.port)
        raw.send([0x00, 0xFF, 0x7D, 0x23, 0x2A] + Array("random noise ###$$$".utf8))
        raw.send("$g#00")                                           // wrong checksum
        let nack = raw.receive { $0.contains("-") }
        #expect(nack.contains("-"), "a bad checksum is nacked: \(nack.debugDescription)")

        raw.sendPacket("m0,10")                                     // the null page is unmapped
        raw.sendPacket("mffff800000000000,100")                     // not mapped
        raw.sendPacket("m8000000000000000,10")                      // non-canonical
        raw.sendPacket("mfffffffffffffff0,ffffffff")                // wraps, absurd length
        raw.sendPacket("M0,4:deadbeef")                             // write to the null page
        let errors = raw.receive { Self.count("$E14#", in: $0) >= 4 }
        #expect(Self.count("$E14#", in: errors) >= 4, "unmapped accesses get E14: \(errors)")

        raw.sendPacket(String(repeating: "X", count: 20_000))     // larger than PacketSize
        raw.send("$m100000,")                                      // truncated, never finished
        raw.send([0x03, 0x03])
        raw.sendPacket("vMustReplyEmpty")
        raw.sendPacket("qSupported:multiprocess+;swbreak+")
        let after = raw.receive { $0.contains("PacketSize=") }
        #expect(after.contains("PacketSize="), "the stub still answers after the abuse: \(after)")
        raw.close()

        let gdb = try machine.runGDB(["info registers rip", "x/2xg 0x100000", "continue"])
        #expect(gdb.contains(#/rip +0x[0-9a-f]+/#), "a real gdb session works afterwards:\n\(gdb)")
        let run = machine.waitForExit()
        #expect(run.succeeded && run.output.contains("selftest boot: PASS"), "\(run.output)")
        #expect(!run.output.contains("EXCEPTION"), "the kernel faulted:\n\(run.output)")
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}
