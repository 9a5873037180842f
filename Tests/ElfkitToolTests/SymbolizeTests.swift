// `elfkit symbolize` against /opt/swift/usr/bin/llvm-symbolizer: the same
// 1,000 random .text addresses (fixed seed) of glibc's separate debug file
// and of the project's own debug build must give the same frames
// (function and file:line) for at least 99.9% of the frames.

import Foundation
import TestSupport
import Testing

let llvmSymbolizer = "/opt/swift/usr/bin/llvm-symbolizer"

/// glibc's debug file, found through the build ID of the installed libc
/// (libc6-dbg, which `make deps` installs).
let glibcDebugFile: String? = {
    guard let r = try? elfkit(["notes", "--json", "/lib/x86_64-linux-gnu/libc.so.6"]), r.status == 0,
          let root = try? JSONSerialization.jsonObject(with: r.stdout) as? [String: Any],
          let containers = root["containers"] as? [[String: Any]] else { return nil }
    for c in containers {
        for n in c["notes"] as? [[String: Any]] ?? [] {
            if let id = n["buildID"] as? String, id.count > 2 {
                let path = "/usr/lib/debug/.build-id/\(id.prefix(2))/\(id.dropFirst(2)).debug"
                return FileManager.default.isReadableFile(atPath: path) ? path : nil
            }
        }
    }
    return nil
}()

/// `count` random addresses inside the .text section of `file` (read with elfkit sections --json).
func randomTextAddresses(_ file: String, count: Int, seed: UInt64) throws -> [UInt64] {
    let r = try elfkit(["sections", "--json", file])
    let root = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
    let sections = try #require(root["sections"] as? [[String: Any]])
    let text = try #require(sections.first { $0["name"] as? String == ".text" })
    let start = try #require((text["address"] as? NSNumber)?.uint64Value)
    let size = try #require((text["size"] as? NSNumber)?.uint64Value)
    var rng = SplitMix64(state: seed)
    return (0..<count).map { _ in start + rng.next() % size }
}

@Suite struct SymbolizeTests {
    /// Runs both symbolizers on the same stdin and compares them block by block.
    func compare(_ file: String, seed: UInt64) throws {
        let addresses = try randomTextAddresses(file, count: 1000, seed: seed)
        let dir = try TempDirectory()
        let input = try dir.write("addresses", addresses.map { "0x" + String($0, radix: 16) }.joined(separator: "\n") + "\n")
        let ours = try elfkit(["symbolize", "-e", file], stdinPath: input)
        let theirs = try runTool(llvmSymbolizer, ["--obj=\(file)"], stdinPath: input)
        #expect(ours.status == 0, "\(ours.err)")
        #expect(theirs.status == 0)
        let a = ours.out.components(separatedBy: "\n\n").dropLast()
        let b = theirs.out.components(separatedBy: "\n\n").dropLast()
        #expect(a.count == addresses.count)
        #expect(b.count == addresses.count)
        var frames = 0
        var same = 0
        var mismatches: [String] = []
        for (i, (x, y)) in zip(a, b).enumerated() {
            let fx = Self.frames(x)
            let fy = Self.frames(y)
            frames += max(fx.count, fy.count)
            for k in 0..<min(fx.count, fy.count) where fx[k] == fy[k] { same += 1 }
            if fx != fy {
                mismatches.append("0x\(String(addresses[i], radix: 16)):\n  elfkit:          \(x.replacingOccurrences(of: "\n", with: " | "))\n  llvm-symbolizer: \(y.replacingOccurrences(of: "\n", with: " | "))")
            }
        }
        let ratio = frames == 0 ? 0 : Double(same) / Double(frames)
        #expect(ratio >= 0.999, "\(file): \(same)/\(frames) frames identical; mismatches:\n\(mismatches.prefix(30).joined(separator: "\n"))")
        #expect(ours.out == theirs.out || ratio >= 0.999)
    }

    /// A block's frames as (function, file:line), dropping the column.
    static func frames(_ block: String) -> [String] {
        let lines = block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var result: [String] = []
        var i = 0
        while i + 1 < lines.count {
            var location = lines[i + 1]
            if let colon = location.lastIndex(of: ":"), location.filter({ $0 == ":" }).count >= 2 {
                location = String(location[..<colon])
            }
            result.append(lines[i] + " @ " + location)
            i += 2
        }
        return result
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: llvmSymbolizer)))
    func glibcDebugFileMatchesLLVMSymbolizer() throws {
        guard let file = glibcDebugFile else {
            let message = "glibc's debug file (libc6-dbg, /usr/lib/debug/.build-id/…) is missing; `make deps` installs it"
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record(Comment(rawValue: message))
            } else {
                print("SKIP: \(message)")
            }
            return
        }
        try compare(file, seed: 0x6c69_6263)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: llvmSymbolizer)))
    func projectDebugBuildMatchesLLVMSymbolizer() throws {
        let candidates = [Tool.productsDirectory.map { "\($0)/kernel-symbols" }, "\(Tool.packageRoot)/.build/debug/kernel-symbols"]
        let file = try #require(candidates.compactMap { $0 }.first { FileManager.default.isReadableFile(atPath: $0) },
                                "no debug build of kernel-symbols")
        try compare(file, seed: 0x6b73_796d)
    }

    @Test func argumentsStdinAndAliasesAgree() throws {
        let file = "/bin/ls"
        let dir = try TempDirectory()
        let input = try dir.write("in", "0x61d0\n0x4000\n")
        let fromStdin = try elfkit(["symbolize", "--obj=\(file)"], stdinPath: input)
        let fromArgs = try elfkit(["symbolize", "-e", file, "0x61d0", "0x4000"])
        let exe = try elfkit(["symbolize", "--exe", file, "0x61d0", "0x4000"])
        #expect(fromStdin.status == 0)
        #expect(fromStdin.out == fromArgs.out)
        #expect(exe.out == fromArgs.out)
        #expect(fromArgs.out.components(separatedBy: "\n\n").count == 3)
        let json = try elfkit(["symbolize", "--json", "-e", file, "0x61d0"])
        let array = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]])
        #expect(array.first?["Address"] as? String == "0x61d0")
        if FileManager.default.isExecutableFile(atPath: llvmSymbolizer) {
            let theirs = try runTool(llvmSymbolizer, ["--obj=\(file)", "--output-style=JSON", "0x61d0"])
            #expect(json.out == theirs.out)
        }
    }
}
