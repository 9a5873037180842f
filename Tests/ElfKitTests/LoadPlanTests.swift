// ElfLoadPlan on real executables (checked against readelf -lW) and every
// rejection rule on program headers patched into a real static executable.

import ElfKit
import Foundation
import TestSupport
import Testing

/// Runs a program; returns its exit status, stdout and stderr (never throws on failure status).
/// Retries while exec says "Text file busy": a test that wrote the executable
/// itself shares the process with tests that fork, and a child forked while
/// the file was open for writing holds it until its own exec (transient).
func runCollecting(_ tool: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
    var attempts = 0
    while true {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch let error as NSError {
            let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError
            guard underlying?.domain == NSPOSIXErrorDomain, underlying?.code == Int(ETXTBSY), attempts < 50 else {
                throw error
            }
            attempts += 1
            Thread.sleep(forTimeInterval: 0.02)
            continue
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}

/// A static executable without libc: data, bss, TLS, and _start exiting with 7.
let staticStartC = """
    int data = 5; int bss[1000]; __thread int tls_value = 9;
    __attribute__((used)) int *tls_address(void) { return &tls_value; }
    void _start(void) { bss[3] = data; __asm__ volatile("mov $60, %eax; mov $7, %edi; syscall"); }
    """

func buildStaticExecutable(in dir: TempDir) throws -> String {
    let src = try dir.file("start.c", staticStartC)
    let out = "\(dir.path)/start"
    try run(Tools.clang, ["-static", "-nostdlib", "-O1", "-o", out, src])
    return out
}

struct ReadelfLoad {
    var offset, vaddr, fileSize, memorySize, align: UInt64
    var flags: String
}

/// PT_LOAD lines, entry point and interpreter as GNU readelf -lW prints them.
func readelfLoads(_ path: String) throws -> (entry: UInt64, loads: [ReadelfLoad], interpreter: String?) {
    var loads: [ReadelfLoad] = []
    var entry: UInt64 = 0
    var interpreter: String? = nil
    for line in try run("/usr/bin/readelf", ["-lW", path]).split(separator: "\n") {
        let f = line.split(separator: " ")
        if line.hasPrefix("Entry point"), let last = f.last { entry = parseSize(last) ?? 0 }
        if line.contains("Requesting program interpreter:"), let colon = line.lastIndex(of: ":") {
            interpreter = String(line[line.index(colon, offsetBy: 2)...].dropLast())
        }
        guard f.first == "LOAD", f.count >= 8 else { continue }
        let n = f.map { parseSize($0) ?? 0 }
        loads.append(ReadelfLoad(
            offset: n[1], vaddr: n[2], fileSize: n[4], memorySize: n[5], align: n[f.count - 1],
            flags: f[6..<(f.count - 1)].joined()))
    }
    return (entry, loads, interpreter)
}

func flagString(_ p: ElfSegmentFlags) -> String {
    (p.contains(.read) ? "R" : "") + (p.contains(.write) ? "W" : "") + (p.contains(.execute) ? "E" : "")
}

/// Plans `bytes`, returning the plan's summary or the error.
func loadPlanError(
    _ bytes: [UInt8], pageSize: UInt64 = 4096, limit: UInt64 = ElfLoadPlan.defaultUserSpaceLimit
) -> ElfError? {
    bytes.withUnsafeBytes { raw in
        do throws(ElfError) {
            _ = try ElfLoadPlan(file: try ElfFile(bytes: raw), pageSize: pageSize, userSpaceLimit: limit)
            return nil
        } catch { return error }
    }
}

/// Little-endian ELF64 field patching.
func putLE(_ bytes: inout [UInt8], _ value: UInt64, at offset: Int, width: Int = 8) {
    for i in 0..<width { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> UInt64(8 * i)) }
}

func getLE(_ bytes: [UInt8], at offset: Int, width: Int = 8) -> UInt64 {
    var v: UInt64 = 0
    for i in (0..<width).reversed() { v = v << 8 | UInt64(bytes[offset + i]) }
    return v
}

@Suite struct LoadPlanTests {
    static func checkAgainstReadelf(_ path: String, type: ElfFileType) throws {
        let bytes = try readBytes(path)
        let expected = try readelfLoads(path)
        try withElf(bytes) { file in
            let plan = try ElfLoadPlan(file: file)
            #expect(plan.type == type)
            #expect(plan.isRelocatable == (type == .sharedObject))
            #expect(plan.entry == expected.entry)
            #expect(plan.interpreter.map { string($0) } == expected.interpreter)
            let loads = expected.loads.filter { $0.memorySize > 0 }
            #expect(plan.mappings.count == loads.count)
            for (m, l) in zip(plan.mappings, loads) {
                #expect(m.virtualAddress == l.vaddr)
                #expect(m.fileOffset == l.offset)
                #expect(UInt64(m.fileBytes.count) == l.fileSize)
                #expect(m.memorySize == l.memorySize)
                #expect(flagString(m.permissions) == l.flags)
                #expect(m.virtualStart == l.vaddr & ~0xfff)
                #expect(m.offsetInFirstPage == l.vaddr & 0xfff)
                #expect(m.virtualEnd == (l.vaddr + l.memorySize + 0xfff) & ~0xfff)
                #expect(m.zeroFillStart == l.vaddr + l.fileSize)
                #expect(m.zeroFillEnd == l.vaddr + l.memorySize)
                #expect(Array(m.fileBytes) == Array(bytes[Int(l.offset)..<Int(l.offset + l.fileSize)]))
            }
            #expect(plan.imageStart == plan.mappings.first?.virtualStart)
            #expect(plan.requestsExecutableStack == false)
            #expect(plan.stackPermissions == [.read, .write])
        }
    }

    @Test func staticExecutableMatchesReadelf() throws {
        let dir = try TempDir()
        let path = try buildStaticExecutable(in: dir)
        #expect(try runCollecting(path, []).status == 7)
        try Self.checkAgainstReadelf(path, type: .executable)
        try withElf(try readBytes(path)) { file in
            let plan = try ElfLoadPlan(file: file)
            #expect(plan.interpreter == nil)
            let tls = try #require(plan.tls)
            #expect(tls.memorySize >= 4 && Array(tls.initialBytes.prefix(4)) == [9, 0, 0, 0])
            #expect(plan.mappings.contains { $0.zeroFillEnd - $0.zeroFillStart >= 4000 })
        }
    }

    @Test func dynamicExecutableIsRelocatableWithInterpreter() throws {
        try Self.checkAgainstReadelf("/bin/ls", type: .sharedObject)
    }

    /// The static executable and the indices of its PT_LOADs, and the phdr offset.
    static func sample() throws -> (bytes: [UInt8], loads: [Int], phoff: Int) {
        let dir = try TempDir()
        let bytes = try readBytes(try buildStaticExecutable(in: dir))
        let loads = try withElf(bytes) { file in
            try (0..<file.programHeaderCount).filter { try file.programHeader(at: $0).type == .load }
        }
        #expect(loads.count >= 2)
        return (bytes, loads, Int(getLE(bytes, at: 32)))
    }

    /// Expects `change` applied to the sample's bytes to be rejected for `reason`.
    func expectRejection(
        _ reason: ElfLoadRejection, pageSize: UInt64 = 4096,
        limit: UInt64 = ElfLoadPlan.defaultUserSpaceLimit,
        _ change: (inout [UInt8], _ ph: (Int) -> Int, _ loads: [Int]) -> Void
    ) throws {
        var (bytes, loads, phoff) = try Self.sample()
        #expect(loadPlanError(bytes) == nil)
        change(&bytes, { phoff + 56 * $0 }, loads)
        guard case .loadRejected(let r, _)? = loadPlanError(bytes, pageSize: pageSize, limit: limit) else {
            Issue.record("expected \(reason), got \(String(describing: loadPlanError(bytes, pageSize: pageSize, limit: limit)))")
            return
        }
        #expect(r == reason)
    }

    @Test func everyRuleRejectsACraftedHeader() throws {
        try expectRejection(.noLoadableSegment) { b, ph, loads in for i in loads { putLE(&b, 0, at: ph(i), width: 4) } }
        try expectRejection(.fileSizeExceedsMemorySize) { b, ph, loads in
            let p = ph(loads[0]); putLE(&b, getLE(b, at: p + 40) + 1, at: p + 32)
        }
        try expectRejection(.segmentOutsideFile) { b, ph, loads in
            let p = ph(loads.last!); putLE(&b, UInt64(b.count), at: p + 8); putLE(&b, 1, at: p + 48)
        }
        try expectRejection(.addressOverflow) { b, ph, loads in putLE(&b, UInt64.max - 8, at: ph(loads.last!) + 40) }
        try expectRejection(.badAlignment) { b, ph, loads in putLE(&b, 0x1001, at: ph(loads.last!) + 48) }
        try expectRejection(.misalignedSegment) { b, ph, loads in
            let p = ph(loads.last!); putLE(&b, getLE(b, at: p + 16) + 8, at: p + 16)
        }
        try expectRejection(.overlappingSegments) { b, ph, loads in
            let (p, q) = (ph(loads[0]), ph(loads.last!))
            putLE(&b, getLE(b, at: p + 16), at: q + 16); putLE(&b, 1, at: q + 48)
        }
        try expectRejection(.unsortedSegments) { b, ph, loads in
            let (p, q) = (ph(loads[0]), ph(loads.last!))
            putLE(&b, getLE(b, at: p + 16) - 0x10000, at: q + 16); putLE(&b, 1, at: q + 48)
        }
        try expectRejection(.writableAndExecutable) { b, ph, loads in
            let p = ph(loads.last!); putLE(&b, getLE(b, at: p + 4, width: 4) | 1, at: p + 4, width: 4)
        }
        try expectRejection(.entryNotExecutable) { b, ph, loads in putLE(&b, getLE(b, at: ph(loads.last!) + 16), at: 24) }
        try expectRejection(.outsideUserSpace) { b, ph, loads in
            let p = ph(loads.last!); putLE(&b, getLE(b, at: p + 16) | 0xffff_8000_0000_0000, at: p + 16)
        }
        try expectRejection(.outsideUserSpace, limit: 0x40_0000) { _, _, _ in }
        try expectRejection(.badPageSize, pageSize: 0) { _, _, _ in }
        try expectRejection(.badPageSize, pageSize: 3000) { _, _, _ in }
        try expectRejection(.unsupportedFileType) { b, _, _ in putLE(&b, 1, at: 16, width: 2) }
        try expectRejection(.duplicateSegment) { b, ph, _ in
            var stacks: [Int] = []
            for i in 0..<Int(getLE(b, at: 56, width: 2)) where getLE(b, at: ph(i), width: 4) != 1 { stacks.append(ph(i)) }
            for p in stacks.prefix(2) { putLE(&b, 0x6474_e551, at: p, width: 4) }
        }
    }

    @Test func corruptedProgramHeadersNeverTrap() throws {
        let (bytes, _, phoff) = try Self.sample()
        let phnum = Int(getLE(bytes, at: 56, width: 2))
        var rng = SplitMix64(state: 0x4b45454c)
        var rejected = 0
        for _ in 0..<3000 {
            var b = bytes
            for _ in 0..<(1 + rng.below(4)) {
                let at = phoff + rng.below(56 * phnum)
                b[at] = rng.below(3) == 0 ? 0xff : UInt8(truncatingIfNeeded: rng.next())
            }
            if loadPlanError(b) != nil { rejected += 1 }
        }
        #expect(rejected > 0)
    }
}
