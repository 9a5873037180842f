// Binaries for the note / relocation / dynamic / hash / version / compression
// tests: system files of this machine, and small files built once per test
// run with gcc, clang, ld and objcopy. Compared against GNU readelf.

import ElfKit
import Foundation
import Testing

enum SystemFiles {
    static let ls = "/bin/ls"
    static let libc = "/lib/x86_64-linux-gnu/libc.so.6"
    static let swiftCore = "/opt/swift/usr/lib/swift/linux/libswiftCore.so"
    static let all = [ls, libc, swiftCore].filter { FileManager.default.fileExists(atPath: $0) }
}

/// GNU readelf (binutils): its names are the reference for this part.
func gnuReadelf(_ args: [String]) throws -> String {
    try run("/usr/bin/readelf", args)
}

/// A library with versioned definitions (a hidden f@V1, f@@V2, h@@V2) that needs glibc.
let versionedLibraryC = """
    #include <stdio.h>
    int g_data = 1;
    int *g_ptr = &g_data;
    __asm__(".symver f_v1, f@V1");
    __asm__(".symver f_v2, f@@V2");
    int f_v1(void) { return g_data; }
    int f_v2(void) { return g_data + 1; }
    int h(void) { puts("h"); return f_v2() + *g_ptr; }
    """
/// The same without libc (this machine may lack 32-bit headers and libraries).
let versionedLibraryNoLibcC = versionedLibraryC
    .replacingOccurrences(of: "#include <stdio.h>", with: "extern int puts(const char *);")
let versionScript = "V1 { global: f; local: *; };\nV2 { global: f; h; g_data; g_ptr; } V1;\n"

/// A position-independent program with many pointers, for RELR.
let relrProgramC = """
    #include <stdio.h>
    int a = 1;
    int *p = &a;
    int *q[40] = { &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a,
                   &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a, &a };
    int *r[3] = { &a, 0, &a };
    int main(void) { printf("%d\\n", *p + *q[3]); return *r[0]; }
    """

/// Everything built once; `path(name)` is a built file or nil if the tool was missing.
final class Fixtures: @unchecked Sendable {
    static let shared = Fixtures()
    let dir: TempDir
    private(set) var built: [String: String] = [:]
    private(set) var skipped: [String: String] = [:]

    private init() {
        dir = try! TempDir()
        let lib = try! dir.file("lib.c", versionedLibraryC)
        let lib32 = try! dir.file("lib32.c", versionedLibraryNoLibcC)
        let map = try! dir.file("v.map", versionScript)
        let relr = try! dir.file("relr.c", relrProgramC)
        let sample = try! dir.file("sample.c", sampleC)
        let d = dir.path
        attempt("libsysv.so", "/usr/bin/gcc", ["-shared", "-fPIC", "-O1", "-Wl,--hash-style=sysv", "-Wl,--version-script=\(map)", lib, "-o", "\(d)/libsysv.so"])
        attempt("libboth.so", "/usr/bin/gcc", ["-shared", "-fPIC", "-O1", "-Wl,--hash-style=both", "-Wl,--version-script=\(map)", lib, "-o", "\(d)/libboth.so"])
        attempt("relr", "/usr/bin/gcc", ["-fPIE", "-pie", "-Wl,-z,pack-relative-relocs", "-Wl,-z,now", relr, "-o", "\(d)/relr"])
        attempt("isa", "/usr/bin/gcc", ["-O1", "-Wl,-z,x86-64-v2", "-fcf-protection=full", "-Wl,-z,ibt", "-Wl,-z,shstk", relr, "-o", "\(d)/isa"])
        attempt("x86_64.o", "/usr/bin/gcc", ["-c", "-O1", "-fPIC", sample, "-o", "\(d)/x86_64.o"])
        attempt("cet.o", "/usr/bin/gcc", ["-c", "-fcf-protection=full", sample, "-o", "\(d)/cet.o"])
        attempt("i386.o", "/usr/bin/gcc", ["-m32", "-c", "-O1", "-fPIC", lib32, "-o", "\(d)/i386.o"])
        if built["i386.o"] != nil {
            attempt("lib32.so", "/usr/bin/ld", ["-m", "elf_i386", "-shared", "--hash-style=both", "--version-script=\(map)", "\(d)/i386.o", "-o", "\(d)/lib32.so"])
        }
        attempt("ppc64.o", Tools.clang, ["--target=powerpc64-unknown-linux-gnu", "-c", "-O1", sample, "-o", "\(d)/ppc64.o"])
        attempt("aarch64.o", Tools.clang, ["--target=aarch64-unknown-linux-gnu", "-c", "-O1", "-mbranch-protection=standard", sample, "-o", "\(d)/aarch64.o"])
        attempt("riscv64.o", Tools.clang, ["--target=riscv64-unknown-linux-gnu", "-c", "-O1", sample, "-o", "\(d)/riscv64.o"])
        attempt("debug.o", "/usr/bin/gcc", ["-c", "-g", sample, "-o", "\(d)/debug.o"])
        attempt("zlib.o", "/usr/bin/gcc", ["-c", "-g", "-gz=zlib", sample, "-o", "\(d)/zlib.o"])
        attempt("zlib32.o", "/usr/bin/gcc", ["-m32", "-c", "-g", "-gz=zlib", sample, "-o", "\(d)/zlib32.o"])
        if built["debug.o"] != nil {
            attempt("zstd.o", "/usr/bin/objcopy", ["--compress-debug-sections=zstd", "\(d)/debug.o", "\(d)/zstd.o"])
            attempt("zdebug.o", "/usr/bin/objcopy", ["--compress-debug-sections=zlib-gnu", "\(d)/debug.o", "\(d)/zdebug.o"])
        }
    }

    private func attempt(_ name: String, _ tool: String, _ args: [String]) {
        do {
            try run(tool, args)
            built[name] = "\(dir.path)/\(name)"
        } catch {
            skipped[name] = "\(error)"
        }
    }

    func path(_ name: String) -> String? { built[name] }

    /// A built file that must exist on this machine.
    func require(_ name: String) throws -> String {
        guard let p = built[name] else {
            throw ToolFailure(description: "fixture \(name) was not built: \(skipped[name] ?? "?")")
        }
        return p
    }
}

/// Shared-object and executable inputs for the dynamic-side tests.
let dynamicFixtureNames = ["libsysv.so", "libboth.so", "relr", "lib32.so", "isa"]

/// The name of a section by index in `file` (for readelf-style symbol names).
func sectionName(_ file: ElfFile, _ index: Int) throws -> String {
    string(try file.name(of: try file.section(at: index)))
}

/// readelf's display name of a dynamic symbol: name@@V, name@V, name@V (N).
func versionedName(_ file: ElfFile, _ table: ElfSymbolTable, _ index: Int, versions: ElfSymbolVersioning?, forRelocation: Bool = false) throws -> String {
    let sym = try table.symbol(at: index)
    var name = string(try table.name(of: sym))
    if name.isEmpty, sym.type == .section, let s = try file.sectionIndex(of: sym, in: table) {
        name = try sectionName(file, s)
    }
    guard let versions, let v = try versions.version(of: sym) else { return name }
    switch v.kind {
    case .defaultVersion: return name + "@@" + string(v.name)
    case .hidden: return name + "@" + string(v.name)
    case .required: return name + "@" + string(v.name) + (forRelocation ? "" : " (\(v.index))")
    }
}
