// A whole input file as read-only bytes: mmap(2) for regular files, so a
// 200 MB binary costs only the pages a command touches; read(2) for
// anything that cannot be mapped (pipes, character devices).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read; `message` is what follows "elfkit: PATH: ".
struct FileError: Error {
    let message: String
}

final class MappedFile {
    let bytes: UnsafeRawBufferPointer
    private let mapped: Bool

    init(path: String) throws(FileError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(message: "cannot open: " + MappedFile.lastError()) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileError(message: "cannot stat: " + MappedFile.lastError()) }
        let kind = st.st_mode & S_IFMT
        if kind == S_IFDIR { throw FileError(message: "is a directory") }
        if kind == S_IFREG {
            let size = Int(st.st_size)
            if size == 0 {
                bytes = UnsafeRawBufferPointer(start: nil, count: 0)
                mapped = false
                return
            }
            guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
                throw FileError(message: "cannot map: " + MappedFile.lastError())
            }
            bytes = UnsafeRawBufferPointer(start: p, count: size)
            mapped = true
            return
        }
        // Not mappable: read it all.
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: 1 << 16, alignment: 16)
        var capacity = 1 << 16
        var used = 0
        while true {
            if used == capacity {
                let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
                bigger.copyMemory(from: buffer, byteCount: used)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let n = read(fd, buffer + used, capacity - used)
            if n < 0 {
                if errno == EINTR { continue }
                let message = MappedFile.lastError()
                buffer.deallocate()
                throw FileError(message: "cannot read: " + message)
            }
            if n == 0 { break }
            used += n
        }
        bytes = UnsafeRawBufferPointer(start: buffer, count: used)
        mapped = false
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        } else {
            base.deallocate()
        }
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
