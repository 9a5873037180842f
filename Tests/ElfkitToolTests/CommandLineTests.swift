// The project's command-line contract for elfkit: --help and --version,
// exit status 0/1/2, errors on stderr as "elfkit: INPUT: problem" with
// nothing on stdout, JSON that parses, and no color when not on a terminal.

import Foundation
import TestSupport
import Testing

@Suite struct CommandLineTests {
    @Test func helpAndVersion() throws {
        let version = try elfkit(["--version"])
        #expect(version.status == 0)
        #expect(version.out == "0.1.0\n")
        let help = try elfkit(["--help"])
        #expect(help.status == 0)
        for sub in tableSubcommands + ["symbolize"] {
            #expect(help.out.contains(sub))
            let subHelp = try elfkit([sub, "--help"])
            #expect(subHelp.status == 0)
            #expect(subHelp.out.contains("--json"))
            #expect(subHelp.out.contains("--no-color"))
        }
    }

    @Test(arguments: [
        ["bogus", "/bin/ls"],
        ["info", "--bogus", "/bin/ls"],
        ["info"],
        ["symbols", "/bin/ls", "/bin/ls"],
        ["notes"],
        ["relocs", "--bogus", "/bin/ls"],
        ["dynamic", "/bin/ls", "/bin/ls"],
        ["symbolize", "0x1000"],
        ["symbolize", "-e"],
        ["symbolize", "--no-such-option", "-e", "/bin/ls"],
        [],
    ])
    func badUsageExits2(_ args: [String]) throws {
        let r = try elfkit(args)
        #expect(r.status == 2, "\(args)")
        #expect(!r.err.isEmpty)
        #expect(r.stdout.isEmpty)
    }

    @Test func badInputsExit1WithOneLine() throws {
        let dir = try TempDirectory()
        let ls = try Data(contentsOf: URL(fileURLWithPath: "/bin/ls"))
        let cases: [(String, String)] = [
            ("\(dir.path)/missing", "No such file"),
            (dir.path, "is a directory"),
            (try dir.write("text", "this is not an ELF file, but it is long enough to hold a header\n"), "not an ELF"),
            (try dir.write("empty", [UInt8]()), "truncated"),
            (try dir.write("header-only", Array(ls.prefix(64))), "section header"),
            (try dir.write("half", Array(ls.prefix(ls.count / 2))), "section header"),
            (try dir.write("bad-class", [0x7f, 0x45, 0x4c, 0x46, 9, 1, 1] + [UInt8](repeating: 0, count: 57)), "class"),
        ]
        for (path, problem) in cases {
            for sub in tableSubcommands + ["symbolize"] {
                for json in [false, true] {
                    let file = sub == "symbolize" ? ["-e", path, "0x1000"] : [path]
                    let r = try elfkit([sub] + file + (json ? ["--json"] : []))
                    #expect(r.status == 1, "\(sub) \(path)")
                    #expect(r.stdout.isEmpty, "\(sub) \(path)")
                    #expect(r.err.hasPrefix("elfkit: \(path): "), "\(r.err)")
                    #expect(r.err.contains(problem), "\(r.err)")
                    #expect(r.err.filter { $0 == "\n" }.count == 1)
                }
            }
        }
    }

    @Test func errorsNameTheStructureAndOffset() throws {
        let dir = try TempDirectory()
        var ls = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "/bin/ls")))
        ls[60] = 0xff; ls[61] = 0x7f  // e_shnum far beyond the file
        let path = try dir.write("huge-shnum", ls)
        let r = try elfkit(["sections", path])
        #expect(r.status == 1)
        #expect(r.err == "elfkit: \(path): malformed ELF file: file header at offset 0: e_shnum is out of bounds\n")
    }

    @Test(arguments: tableSubcommands)
    func jsonParses(_ sub: String) throws {
        for file in ["/bin/ls", "/lib/x86_64-linux-gnu/libc.so.6"] + generatedInputs {
            let r = try elfkit([sub, "--json", file])
            #expect(r.status == 0)
            let object = try JSONSerialization.jsonObject(with: r.stdout)
            let root = try #require(object as? [String: Any])
            #expect(root["file"] as? String == file)
        }
    }

    @Test func symbolsDynamicOnly() throws {
        let all = try elfkit(["symbols", "/bin/ls"]).out
        let dynamic = try elfkit(["symbols", "--dynamic", "/bin/ls"]).out
        #expect(dynamic.contains("Symbol table '.dynsym'"))
        #expect(!dynamic.contains("Symbol table '.symtab'"))
        #expect(all.hasPrefix(dynamic))
    }

    @Test func noEscapesWhenNotATerminal() throws {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NO_COLOR")
        for sub in tableSubcommands {
            let r = try elfkit([sub, "/bin/ls"], environment: environment)
            #expect(!r.stdout.contains(0x1b))
            let missing = try elfkit([sub, "/nonexistent"], environment: environment)
            #expect(!missing.stderr.contains(0x1b))
        }
    }

    /// On a terminal (faked with util-linux `script`), headings are bold,
    /// unless NO_COLOR is set (to a non-empty value, https://no-color.org) or --no-color is given.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func colorOnlyOnATerminal() throws {
        let tool = try #require(Tool.elfkit)
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NO_COLOR")
        func onTerminal(_ command: String, _ env: [String: String]) throws -> Data {
            try runTool("/usr/bin/script", ["-qc", command, "/dev/null"], environment: env).stdout
        }
        #expect(try onTerminal("'\(tool)' sections /bin/true", environment).contains(0x1b))
        #expect(!(try onTerminal("'\(tool)' sections --no-color /bin/true", environment).contains(0x1b)))
        var noColor = environment
        noColor["NO_COLOR"] = "1"
        #expect(!(try onTerminal("'\(tool)' sections /bin/true", noColor).contains(0x1b)))
    }

    @Test func closedPipeIsNotACrash() throws {
        // `elfkit symbols big | head -1`: the write fails with EPIPE and the
        // tool exits quietly with 0 instead of dying from SIGPIPE (141).
        let tool = try #require(Tool.elfkit)
        let r = try runTool("/bin/bash", ["-c", "set -o pipefail; '\(tool)' symbols "
                                          + "/opt/swift/usr/lib/swift/linux/libswiftCore.so | head -1"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasPrefix("\n") || r.out.isEmpty)
    }
}
