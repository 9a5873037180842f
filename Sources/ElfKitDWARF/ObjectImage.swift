// One ELF file opened for symbolization: its mapping, its section table by
// name, and its DWARF sections, decompressed once on first use.
//
// Compressed sections come in two encodings:
//  - SHF_COMPRESSED (gABI): the contents start with an Elf32_Chdr/Elf64_Chdr
//    { ch_type, [ch_reserved], ch_size, ch_addralign }; ch_type 1 is zlib,
//    2 is zstd.
//  - legacy GNU ".zdebug_*": "ZLIB", an 8-byte big-endian size, zlib data.
// The declared size is checked against a limit before allocating and
// against what the decompressor produced after.

import ElfKit
import CZlib
import CZstd
#if canImport(Glibc)
import Glibc
#endif

final class ObjectImage {
    let mapped: MappedFile
    let elf: ElfFile
    var path: String { mapped.path }
    private var sectionIndexByName: [String: Int] = [:]
    private var decompressed: [String: UnsafeRawBufferPointer] = [:]
    private var owned: [(UnsafeMutableRawPointer, Int)] = []

    /// Largest decompressed section accepted (a hostile ch_size cannot make us allocate more).
    static let maxDecompressedSize: UInt64 = 1 << 32

    init(path: String) throws(SymbolizerError) {
        mapped = try MappedFile(path: path)
        do {
            elf = try ElfFile(bytes: mapped.bytes)
        } catch {
            throw .elf(path: path, error)
        }
        for i in 0..<elf.sectionCount {
            guard let s = try? elf.section(at: i), let name = try? elf.name(of: s) else { continue }
            let key = String(decoding: name, as: UTF8.self)
            if sectionIndexByName[key] == nil { sectionIndexByName[key] = i }
        }
    }

    deinit {
        for (p, n) in owned { munmap(p, n) }
    }

    var bigEndian: Bool { elf.byteOrder == .big }

    func section(named name: String) -> ElfSectionHeader? {
        guard let i = sectionIndexByName[name] else { return nil }
        return try? elf.section(at: i)
    }

    /// Whether the file has DWARF to symbolize with (.debug_info or .zdebug_info with contents).
    var hasDebugInfo: Bool {
        for name in [".debug_info", ".zdebug_info"] {
            if let s = section(named: name), s.type != .nobits, s.size > 0 { return true }
        }
        return false
    }

    /// The contents of `.debug_xxx` (name given with its dot), decompressed;
    /// nil when absent, empty (SHT_NOBITS) or unreadable.
    func debugSection(_ name: String) throws(SymbolizerError) -> UnsafeRawBufferPointer? {
        if let d = decompressed[name] { return d }
        try loadDebugSections([name])
        return decompressed[name]
    }

    /// Loads several DWARF sections at once; compressed ones are inflated in
    /// parallel, the largest on a second thread (on glibc's debug file,
    /// .debug_info is most of the work). Same results as debugSection(_:).
    func loadDebugSections(_ names: [String]) throws(SymbolizerError) {
        var jobs: [DecompressionJob] = []
        for name in names where decompressed[name] == nil {
            if let s = section(named: name), s.type != .nobits, let raw = try? elf.contents(of: s) {
                if s.flags.contains(.compressed) {
                    jobs.append(try gabiJob(raw, name: name))
                } else {
                    decompressed[name] = raw
                }
            } else if name.hasPrefix(".debug_"), let s = section(named: ".z" + name.dropFirst()),
                      s.type != .nobits, let raw = try? elf.contents(of: s) {
                jobs.append(try gnuJob(raw, name: name))  // kept under the .debug_ name
            }
        }
        jobs.sort { $0.size > $1.size }
        var thread: pthread_t? = nil
        if jobs.count > 1, jobs[0].size >= 1 << 20 {
            let context = Unmanaged.passRetained(jobs[0]).toOpaque()
            var t = pthread_t()
            if pthread_create(&t, nil, { raw in
                let job = Unmanaged<DecompressionJob>.fromOpaque(raw!).takeRetainedValue()
                job.run()
                return nil
            }, context) == 0 {
                thread = t
            } else {
                Unmanaged<DecompressionJob>.fromOpaque(context).release()
            }
        }
        for (i, job) in jobs.enumerated() where !(i == 0 && thread != nil) { job.run() }
        if let thread { pthread_join(thread, nil) }
        for job in jobs {
            if let error = job.error { throw .decompression(section: job.name, reason: error) }
            decompressed[job.name] = UnsafeRawBufferPointer(start: job.output, count: Int(job.size))
        }
    }

    private func gabiJob(_ raw: UnsafeRawBufferPointer, name: String) throws(SymbolizerError) -> DecompressionJob {
        var c = DWARFCursor(raw, bigEndian: bigEndian)
        let type: UInt32
        let size: UInt64
        if elf.fileClass == .elf64 {
            type = c.u32(); _ = c.u32(); size = c.u64(); _ = c.u64()
        } else {
            type = c.u32(); size = UInt64(c.u32()); _ = c.u32()
        }
        guard !c.failed else { throw .decompression(section: name, reason: "truncated compression header") }
        let payload = UnsafeRawBufferPointer(rebasing: raw[c.offset...])
        guard type == 1 || type == 2 else { throw .decompression(section: name, reason: "unknown compression type \(type)") }
        let limit = type == 1 ? UInt64(payload.count) * 1032 + 64 : ObjectImage.maxDecompressedSize
        let out = try allocate(size, name: name, limit: limit)
        return DecompressionJob(name: name, zstd: type == 2, input: payload, size: size, output: out)
    }

    private func gnuJob(_ raw: UnsafeRawBufferPointer, name: String) throws(SymbolizerError) -> DecompressionJob {
        guard raw.count >= 12, raw[0] == 0x5a, raw[1] == 0x4c, raw[2] == 0x49, raw[3] == 0x42 else {
            throw .decompression(section: name, reason: "missing ZLIB header")
        }
        var c = DWARFCursor(raw, offset: 4, bigEndian: true)
        let size = c.u64()
        let payload = UnsafeRawBufferPointer(rebasing: raw[12...])
        let out = try allocate(size, name: name, limit: UInt64(payload.count) * 1032 + 64)
        return DecompressionJob(name: name, zstd: false, input: payload, size: size, output: out)
    }

    private func allocate(_ size: UInt64, name: String, limit: UInt64) throws(SymbolizerError) -> UnsafeMutableRawPointer {
        guard size <= limit, size <= ObjectImage.maxDecompressedSize else {
            throw .decompression(section: name, reason: "implausible decompressed size \(size)")
        }
        // Prefaulted anonymous memory: all of it is written at once by the decompressor.
        let length = max(Int(size), 1)
        guard let p = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0),
              p != MAP_FAILED else {
            throw .decompression(section: name, reason: "cannot allocate \(size) bytes")
        }
        owned.append((p, length))
        return p
    }

    // MARK: Finding separate debug files

    /// The NT_GNU_BUILD_ID note's descriptor, from any SHT_NOTE section.
    var buildID: [UInt8]? {
        for i in 0..<elf.sectionCount {
            guard let s = try? elf.section(at: i), s.type == .note, let data = try? elf.contents(of: s) else { continue }
            let align = s.addressAlignment == 8 ? 8 : 4
            var c = DWARFCursor(data, bigEndian: bigEndian)
            while c.remaining >= 12 {
                let nameSize = Int(c.u32()), descSize = Int(c.u32()), type = c.u32()
                let nameAt = c.offset
                c.skip((nameSize + align - 1) & ~(align - 1))
                let descAt = c.offset
                c.skip((descSize + align - 1) & ~(align - 1))
                if c.failed { break }
                if type == 3, nameSize == 4, data[nameAt] == 0x47, data[nameAt + 1] == 0x4e,
                   data[nameAt + 2] == 0x55, data[nameAt + 3] == 0, descSize > 0, descAt + descSize <= data.count {
                    return Array(data[descAt..<(descAt + descSize)])
                }
            }
        }
        return nil
    }

    /// .gnu_debuglink: the debug file's name, NUL, padding to 4, CRC-32.
    var debugLink: (name: String, crc: UInt32)? {
        guard let s = section(named: ".gnu_debuglink"), let data = try? elf.contents(of: s) else { return nil }
        var c = DWARFCursor(data, bigEndian: bigEndian)
        let start = c.skipCString()
        guard !c.failed else { return nil }
        let name = String(decoding: data[start..<(c.offset - 1)], as: UTF8.self)
        c.offset = (c.offset + 3) & ~3
        let crc = c.u32()
        return c.failed || name.isEmpty ? nil : (name, crc)
    }
}

/// One section to decompress into a buffer allocated beforehand. Runs on
/// any thread: it touches only its own input and output.
final class DecompressionJob: @unchecked Sendable {
    let name: String
    let zstd: Bool
    let input: UnsafeRawBufferPointer
    let size: UInt64
    let output: UnsafeMutableRawPointer
    var error: String? = nil

    init(name: String, zstd: Bool, input: UnsafeRawBufferPointer, size: UInt64, output: UnsafeMutableRawPointer) {
        self.name = name
        self.zstd = zstd
        self.input = input
        self.size = size
        self.output = output
    }

    func run() {
        if zstd {
            let rc = ZSTD_decompress(output, Int(size), input.baseAddress, input.count)
            if ZSTD_isError(rc) != 0 {
                error = String(cString: ZSTD_getErrorName(rc))
            } else if UInt64(rc) != size {
                error = "decompressed to \(rc) bytes, header says \(size)"
            }
        } else if let libdeflate = LibDeflate.shared, let d = libdeflate.alloc() {
            // libdeflate, when the system has it, inflates about twice as fast as zlib.
            defer { libdeflate.free(d) }
            var actual = 0
            let rc = libdeflate.zlibDecompress(d, input.baseAddress, input.count, output, Int(size), &actual)
            if rc != 0 {
                error = "deflate error \(rc)"
            } else if UInt64(actual) != size {
                error = "decompressed to \(actual) bytes, header says \(size)"
            }
        } else {
            var outLength = uLongf(size)
            let rc = uncompress(
                output.assumingMemoryBound(to: Bytef.self), &outLength,
                input.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(input.count))
            if rc != Z_OK {
                error = "zlib error \(rc)"
            } else if UInt64(outLength) != size {
                error = "decompressed to \(outLength) bytes, header says \(size)"
            }
        }
    }
}

/// libdeflate's zlib decoder, found at run time (an optional accelerator:
/// without libdeflate.so.0 the symbolizer uses zlib).
struct LibDeflate: @unchecked Sendable {
    typealias Alloc = @convention(c) () -> OpaquePointer?
    typealias Free = @convention(c) (OpaquePointer?) -> Void
    typealias ZlibDecompress = @convention(c) (
        OpaquePointer?, UnsafeRawPointer?, Int, UnsafeMutableRawPointer?, Int, UnsafeMutablePointer<Int>?
    ) -> Int32

    let alloc: Alloc
    let free: Free
    let zlibDecompress: ZlibDecompress

    /// Resolved once per process (an immutable value).
    static let shared: LibDeflate? = {
        guard let handle = dlopen("libdeflate.so.0", RTLD_NOW | RTLD_LOCAL),
              let a = dlsym(handle, "libdeflate_alloc_decompressor"),
              let f = dlsym(handle, "libdeflate_free_decompressor"),
              let z = dlsym(handle, "libdeflate_zlib_decompress") else { return nil }
        return LibDeflate(
            alloc: unsafeBitCast(a, to: Alloc.self), free: unsafeBitCast(f, to: Free.self),
            zlibDecompress: unsafeBitCast(z, to: ZlibDecompress.self))
    }()
}
