// A generated corpus of malformed ELF files: truncations of real files at
// many lengths, random mutations of header fields, huge counts, and
// overlapping or self-referencing section links. Every subcommand must
// exit 0 or 1 on each: never a crash (a signal) or another status.

import Foundation
import TestSupport
import Testing


/// Little-endian ELF64 field poking for the mutations.
extension Array where Element == UInt8 {
    mutating func put(_ value: UInt64, at offset: Int, width: Int) {
        guard offset >= 0, offset + width <= count else { return }
        for i in 0..<width { self[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
    }

    func get(_ offset: Int, width: Int) -> UInt64 {
        guard offset >= 0, offset + width <= count else { return 0 }
        var v: UInt64 = 0
        for i in 0..<width { v |= UInt64(self[offset + i]) << (8 * UInt64(i)) }
        return v
    }
}

@Suite struct MalformedInputTests {
    /// Small 64-bit little-endian seeds (the mutations below assume that layout).
    static func seeds() -> [(String, [UInt8])] {
        var result: [(String, [UInt8])] = []
        for path in ["/bin/true", "/usr/bin/env"] + generatedInputs.filter({ $0.hasSuffix("gcc.o") || $0.hasSuffix("clang.o") }) {
            if let d = try? Data(contentsOf: URL(fileURLWithPath: path)), d.count < 200_000 {
                result.append((URL(fileURLWithPath: path).lastPathComponent, [UInt8](d)))
            }
        }
        return result
    }

    /// 32-bit and big-endian seeds: only layout-independent damage (truncation, flips).
    static func otherSeeds() -> [(String, [UInt8])] {
        generatedInputs.filter { $0.hasSuffix("i686.o") || $0.hasSuffix("ppc64.o") || $0.hasSuffix(".elf") }
            .compactMap { path in
                (try? Data(contentsOf: URL(fileURLWithPath: path))).map { (URL(fileURLWithPath: path).lastPathComponent, [UInt8]($0)) }
            }
    }

    static func corpus() -> [(String, [UInt8])] {
        var rng = SplitMix64(state: 0x5eed_e1f0)
        var files: [(String, [UInt8])] = []
        for (name, bytes) in otherSeeds() {
            for i in 0..<16 { files.append(("\(name)-trunc-\(i)", Array(bytes.prefix(bytes.count * i / 16)))) }
            for k in 0..<30 {
                var m = bytes
                for _ in 0..<4 { m[Int(rng.next() % UInt64(m.count))] = UInt8(truncatingIfNeeded: rng.next()) }
                files.append(("\(name)-flip-\(k)", m))
            }
        }
        for (name, bytes) in seeds() {
            // Truncations: every header boundary region and spread lengths.
            var lengths: Set<Int> = [0, 1, 4, 15, 16, 17, 51, 52, 63, 64, 65, 120, 200]
            for i in 1..<24 { lengths.insert(bytes.count * i / 24) }
            let shoff = Int(bytes.get(40, width: 8))
            for d in [-64, -1, 0, 1, 63, 64] { lengths.insert(shoff + d) }
            for n in lengths where n >= 0 && n < bytes.count {
                files.append(("\(name)-trunc-\(n)", Array(bytes.prefix(n))))
            }
            let shnum = Int(bytes.get(60, width: 2))
            let shentsize = 64
            // Random mutations of header fields and of section headers.
            let headerFields: [(Int, Int)] = [(4, 1), (5, 1), (16, 2), (18, 2), (24, 8), (32, 8), (40, 8), (52, 2),
                                               (54, 2), (56, 2), (58, 2), (60, 2), (62, 2)]
            for k in 0..<40 {
                var m = bytes
                let (off, width) = headerFields[Int(rng.next() % UInt64(headerFields.count))]
                let choices: [UInt64] = [0, 1, 0xff, 0xffff, 0xffff_ffff, UInt64.max, rng.next(), UInt64(bytes.count)]
                m.put(choices[Int(rng.next() % UInt64(choices.count))], at: off, width: width)
                files.append(("\(name)-hdr-\(k)", m))
            }
            if shnum > 1 && shoff > 0 {
                let sectionFields: [(Int, Int)] = [(0, 4), (4, 4), (8, 8), (16, 8), (24, 8), (32, 8), (40, 4), (44, 4),
                                                    (48, 8), (56, 8)]
                for k in 0..<60 {
                    var m = bytes
                    let s = Int(rng.next() % UInt64(shnum))
                    let (off, width) = sectionFields[Int(rng.next() % UInt64(sectionFields.count))]
                    let choices: [UInt64] = [0, 1, 2, 3, 11, 0x7fff_ffff, UInt64.max, rng.next(), UInt64(s),
                                             UInt64(bytes.count), UInt64(shnum)]
                    m.put(choices[Int(rng.next() % UInt64(choices.count))], at: shoff + s * shentsize + off,
                          width: width)
                    files.append(("\(name)-sec-\(k)", m))
                }
                // Structured damage on every symbol table and string table.
                for s in 0..<shnum {
                    let base = shoff + s * shentsize
                    let type = bytes.get(base + 4, width: 4)
                    guard type == 2 || type == 11 || type == 3 else { continue }
                    var selfLink = bytes; selfLink.put(UInt64(s), at: base + 40, width: 4)
                    var hugeSize = bytes; hugeSize.put(UInt64.max / 2, at: base + 32, width: 8)
                    var zeroEntsize = bytes; zeroEntsize.put(0, at: base + 56, width: 8)
                    var oddEntsize = bytes; oddEntsize.put(7, at: base + 56, width: 8)
                    var emptyHugeEntsize = bytes
                    emptyHugeEntsize.put(0, at: base + 32, width: 8)
                    emptyHugeEntsize.put(UInt64.max, at: base + 56, width: 8)
                    var overlap = bytes; overlap.put(UInt64(shoff), at: base + 24, width: 8)  // contents = section table
                    var badLink = bytes; badLink.put(0xffff_ffff, at: base + 40, width: 4)
                    var nameIndex = bytes; nameIndex.put(UInt64(s), at: 62, width: 2)  // e_shstrndx -> this table
                    for (tag, m) in [("selflink", selfLink), ("hugesize", hugeSize), ("entsize0", zeroEntsize),
                                     ("entsize7", oddEntsize), ("empty-entsize-max", emptyHugeEntsize), ("overlap", overlap), ("badlink", badLink),
                                     ("shstrndx", nameIndex)] {
                        files.append(("\(name)-s\(s)-\(tag)", m))
                    }
                }
                // Extended numbering escapes with a damaged section 0.
                var xnum = bytes; xnum.put(0, at: 60, width: 2); xnum.put(UInt64.max, at: shoff + 32, width: 8)
                var xstr = bytes; xstr.put(0xffff, at: 62, width: 2); xstr.put(0xffff_ffff, at: shoff + 40, width: 4)
                var xph = bytes; xph.put(0xffff, at: 56, width: 2); xph.put(0xffff_ffff, at: shoff + 44, width: 4)
                files += [("\(name)-xnum", xnum), ("\(name)-xstr", xstr), ("\(name)-xph", xph)]
            }
            // Random byte flips anywhere.
            for k in 0..<20 {
                var m = bytes
                for _ in 0..<8 { m[Int(rng.next() % UInt64(m.count))] = UInt8(truncatingIfNeeded: rng.next()) }
                files.append(("\(name)-flip-\(k)", m))
            }
        }
        return files
    }

    @Test func neverCrashes() throws {
        let dir = try TempDirectory()
        let corpus = Self.corpus()
        #expect(corpus.count > 300)
        var failures: [String] = []
        for (n, (name, bytes)) in corpus.enumerated() {
            let path = try dir.write(name, bytes)
            for sub in tableSubcommands {
                for json in [false, true] where !json || n % 4 == 0 {
                    let r = try elfkit([sub, path] + (json ? ["--json"] : []))
                    if r.signaled || r.status > 1 {
                        failures.append("\(sub)\(json ? " --json" : "") \(name): status \(r.status) signaled \(r.signaled)")
                    } else if r.status == 1 {
                        if !r.stdout.isEmpty { failures.append("\(sub) \(name): failed but wrote to stdout") }
                        if !r.err.hasPrefix("elfkit: \(path): ") { failures.append("\(sub) \(name): stderr \(r.err)") }
                    } else if json, (try? JSONSerialization.jsonObject(with: r.stdout)) == nil {
                        failures.append("\(sub) --json \(name): output is not JSON")
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(20).joined(separator: "\n"))")
    }
}
