import GDBStub
import Glibc

extension LinuxDebugTarget: HostFileIO {
    /// Read-only: gdb reads binaries and /proc files; writing is refused (EACCES).
    public mutating func openFile(_ path: UnsafeBufferPointer<UInt8>, flags: UInt64, mode: UInt64) -> HostIOResult {
        guard flags & 3 == 0 else { return .error(13) }
        let fd = open(hostPath(path), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .error(Self.gdbErrno(errno)) }
        openFiles.insert(fd)
        return .value(Int64(fd))
    }

    public mutating func readFile(_ fd: Int64, at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> HostIOResult {
        guard openFiles.contains(Int32(truncatingIfNeeded: fd)) else { return .error(9) }
        guard buffer.count > 0 else { return .value(0) }
        let n = pread(Int32(fd), buffer.baseAddress, buffer.count, off_t(Int64(bitPattern: offset)))
        return n < 0 ? .error(Self.gdbErrno(errno)) : .value(Int64(n))
    }

    public mutating func closeFile(_ fd: Int64) -> HostIOResult {
        guard openFiles.remove(Int32(truncatingIfNeeded: fd)) != nil else { return .error(9) }
        close(Int32(fd))
        return .value(0)
    }

    public mutating func readLink(_ path: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableRawBufferPointer) -> HostIOResult {
        guard let base = buffer.baseAddress else { return .error(22) }
        let n = hostPath(path).withCString { readlink($0, base.assumingMemoryBound(to: CChar.self), buffer.count) }
        return n < 0 ? .error(Self.gdbErrno(errno)) : .value(Int64(n))
    }

    public mutating func setFileSystem(_ pid: UInt64) -> HostIOResult {
        fileSystemPID = pid
        return .value(0)
    }

    /// A path as the process sees it (through /proc/PID/root after setfs).
    func hostPath(_ path: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: path, as: UTF8.self)
        guard fileSystemPID != 0, text.hasPrefix("/") else { return text }
        return "/proc/\(fileSystemPID)/root" + text
    }

    /// Linux errno to GDB's fileio errno (the same numbers for the common
    /// ones, ENAMETOOLONG 36 -> 91, anything else EUNKNOWN).
    static func gdbErrno(_ e: Int32) -> UInt64 {
        switch e {
        case EPERM, ENOENT, EINTR, EBADF, EACCES, EFAULT, EBUSY, EEXIST, ENODEV, ENOTDIR, EISDIR, EINVAL,
             ENFILE, EMFILE, EFBIG, ENOSPC, ESPIPE, EROFS:
            return UInt64(e)
        case ENAMETOOLONG: return 91
        default: return 9999
        }
    }
}
