import Foundation
import Testing

/// gdb's basics on a Swift program, against `kdbg server` and GNU
/// gdbserver. gdb 13 has no Swift language support: it shows Swift's
/// mangled names and cannot format Swift values, so values are read as
/// memory, and names are checked through swift-demangle.
@Suite(.serialized) struct SwiftProgramTests {
    @Test func breakInASwiftFunctionBacktraceLocalsAndExitStatus() throws {
        let program = try TestPrograms.swiftAccount
        let (ours, reference) = try againstBothServers(program, [
            "break account.swift:11", "continue", "bt", "x/gd &amount", "x/gd &before", "info sharedlibrary",
            "delete", "continue",
        ])
        let frame = try #require(ours.firstMatch(of: #/#0  (\$s\w+) \(amount=\.\.\., account=\.\.\.\) at .*account\.swift:11/#),
                                 "\(ours)")
        #expect(try demangled(String(frame.1)) == "account.deposit(_: Swift.Int, into: inout account.Account) -> Swift.Int")
        #expect(ours.contains(#/#1  0x[0-9a-f]+ in main \(\) at .*account\.swift:16/#), "\(ours)")
        #expect(ours.contains(#/0x7ff[0-9a-f]+:\t32\n/#), "amount:\n\(ours)")
        #expect(ours.contains(#/0x7ff[0-9a-f]+:\t10\n/#), "before:\n\(ours)")
        #expect(ours.contains(#/Yes \(\*\)\s+\S+/libswiftCore\.so/#), "the Swift runtime's symbols:\n\(ours)")
        #expect(ours.contains(#/\[Inferior 1 \(process \d+\) exited with code 012\]/#), "\(ours)")
        #expect(normalized(ours) == normalized(reference), "kdbg:\n\(ours)\n---- gdbserver:\n\(reference)")
    }

    func demangled(_ symbol: String) throws -> String {
        let demangler = Process()
        demangler.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        demangler.arguments = ["swift-demangle", "--compact", symbol]
        let out = Pipe()
        demangler.standardOutput = out
        try demangler.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        demangler.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
