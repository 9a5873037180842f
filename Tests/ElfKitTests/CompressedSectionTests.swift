// SHF_COMPRESSED (zlib, zstd; ELF32 and ELF64) and legacy .zdebug_* headers against readelf -t.

import ElfKit
import Foundation
import Testing

/// readelf -tW: section name -> (type, size, alignment) of compressed sections.
func readelfCompression(_ path: String) throws -> [String: (String, UInt64, UInt64)] {
    var out: [String: (String, UInt64, UInt64)] = [:]
    var name: String?
    for line in try gnuReadelf(["-tW", path]).split(separator: "\n") {
        let t = line.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("["), let close = t.firstIndex(of: "]"), !t.contains("]:"),
           Int(t[t.index(after: t.startIndex)..<close].trimmingCharacters(in: .whitespaces)) != nil {
            name = t[t.index(after: close)...].trimmingCharacters(in: .whitespaces)
            continue
        }
        if t.hasPrefix("ZLIB,") || t.hasPrefix("ZSTD,"), let name {
            let f = t.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            out[name] = (f[0], UInt64(f[1], radix: 16) ?? 0, UInt64(f[2]) ?? 0)
        }
    }
    return out
}

@Suite struct CompressedSectionTests {
    @Test(arguments: ["zlib.o", "zlib32.o", "zstd.o"])
    func compressedHeadersMatchReadelf(_ input: String) throws {
        let path = try Fixtures.shared.require(input)
        let expected = try readelfCompression(path)
        #expect(!expected.isEmpty)
        try withElf(try readBytes(path)) { file in
            var found: [String] = []
            for i in 0..<file.sectionCount {
                let s = try file.section(at: i)
                guard let c = try file.compressedContents(of: s) else { continue }
                let name = try sectionName(file, i)
                let w = try #require(expected[name], "\(name)")
                #expect((c.type == .zlib ? "ZLIB" : c.type == .zstd ? "ZSTD" : "?") == w.0)
                #expect(c.uncompressedSize == w.1 && c.uncompressedAlignment == w.2)
                let header = file.fileClass == .elf64 ? 24 : 12
                #expect(c.payload.count == Int(s.size) - header && !c.isLegacyGNU)
                // A zlib stream starts with CMF 0x78; a zstd frame with 28 b5 2f fd.
                if c.type == .zlib { #expect(c.payload.first == 0x78) }
                if c.type == .zstd { #expect(Array(c.payload.prefix(4)) == [0x28, 0xb5, 0x2f, 0xfd]) }
                found.append(name)
            }
            #expect(Set(found) == Set(expected.keys))
        }
    }

    @Test func legacyZdebugSections() throws {
        let plain = try Fixtures.shared.require("debug.o")
        let sizes: [String: UInt64] = try withElf(try readBytes(plain)) { file in
            var m: [String: UInt64] = [:]
            for i in 0..<file.sectionCount { m[try sectionName(file, i)] = try file.section(at: i).size }
            return m
        }
        try withElf(try readBytes(try Fixtures.shared.require("zdebug.o"))) { file in
            var count = 0
            for i in 0..<file.sectionCount {
                let name = try sectionName(file, i)
                guard let c = try file.compressedContents(of: try file.section(at: i)) else { continue }
                #expect(name.hasPrefix(".zdebug") && c.isLegacyGNU && c.type == .zlib)
                #expect(c.uncompressedSize == sizes[".debug" + name.dropFirst(".zdebug".count)], "\(name)")
                #expect(c.payload.first == 0x78)
                count += 1
            }
            #expect(count >= 3)
        }
    }

    @Test func hostileHeaders() throws {
        try [UInt8](repeating: 0, count: 20).withUnsafeBytes { raw in
            #expect(throws: ElfError.truncated(structure: .compressionHeader, offset: 7)) {
                _ = try ElfCompressedSection(chdrContents: raw, fileClass: .elf64, order: .little, baseOffset: 7)
            }
            let c32 = try ElfCompressedSection(chdrContents: raw, fileClass: .elf32, order: .big)
            #expect(c32.payload.count == 8 && c32.type.rawValue == 0)
            #expect(throws: ElfError.badValue(structure: .compressionHeader, field: .magic, offset: 0)) {
                _ = try ElfCompressedSection(zdebugContents: raw, alignment: 1)
            }
        }
        let zlib: [UInt8] = Array("ZLIB".utf8) + [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        try zlib.withUnsafeBytes { raw in
            // A claimed size of 2^64 - 1 is reported, not acted on.
            let c = try ElfCompressedSection(zdebugContents: raw, alignment: 1)
            #expect(c.uncompressedSize == .max && c.payload.isEmpty)
        }
    }
}
