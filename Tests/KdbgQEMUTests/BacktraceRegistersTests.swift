import Foundation
import QEMUTestSupport
import Testing

/// `bt full` against gdb on the same stop: gdb breaks in a selftest, prints
/// `frame N` + `info registers` for every frame and disconnects without
/// resuming; kdbg then attaches to the still-stopped kernel and unwinds.
@Suite(.serialized) struct BacktraceRegistersTests {
    static let registers = ["rbx", "rbp", "rsp", "r12", "r13", "r14", "r15", "rip"]

    /// gdb's register blocks, one per machine frame (an inlined frame, and
    /// `frame N` past the last one, repeat the block before it).
    static func gdbFrames(_ output: String) -> [[String: UInt64]] {
        var blocks: [[String: UInt64]] = []
        var current: [String: UInt64] = [:]
        for line in output.split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 2, registers.contains(String(words[0])) else { continue }
            if words[0] == "rbx", !current.isEmpty { blocks.append(current); current = [:] }
            if words[1].hasPrefix("0x"), let v = UInt64(words[1].dropFirst(2), radix: 16) { current[String(words[0])] = v }
        }
        if !current.isEmpty { blocks.append(current) }
        return blocks.reduce(into: []) { if $0.last != $1 { $0.append($1) } }
    }

    @Test func btFullRegistersMatchGDBOnTheSameStop() throws {
        let machine = try DebuggableMachine(append: "gdb=wait selftest=boot")
        let line = try kernelSourceLine("Selftests/BasicSelftests.swift", containing: "w.write(\"boot: \")")
        var commands = ["break BasicSelftests.swift:\(line)", "continue"]
        for n in 0..<10 { commands += ["frame \(n)", "info registers " + Self.registers.joined(separator: " ")] }
        let gdbOutput = try machine.runGDB(commands + ["disconnect"])
        let reference = Self.gdbFrames(gdbOutput)
        try #require(reference.count >= 4, "gdb found \(reference.count) frames:\n\(gdbOutput)")

        let (run, results) = try Kdbg.attach("127.0.0.1:\(machine.port)", ["bt full", "detach"])
        #expect(run.status == 0, "\(run.err)\n\(run.out)")
        let frames = try #require(results.first?["frames"] as? [[String: Any]], "\(run.out)")
        let machineFrames = frames.filter { $0["registers"] != nil }
        #expect(machineFrames.count == reference.count, "kdbg: \(machineFrames.count) frames, gdb: \(reference.count)\n\(gdbOutput)")
        var compared = 0
        for (i, (ours, theirs)) in zip(machineFrames, reference).enumerated() {
            let values = try #require(ours["registers"] as? [String: Any])
            for name in Self.registers {
                guard let expected = theirs[name] else { continue }
                let text = values[name] as? String
                #expect(text.flatMap { UInt64($0.dropFirst(2), radix: 16) } == expected,
                        "frame \(i) \(name): kdbg \(text ?? "<not saved>"), gdb 0x\(String(expected, radix: 16))")
                compared += 1
            }
            if i > 0 { #expect(ours["unwound"] as? String == "cfi", "frame \(i): \(ours)") }
        }
        #expect(compared >= 4 * Self.registers.count, "only \(compared) registers compared")
        // The callee-saved registers were found where the callees saved them.
        let saved = try #require(machineFrames[0]["saved"] as? [String: Any])
        #expect(saved["rip"] != nil && saved["rbp"] != nil, "\(machineFrames[0])")
        let result = machine.waitForExit()
        #expect(result.succeeded, "after detach the kernel finishes:\n\(result.output)")
    }
}
