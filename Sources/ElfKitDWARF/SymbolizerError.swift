// Why a file could not be symbolized. Flat, with payloads, like ElfError.

import ElfKit
#if canImport(Glibc)
import Glibc
#endif

public enum SymbolizerError: Error, Equatable, CustomStringConvertible {
    /// open/fstat/mmap failed; errno is kept.
    case cannotOpen(path: String, errno: Int32)
    /// The file is not a readable ELF file.
    case elf(path: String, ElfError)
    /// A compressed section could not be decompressed (name, reason).
    case decompression(section: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let e):
            return "\(path): \(String(cString: strerror(e)))"
        case .elf(let path, let error):
            return "\(path): \(error)"
        case .decompression(let section, let reason):
            return "cannot decompress \(section): \(reason)"
        }
    }
}
