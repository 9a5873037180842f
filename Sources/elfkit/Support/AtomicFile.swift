// Writing an output file so that it is either complete or absent: the
// bytes go to a temporary file in the same directory, which is flushed
// and then renamed over the destination (rename(2) is atomic within a
// file system). A failure removes the temporary file.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(FileError) {
        var failure: FileError? = nil
        bytes.withUnsafeBytes { raw in
            do throws(FileError) { try write(to: path, mode: mode) { (put) throws(FileError) in try put(raw) } }
            catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Creates `path` with permission bits `mode` (before the umask) from the
    /// pieces `produce` hands to the function it is given, in order.
    static func write(
        to path: String, mode: mode_t = 0o644,
        _ produce: ((UnsafeRawBufferPointer) throws(FileError) -> Void) throws(FileError) -> Void
    ) throws(FileError) {
        let directory: String
        if let slash = path.lastIndex(of: "/") {
            directory = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            directory = "."
        }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        var template = Array((directory + "/." + base + ".tmp.XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FileError(message: "cannot create a file in \(directory): " + lastError()) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var failure: String? = nil
        do throws(FileError) {
            try produce { (bytes) throws(FileError) in
                var offset = 0
                while offset < bytes.count {
                    let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw FileError(message: "cannot write: " + lastError())
                    }
                    offset += n
                }
            }
        } catch {
            failure = error.message
        }
        let mask = umask(0); umask(mask)
        if failure == nil && fchmod(fd, mode & ~mask) != 0 { failure = "cannot set permissions: " + lastError() }
        if failure == nil && fsync(fd) != 0 { failure = "cannot flush: " + lastError() }
        if close(fd) != 0 && failure == nil { failure = "cannot close: " + lastError() }
        if failure == nil && rename(temporary, path) != 0 { failure = "cannot rename into place: " + lastError() }
        if let failure {
            unlink(temporary)
            throw FileError(message: failure)
        }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
