import Foundation

/// A child process's output, collected as it comes (thread-safe).
public final class OutputBuffer: @unchecked Sendable {
    public init() {}
    private let lock = NSLock()
    private var data = Data()
    public func append(_ d: Data) { lock.lock(); data.append(d); lock.unlock() }
    public var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }

    /// Appends whatever arrives on `handle` from now on.
    public func follow(_ handle: FileHandle) {
        handle.readabilityHandler = { [self] h in
            let d = h.availableData
            if !d.isEmpty { append(d) }
        }
    }

    /// Appends what is left in a pipe after its writer exited, until EOF or
    /// `seconds` pass: bounded, because a process another test started may
    /// have inherited the pipe's write end and keep it open.
    public func drain(_ handle: FileHandle, for seconds: Double = 0.5) {
        let fd = handle.fileDescriptor
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 50) > 0 else { continue }
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { return }
            append(Data(buffer[0..<n]))
        }
    }
}
