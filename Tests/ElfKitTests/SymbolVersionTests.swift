// GNU symbol versions against `readelf -sW --dyn-syms` and `readelf -VW`.

import ElfKit
import Foundation
import Testing

/// The .dynsym names column of readelf -sW --dyn-syms, by symbol index.
func readelfDynamicSymbolNames(_ path: String) throws -> [Int: String] {
    var names: [Int: String] = [:]
    var inDynsym = false
    for line in try gnuReadelf(["-sW", "--dyn-syms", path]).split(separator: "\n") {
        if line.hasPrefix("Symbol table '") { inDynsym = line.contains("'.dynsym'"); continue }
        guard inDynsym else { continue }
        let f = line.split(separator: " ", omittingEmptySubsequences: true)
        guard f.count >= 7, f[0].hasSuffix(":"), let index = Int(f[0].dropLast()) else { continue }
        // Name columns start after Ndx; versions needed carry " (N)".
        names[index] = f.dropFirst(7).map(String.init).joined(separator: " ")
    }
    return names
}

@Suite struct SymbolVersionTests {
    static let inputs = SystemFiles.all + ["libsysv.so", "libboth.so", "lib32.so", "relr"]

    @Test(arguments: inputs)
    func versionedNamesMatchReadelf(_ input: String) throws {
        let path = input.hasPrefix("/") ? input : try Fixtures.shared.require(input)
        let expected = try readelfDynamicSymbolNames(path)
        try withElf(try readBytes(path)) { file in
            let dynsym = try #require(try file.symbolTable(ofType: .dynsym))
            let versions = try #require(try file.symbolVersioning())
            #expect(versions.symbols.count == dynsym.count)
            #expect(expected.count == dynsym.count)
            var versioned = 0
            for i in 0..<dynsym.count {
                let ours = try versionedName(file, dynsym, i, versions: versions)
                #expect(ours == expected[i], "\(input) dynsym \(i)")
                if ours.contains("@") { versioned += 1 }
            }
            #expect(versioned > 0)
        }
    }

    @Test func fixtureVersionsAreDecoded() throws {
        try withElf(try readBytes(try Fixtures.shared.require("libboth.so"))) { file in
            let dynsym = try #require(try file.symbolTable(ofType: .dynsym))
            let versions = try #require(try file.symbolVersioning())
            var kinds: [String: ElfSymbolVersionKind] = [:]
            for i in 1..<dynsym.count {
                let sym = try dynsym.symbol(at: i)
                if let v = try versions.version(of: sym) {
                    kinds[string(try dynsym.name(of: sym)) + "@" + string(v.name)] = v.kind
                    if v.kind == .required { #expect(string(try #require(v.file)) == "libc.so.6") }
                }
            }
            #expect(kinds["f@V1"] == .hidden)
            #expect(kinds["f@V2"] == .defaultVersion)
            #expect(kinds["h@V2"] == .defaultVersion)
            #expect(kinds["puts@GLIBC_2.2.5"] == .required)

            // The definitions as readelf -V lists them: base, V1, V2 (parent V1).
            let s = try #require(try file.section(named: ".gnu.version_d"))
            var defs = try file.versionDefinitions(in: s)
            var listed: [String] = []
            while let d = try defs.next() {
                var names = d.names()
                var all: [String] = []
                while let n = try names.next() { all.append(string(n)) }
                listed.append("\(d.index):\(d.flags.contains(.base) ? "BASE" : "none"):\(all.joined(separator: ","))")
            }
            #expect(listed == ["1:BASE:libboth.so", "2:none:V1", "3:none:V2,V1"])
        }
    }

    @Test func requirementsMatchReadelf() throws {
        // readelf -V: "  0x0010:   Name: GLIBC_2.2.5  Flags: none  Version: 2"
        let out = try gnuReadelf(["-VW", SystemFiles.ls])
        var expected: [String] = []
        for line in out.split(separator: "\n") where line.contains("Name: ") && line.contains("Version: ") {
            let f = line.split(separator: " ")
            if let n = f.firstIndex(of: "Name:"), let v = f.firstIndex(of: "Version:") {
                expected.append("\(f[n + 1])=\(f[v + 1])")
            }
        }
        try withElf(try readBytes(SystemFiles.ls)) { file in
            let s = try #require(try file.section(named: ".gnu.version_r"))
            var needs = try file.versionRequirements(in: s)
            var got: [String] = []
            while let n = try needs.next() {
                var v = n.versions()
                while let a = try v.next() {
                    #expect(a.hash == elfSysVHash(UnsafeRawBufferPointer(a.name)))
                    got.append("\(string(a.name))=\(a.index)")
                }
            }
            #expect(got == expected)
        }
    }
}
