import Glibc
import GDBStub

/// A TCP listening socket for `[HOST]:PORT` (IPv4 or IPv6, port 0 picks one).
struct ListeningSocket {
    let fd: Int32
    let port: Int

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Parses `[HOST]:PORT`, `HOST:PORT` or `PORT`.
    static func parse(_ text: String) -> (host: String?, port: Int)? {
        var host: String?
        var portText = text
        if let colon = text.lastIndex(of: ":") {
            let h = String(text[..<colon])
            portText = String(text[text.index(after: colon)...])
            if h.hasPrefix("[") && h.hasSuffix("]") {
                host = String(h.dropFirst().dropLast())
            } else if !h.isEmpty {
                host = h
            }
        }
        guard let port = Int(portText), (0...65535).contains(port) else { return nil }
        return (host, port)
    }

    init(host: String?, port: Int) throws(Failure) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw Failure(description: "cannot resolve '\(host ?? "")': \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError: Int32 = 0
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { lastError = errno; continue }
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0, listen(fd, 1) == 0 else {
                lastError = errno
                close(fd)
                continue
            }
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
            }
            let boundPort = withUnsafeBytes(of: address) { raw -> Int in
                // sin_port and sin6_port are both at offset 2, big-endian.
                Int(raw[2]) << 8 | Int(raw[3])
            }
            self.fd = fd
            self.port = boundPort
            return
        }
        throw Failure(description: "cannot listen on port \(port): \(String(cString: strerror(lastError)))")
    }

    /// Waits for one connection; returns its socket (TCP_NODELAY set, so
    /// small packets are not held back) and the peer's address.
    func accept() -> (Int32, String)? {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let client = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.accept(fd, $0, &length) }
        }
        guard client >= 0 else { return nil }
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        var one: Int32 = 1
        setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var service = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        let peer = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getnameinfo($0, length, &host, socklen_t(host.count), &service, socklen_t(service.count),
                            NI_NUMERICHOST | NI_NUMERICSERV) == 0
            }
        }
        func text(_ chars: [CChar]) -> String {
            String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        let description = peer ? "host \(text(host)), port \(text(service))" : "an unknown host"
        return (client, description)
    }
}

/// The session's output: bytes gathered and sent in one write before the
/// server waits again (a reply and its ack go out together).
struct SocketSink: ByteSink {
    let fd: Int32
    var pending: [UInt8] = []

    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        pending.append(contentsOf: bytes)
    }

    /// Sends what is pending; false when the peer is gone.
    mutating func flush() -> Bool {
        defer { pending.removeAll(keepingCapacity: true) }
        var offset = 0
        while offset < pending.count {
            let n = pending.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}
