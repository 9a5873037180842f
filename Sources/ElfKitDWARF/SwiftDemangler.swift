// Swift symbol demangling for the host tools, through the Swift runtime.
//
// The runtime's swift_demangle understands every mangling the toolchain
// emits, including Embedded Swift's "$e" prefix, so there is no second
// demangler to keep in sync. Its output is the full demangled form
// ("Kernel.kmain() -> ()"); BacktraceName turns that into the short form
// used in backtrace lines ("Kernel.kmain()").

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@_silgen_name("swift_demangle")
private func _swift_demangle(
    _ mangledName: UnsafePointer<CChar>?,
    _ mangledNameLength: Int,
    _ outputBuffer: UnsafeMutablePointer<CChar>?,
    _ outputBufferSize: UnsafeMutablePointer<Int>?,
    _ flags: UInt32
) -> UnsafeMutablePointer<CChar>?

public enum SwiftDemangler {
    /// Whether `name` looks like a mangled Swift symbol (any of the
    /// prefixes the runtime accepts, with or without the ELF/Mach-O underscore).
    public static func isMangledSwiftName(_ name: String) -> Bool {
        for prefix in ["$s", "$e", "$S", "_$s", "_$e", "_$S", "_T0", "@__swiftmacro_"] where name.hasPrefix(prefix) {
            return true
        }
        return false
    }

    /// The full demangling of `mangled`, or nil if it is not a Swift symbol.
    public static func demangle(_ mangled: String) -> String? {
        guard isMangledSwiftName(mangled) else { return nil }
        // The runtime takes a length but still calls strlen on the name
        // (isSwiftSymbol), so it must be NUL-terminated: withCString is.
        let result = mangled.withCString { _swift_demangle($0, strlen($0), nil, nil, 0) }
        guard let result else { return nil }
        defer { free(result) }
        let text = String(cString: result)
        // The runtime echoes input it cannot parse; that is not a demangling.
        return text == mangled ? nil : text
    }

    /// The name to print in a backtrace: demangled and simplified for a
    /// Swift symbol, unchanged for anything else (C, assembly labels).
    public static func backtraceName(_ symbol: String) -> String {
        guard let full = demangle(symbol) else { return symbol }
        return BacktraceName.simplify(full)
    }
}
