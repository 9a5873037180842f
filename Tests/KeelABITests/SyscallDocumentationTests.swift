import Foundation
import KeelABI
import Testing

/// docs/syscalls.md is the ABI's reference: its tables must say exactly what
/// KeelABI (compiled into the kernel and the user runtime) defines.
@Suite struct SyscallDocumentationTests {
    static let document: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/syscalls.md"), encoding: .utf8)) ?? ""
    }()

    /// Rows `| a | b | …` whose first cell matches `first`.
    func rows(_ first: Regex<Substring>) -> [[String]] {
        Self.document.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("| ") else { return nil }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let head = cells.first, (try? first.wholeMatch(in: head)) != nil else { return nil }
            return cells
        }
    }

    @Test func everySystemCallIsDocumentedWithItsNumberAndName() {
        let documented = rows(#/\d+/#).filter { $0.count >= 5 }
        var byNumber: [UInt64: String] = [:]
        for row in documented { byNumber[UInt64(row[0])!] = row[1] }
        for call in SyscallNumber.allCases {
            #expect(byNumber[call.rawValue] == "\(call.name)", "syscall \(call.rawValue) is `\(call.name)` in KeelABI")
        }
        #expect(byNumber.count == SyscallNumber.allCases.count, "the doc lists calls KeelABI does not have")
    }

    @Test func everyErrorCodeIsDocumented() {
        let documented = rows(#/-\d+/#)
        #expect(documented.count == SyscallError.allCases.count)
        for error in SyscallError.allCases {
            let row = documented.first { Int64($0[0]) == error.rawValue }
            #expect(row?[1] == "\(error.name)".split(separator: " (").first.map(String.init), "error \(error.rawValue)")
        }
    }

    @Test func rightsBitsMatch() {
        let documented = rows(#/`\w+`/#).filter { $0.count >= 3 && $0[1].hasPrefix("0x") }
        let expected: [(String, Rights)] = [("`read`", .read), ("`write`", .write), ("`grant`", .grant),
                                            ("`map`", .map), ("`manage`", .manage)]
        for (name, right) in expected {
            let row = documented.first { $0[0] == name }
            #expect(row.map { UInt32($0[1].dropFirst(2), radix: 16) } == right.rawValue, "\(name)")
        }
    }

    @Test func numbersAndCodesAreUnique() {
        #expect(Set(SyscallNumber.allCases.map(\.rawValue)).count == SyscallNumber.allCases.count)
        #expect(Set(SyscallError.allCases.map(\.rawValue)).count == SyscallError.allCases.count)
        #expect(SyscallError.allCases.allSatisfy { $0.rawValue < 0 })
    }
}
