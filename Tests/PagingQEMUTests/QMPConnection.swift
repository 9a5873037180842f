import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A QEMU Machine Protocol connection over a unix socket, used to run human
/// monitor commands (`stop`, `info registers`, `pmemsave`, `info mem`,
/// `info tlb`) and read their text. Every read has a deadline.
final class QMPConnection {
    struct Failure: Error, CustomStringConvertible { let description: String }

    private let fd: Int32
    private var pending = [UInt8]()

    /// Connects to `path`, retrying until `timeout` (QEMU creates the socket
    /// shortly after it starts), and leaves capabilities negotiation done.
    init(path: String, timeout: Double = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var connected: Int32 = -1
        while connected < 0 && Date() < deadline {
            let s = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                let bytes = Array(path.utf8.prefix(raw.count - 1))
                raw.copyBytes(from: bytes + [0])
            }
            let ok = withUnsafePointer(to: &address) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(s, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
                }
            }
            if ok { connected = s } else { Glibc.close(s); Thread.sleep(forTimeInterval: 0.05) }
        }
        guard connected >= 0 else { throw Failure(description: "cannot connect to QMP socket \(path)") }
        fd = connected
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = try message(containing: "QMP", timeout: 10)
        _ = try execute(#"{"execute": "qmp_capabilities"}"#)
    }

    deinit { Glibc.close(fd) }

    /// Runs a human monitor command and returns what it printed.
    func human(_ command: String, timeout: Double = 60) throws -> String {
        let argument = String(data: try JSONSerialization.data(withJSONObject: ["command-line": command]), encoding: .utf8)!
        let reply = try execute(#"{"execute": "human-monitor-command", "arguments": "# + argument + "}", timeout: timeout)
        guard let text = reply["return"] as? String else { throw Failure(description: "\(command): \(reply)") }
        return text.replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// Sends one command and waits for its `return` or `error` (events in between are skipped).
    @discardableResult
    func execute(_ json: String, timeout: Double = 60) throws -> [String: Any] {
        let line = Array((json + "\n").utf8)
        _ = line.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        while true {
            let m = try message(containing: nil, timeout: timeout)
            if m["return"] != nil { return m }
            if let e = m["error"] { throw Failure(description: "\(json): \(e)") }
        }
    }

    /// The next JSON message (one per line), or the next one with key `key`.
    private func message(containing key: String?, timeout: Double) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = Data(pending[..<newline])
                pending.removeSubrange(...newline)
                guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else { continue }
                if key == nil || object[key!] != nil { return object }
                continue
            }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 { pending += buffer[0..<n] } else if n == 0 { throw Failure(description: "QMP connection closed") }
        }
        throw Failure(description: "no QMP reply within \(timeout) s")
    }
}
