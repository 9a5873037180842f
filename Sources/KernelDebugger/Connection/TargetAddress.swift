#if canImport(Glibc)
import Glibc
#endif

/// Where the stub listens: what `kdbg attach TARGET` accepts.
public enum TargetAddress: Equatable, Sendable, CustomStringConvertible {
    /// A unix-domain socket (QEMU `-serial unix:PATH,server=on`).
    case unixSocket(path: String)
    /// TCP (`-serial tcp:HOST:PORT,server=on`, QEMU's `-gdb`, gdbserver).
    case tcp(host: String, port: UInt16)
    /// A serial device or pty (`-serial pty`, a real UART).
    case serial(path: String)

    /// Reads `text`: a path that is a socket or a character device, or `HOST:PORT`.
    public init(parsing text: String) throws(DebuggerError) {
        var st = stat()
        if stat(text, &st) == 0 {
            let type = st.st_mode & S_IFMT
            if type == S_IFSOCK { self = .unixSocket(path: text); return }
            if type == S_IFCHR { self = .serial(path: text); return }
            throw .usage("\(text): not a socket or a serial device")
        }
        if let colon = text.lastIndex(of: ":"), !text.contains("/") {
            let host = String(text[..<colon])
            guard let port = UInt16(text[text.index(after: colon)...]), port > 0 else {
                throw .usage("\(text): the port must be a number from 1 to 65535")
            }
            self = .tcp(host: host.isEmpty ? "127.0.0.1" : host, port: port)
            return
        }
        throw .usage("\(text): no such socket or device, and not HOST:PORT")
    }

    public var description: String {
        switch self {
        case .unixSocket(let path), .serial(let path): return path
        case .tcp(let host, let port): return "\(host):\(port)"
        }
    }
}
