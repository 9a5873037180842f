/// Host I/O (`vFile:` packets, GDB manual, E.8 "Host I/O Packets"): gdb
/// reads files of the machine the target runs on (binaries with the default
/// `target:` sysroot, /proc files). Read-only here: open, pread, close,
/// readlink, setfs. Conforming answers them; without it they get the empty
/// reply and gdb uses its local files.
public protocol HostFileIO: DebugTarget {
    /// Opens `path` (`flags` and `mode` in GDB's fileio values); returns the fd.
    mutating func openFile(_ path: UnsafeBufferPointer<UInt8>, flags: UInt64, mode: UInt64) -> HostIOResult
    /// Reads at `offset` into `buffer`; returns the count (0 at the end).
    mutating func readFile(_ fd: Int64, at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> HostIOResult
    mutating func closeFile(_ fd: Int64) -> HostIOResult
    /// The link's target into `buffer`; returns its length.
    mutating func readLink(_ path: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableRawBufferPointer) -> HostIOResult
    /// Later paths are those of process `pid`'s filesystem (0: the stub's own).
    mutating func setFileSystem(_ pid: UInt64) -> HostIOResult
}

extension HostFileIO {
    public static var _hasHostFileIO: Bool { true }

    public mutating func _hostIO(_ request: HostIORequest, into buffer: UnsafeMutableRawBufferPointer) -> HostIOResult {
        switch request {
        case .open(let path, let flags, let mode): return openFile(path, flags: flags, mode: mode)
        case .pread(let fd, let count, let offset):
            let n = min(count, buffer.count)
            return readFile(fd, at: offset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]))
        case .close(let fd): return closeFile(fd)
        case .readlink(let path): return readLink(path, into: buffer)
        case .setfs(let pid): return setFileSystem(pid)
        }
    }
}

/// A parsed `vFile:` request.
public enum HostIORequest {
    /// `vFile:open:PATHHEX,flags,mode` (path decoded).
    case open(UnsafeBufferPointer<UInt8>, flags: UInt64, mode: UInt64)
    /// `vFile:pread:fd,count,offset`.
    case pread(Int64, count: Int, offset: UInt64)
    /// `vFile:close:fd`.
    case close(Int64)
    /// `vFile:readlink:PATHHEX` (decoded).
    case readlink(UnsafeBufferPointer<UInt8>)
    /// `vFile:setfs:pid`.
    case setfs(UInt64)

    /// Whether the result carries data (pread, readlink): `F count;data`.
    var returnsData: Bool {
        switch self {
        case .pread, .readlink: return true
        default: return false
        }
    }
}

/// The outcome of a host I/O call: a value, or an errno in GDB's numbering
/// (GDB manual, E.13.8 "Errno Values": EPERM 1, ENOENT 2, EINTR 4, EBADF 9,
/// EACCES 13, EFAULT 14, EBUSY 16, EEXIST 17, ENODEV 19, ENOTDIR 20,
/// EISDIR 21, EINVAL 22, ENFILE 23, EMFILE 24, EFBIG 27, ENOSPC 28,
/// ESPIPE 29, EROFS 30, ENAMETOOLONG 91, EUNKNOWN 9999).
public enum HostIOResult: Equatable, Sendable {
    case value(Int64)
    case error(UInt64)
}
