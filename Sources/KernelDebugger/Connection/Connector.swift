#if canImport(Glibc)
import Glibc
#endif

/// Opens the file descriptor behind a `TargetAddress`.
public enum Connector {
    /// Connects, retrying for up to `waitSeconds` while the peer is not
    /// listening yet (QEMU just started).
    public static func open(_ address: TargetAddress, baud: Int = 115200, waitSeconds: Double = 0) throws(DebuggerError) -> Int32 {
        let deadline = monotonicSeconds() + waitSeconds
        while true {
            do throws(DebuggerError) {
                return try openOnce(address, baud: baud)
            } catch {
                if monotonicSeconds() >= deadline { throw error }
                usleep(20_000)
            }
        }
    }

    private static func openOnce(_ address: TargetAddress, baud: Int) throws(DebuggerError) -> Int32 {
        switch address {
        case .unixSocket(let path):
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw .connection("\(path): \(lastError())") }
            var addr = sockaddr_un()
            addr.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else {
                Glibc.close(fd)
                throw .usage("\(path): socket path too long")
            }
            withUnsafeMutableBytes(of: &addr.sun_path) { raw in
                for (i, b) in bytes.enumerated() { raw[i] = b }
            }
            let ok = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
                }
            }
            guard ok else {
                let message = lastError()
                Glibc.close(fd)
                throw .connection("\(path): \(message)")
            }
            return fd
        case .tcp(let host, let port):
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var result: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, String(port), &hints, &result)
            guard status == 0, let first = result else {
                throw .connection("\(host):\(port): \(String(cString: gai_strerror(status)))")
            }
            defer { freeaddrinfo(result) }
            var message = "no address"
            var info: UnsafeMutablePointer<addrinfo>? = first
            while let ai = info {
                let fd = socket(ai.pointee.ai_family, ai.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), ai.pointee.ai_protocol)
                if fd >= 0 {
                    if connect(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0 {
                        var one: Int32 = 1
                        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                        return fd
                    }
                    message = lastError()
                    Glibc.close(fd)
                }
                info = ai.pointee.ai_next
            }
            throw .connection("\(host):\(port): \(message)")
        case .serial(let path):
            let fd = Glibc.open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)
            guard fd >= 0 else { throw .connection("\(path): \(lastError())") }
            var tio = termios()
            if tcgetattr(fd, &tio) == 0 {
                cfmakeraw(&tio)
                guard let speed = baudConstant(baud) else {
                    Glibc.close(fd)
                    throw .usage("--baud \(baud): not a standard serial speed")
                }
                cfsetispeed(&tio, speed)
                cfsetospeed(&tio, speed)
                tio.c_cflag |= tcflag_t(CLOCAL | CREAD)
                tcsetattr(fd, TCSANOW, &tio)
            }
            return fd
        }
    }

    static func baudConstant(_ baud: Int) -> speed_t? {
        switch baud {
        case 9600: return speed_t(B9600)
        case 19200: return speed_t(B19200)
        case 38400: return speed_t(B38400)
        case 57600: return speed_t(B57600)
        case 115200: return speed_t(B115200)
        case 230400: return speed_t(B230400)
        case 460800: return speed_t(B460800)
        case 921600: return speed_t(B921600)
        default: return nil
        }
    }

    static func lastError() -> String { String(cString: strerror(errno)) }
}
