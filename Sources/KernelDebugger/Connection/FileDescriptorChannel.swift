import GDBStub
#if canImport(Glibc)
import Glibc
#endif

/// A `ByteChannel` over a connected socket or a serial line, with the two
/// things the protocol layer leaves to the host: a reply timeout (a silent
/// stub must not hang kdbg) and Ctrl-C, which becomes the 0x03 byte while
/// the target runs.
public final class FileDescriptorChannel: ByteChannel {
    /// Why the last `readByte` returned nil.
    public enum Failure: Equatable, Sendable {
        case closed
        case timedOut(seconds: Double)
        case cancelled
    }

    public let fd: Int32
    /// How long a read waits for the peer; nil waits until it answers or
    /// closes (a running target).
    public var timeout: Double?
    /// While true, Ctrl-C sends 0x03 (the target runs); otherwise Ctrl-C
    /// cancels the wait (a long transfer).
    public var forwardsInterrupts = false
    public private(set) var failure: Failure?
    /// Bytes written and read, for throughput figures.
    public private(set) var bytesRead = 0
    public private(set) var bytesWritten = 0

    private var buffer = [UInt8](repeating: 0, count: 65536)
    private var start = 0
    private var end = 0
    private let isSocket: Bool

    public init(fd: Int32, timeout: Double? = 5) {
        self.fd = fd
        self.timeout = timeout
        var st = stat()
        isSocket = fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFSOCK
    }

    deinit { close() }

    public var isOpen: Bool { failure != .closed }

    public func close() {
        if failure != .closed {
            failure = .closed
            Glibc.close(fd)
        }
    }

    public func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard failure != .closed, var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = isSocket ? send(fd, p, left, Int32(MSG_NOSIGNAL)) : Glibc.write(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0); _ = poll(&pfd, 1, 100); continue }
                failure = .closed
                return
            }
            left -= n
            p += n
            bytesWritten += n
        }
    }

    public func write(_ byte: UInt8) {
        var copy = byte
        withUnsafeMutablePointer(to: &copy) { write(UnsafeBufferPointer(start: $0, count: 1)) }
    }

    public func readByte() -> UInt8? {
        if start == end {
            guard fill() else { return nil }
        }
        let byte = buffer[start]
        start += 1
        return byte
    }

    /// Waits for bytes, in slices short enough to notice Ctrl-C.
    private func fill() -> Bool {
        if failure == .closed { return false }
        failure = nil
        let deadline = timeout.map { monotonicSeconds() + $0 }
        while true {
            if InterruptFlag.isRaised {
                if forwardsInterrupts {
                    InterruptFlag.clear()
                    write(0x03)
                } else {
                    failure = .cancelled
                    return false
                }
            }
            var slice: Int32 = 100
            if let deadline {
                let left = deadline - monotonicSeconds()
                if left <= 0 {
                    failure = .timedOut(seconds: timeout ?? 0)
                    return false
                }
                slice = Int32(min(100, max(1, left * 1000)))
            }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, slice)
            if ready < 0 {
                if errno == EINTR { continue }
                close()
                return false
            }
            if ready == 0 { continue }
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                start = 0
                end = n
                bytesRead += n
                return true
            }
            if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            close()
            return false
        }
    }

    /// Drops bytes already received (stale replies after a timeout).
    public func discardInput() {
        start = 0
        end = 0
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while poll(&pfd, 1, 0) > 0 && pfd.revents & Int16(POLLIN) != 0 {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
        }
    }
}

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
