// Demangling as llvm-symbolizer does it (LLVMSymbolizer::DemangleName with
// nonMicrosoftDemangle): Itanium C++ names ("_Z…", "___Z…", optionally
// after a '.') through the C++ runtime's __cxa_demangle. Swift names are
// left alone by llvm-symbolizer; the symbolizer demangles them only when
// asked (SwiftDemangler, the full form).

#if canImport(Glibc)
import Glibc
#endif

/// __cxa_demangle's C signature.
typealias CxaDemangle = @convention(c) (
    UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, UnsafeMutablePointer<Int>?, UnsafeMutablePointer<Int32>?
) -> UnsafeMutablePointer<CChar>?

/// The C++ runtime's demangler, found at run time: libstdc++ is loaded by
/// the Swift runtime on Linux, but SwiftPM does not put it on the link line
/// of every product, so a direct reference would not link everywhere.
struct CxaDemangleFunction: @unchecked Sendable {
    let function: CxaDemangle?

    init() {
        var symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__cxa_demangle")
        if symbol == nil, let handle = dlopen("libstdc++.so.6", RTLD_NOW | RTLD_GLOBAL) {
            symbol = dlsym(handle, "__cxa_demangle")
        }
        function = symbol.map { unsafeBitCast($0, to: CxaDemangle.self) }
    }

    /// Resolved once per process (an immutable value, not mutable state).
    static let shared = CxaDemangleFunction()
}

public enum CxxDemangler {
    /// Whether `name` is an Itanium encoding LLVM would demangle.
    static func isItanium(_ p: UnsafeRawBufferPointer) -> Bool {
        (p.count >= 2 && p[0] == 0x5f && p[1] == 0x5a)
            || (p.count >= 4 && p[0] == 0x5f && p[1] == 0x5f && p[2] == 0x5f && p[3] == 0x5a)
    }

    /// The demangling of an Itanium C++ name, or nil.
    public static func demangle(_ name: String) -> String? {
        var bytes = Array(name.utf8)
        bytes.append(0)
        return bytes.withUnsafeBytes { buffer in
            demangle(UnsafeRawBufferPointer(rebasing: buffer[0..<(buffer.count - 1)]))
                .map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// Demangles a NUL-terminated name (the NUL follows `name`), with LLVM's
    /// leading-dot rule: ".X" demangles as "." + demangle("X").
    static func demangle(_ name: UnsafeRawBufferPointer) -> [UInt8]? {
        guard var start = name.baseAddress else { return nil }
        var body = name
        var prefix: [UInt8] = []
        if body.count > 0 && body[0] == 0x2e {
            prefix = [0x2e]
            start += 1
            body = UnsafeRawBufferPointer(start: start, count: name.count - 1)
        }
        guard isItanium(body) else { return nil }
        var status: Int32 = 0
        guard let f = CxaDemangleFunction.shared.function,
              let out = f(start.assumingMemoryBound(to: CChar.self), nil, nil, &status), status == 0 else {
            return nil
        }
        defer { free(out) }
        let n = strlen(out)
        return prefix + UnsafeRawBufferPointer(start: out, count: n)
    }
}
