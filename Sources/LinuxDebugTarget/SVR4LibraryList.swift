import Glibc

/// The dynamic linker's list of loaded objects (`struct r_debug` and its
/// `link_map` chain, glibc's <link.h>), found through the executable's
/// DT_DEBUG entry, as the `qXfer:libraries-svr4:read` XML (GDB manual,
/// "Library List Format for SVR4 Targets").
struct SVR4LibraryList {
    struct Library {
        var name: String
        var linkMap: UInt64
        var loadBias: UInt64
        var dynamic: UInt64
    }

    var mainLinkMap: UInt64?
    var libraries: [Library] = []

    /// Reads the list from `process`; empty before the dynamic linker has
    /// filled r_debug (at the first instruction) or for a static program.
    init(process: TracedProcess) {
        guard let auxv = ProcFiles.read("/proc/\(process.pid)/auxv") else { return }
        var phdr: UInt64 = 0
        var phnum: UInt64 = 0
        var vdso: UInt64 = 0
        var i = 0
        while i + 16 <= auxv.count {
            let key = Self.word(auxv, i)
            let value = Self.word(auxv, i + 8)
            if key == 3 { phdr = value }
            if key == 5 { phnum = value }
            if key == 33 { vdso = value }  // AT_SYSINFO_EHDR
            if key == 0 { break }
            i += 16
        }
        guard phdr != 0, phnum > 0, phnum < 256 else { return }
        let headers = Self.read(process, phdr, Int(phnum) * 56)
        guard headers.count == Int(phnum) * 56 else { return }
        var bias: UInt64 = 0
        var dynamic: UInt64 = 0
        for h in 0..<Int(phnum) {
            let type = UInt32(truncatingIfNeeded: Self.word(headers, h * 56))
            let vaddr = Self.word(headers, h * 56 + 16)
            if type == 6 { bias = phdr &- vaddr }        // PT_PHDR
            if type == 2 { dynamic = vaddr }              // PT_DYNAMIC
        }
        guard dynamic != 0 else { return }
        dynamic = dynamic &+ bias
        var rDebug: UInt64 = 0
        for e in 0..<512 {
            let entry = Self.read(process, dynamic + UInt64(e * 16), 16)
            guard entry.count == 16 else { return }
            let tag = Self.word(entry, 0)
            if tag == 0 { break }
            if tag == 21 { rDebug = Self.word(entry, 8) }  // DT_DEBUG
        }
        guard rDebug != 0 else { return }
        let header = Self.read(process, rDebug, 16)
        guard header.count == 16 else { return }
        var map = Self.word(header, 8)
        var first = true
        var seen = 0
        while map != 0 && seen < 4096 {
            seen += 1
            let entry = Self.read(process, map, 40)
            guard entry.count == 40 else { break }
            let name = Self.string(process, Self.word(entry, 8))
            if first {
                mainLinkMap = map
                first = false
            } else if !name.isEmpty && !(vdso != 0 && Self.word(entry, 16) >= vdso && Self.word(entry, 16) < vdso + 0x10000) {
                // The vDSO has no file; gdb drops it itself when it can read
                // /proc/PID/maps through vFile, which this server does not offer.
                libraries.append(Library(name: name, linkMap: map, loadBias: Self.word(entry, 0),
                                         dynamic: Self.word(entry, 16)))
            }
            map = Self.word(entry, 24)
        }
    }

    var xml: String {
        var text = "<library-list-svr4 version=\"1.0\""
        if let mainLinkMap { text += " main-lm=\"0x\(String(mainLinkMap, radix: 16))\"" }
        text += ">"
        for library in libraries {
            text += "<library name=\"\(XMLText.escape(library.name))\" lm=\"0x\(String(library.linkMap, radix: 16))\""
            text += " l_addr=\"0x\(String(library.loadBias, radix: 16))\" l_ld=\"0x\(String(library.dynamic, radix: 16))\" lmid=\"0x0\"/>"
        }
        return text + "</library-list-svr4>"
    }

    static func word(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<8 { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        return value
    }

    static func read(_ process: TracedProcess, _ address: UInt64, _ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let n = bytes.withUnsafeMutableBytes { process.readMemory(at: address, into: $0) }
        return Array(bytes[0..<max(0, n)])
    }

    /// A NUL-terminated string of at most PATH_MAX bytes.
    static func string(_ process: TracedProcess, _ address: UInt64) -> String {
        guard address != 0 else { return "" }
        var result: [UInt8] = []
        var at = address
        while result.count < 4096 {
            let chunk = read(process, at, 256)
            if chunk.isEmpty { break }
            if let nul = chunk.firstIndex(of: 0) {
                result += chunk[0..<nul]
                break
            }
            result += chunk
            at += UInt64(chunk.count)
        }
        return String(decoding: result, as: UTF8.self)
    }
}

enum XMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}
