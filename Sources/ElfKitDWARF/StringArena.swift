// Bytes the symbolizer makes (joined paths, demangled names) live here, in
// malloc'd chunks freed with the arena, so that they can be referenced by
// the same pointer-and-length DWARFString as strings inside sections.

#if canImport(Glibc)
import Glibc
#endif

final class StringArena {
    private var chunks: [UnsafeMutableRawPointer] = []
    private var current: UnsafeMutableRawPointer? = nil
    private var used = 0
    private var capacity = 0

    deinit { for c in chunks { free(c) } }

    /// Copies `bytes` into the arena (with a trailing NUL) and returns the copy.
    func store(_ bytes: UnsafeRawBufferPointer) -> DWARFString {
        let n = bytes.count
        if current == nil || capacity - used < n + 1 {
            let size = max(64 * 1024, n + 1)
            guard let p = malloc(size) else { return .empty }
            chunks.append(p)
            current = p
            used = 0
            capacity = size
        }
        let dst = current! + used
        if n > 0 { dst.copyMemory(from: bytes.baseAddress!, byteCount: n) }
        dst.storeBytes(of: 0, toByteOffset: n, as: UInt8.self)
        used += n + 1
        return DWARFString(start: UnsafeRawPointer(dst), count: n)
    }

    func store(_ bytes: [UInt8]) -> DWARFString {
        bytes.withUnsafeBytes { store($0) }
    }
}
