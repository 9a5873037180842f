/// One part of a thread id (GDB manual, E.1 "Overview", thread-id syntax):
/// `-1` is every thread, `0` any thread, anything else a positive hex id.
public enum ThreadSelector: Equatable, Hashable, Sendable {
    case all
    case any
    case id(UInt64)
}

/// A thread id: `tid`, or in multiprocess mode `ppid.tid` / `ppid` (all
/// threads of process pid).
public struct ThreadID: Equatable, Hashable, Sendable {
    public var process: ThreadSelector?
    public var thread: ThreadSelector

    public init(process: ThreadSelector? = nil, thread: ThreadSelector) {
        self.process = process
        self.thread = thread
    }

    public init(_ id: UInt64) {
        self.init(thread: id == 0 ? .any : .id(id))
    }

    public static let all = ThreadID(thread: .all)
    public static let any = ThreadID(thread: .any)

    /// The thread's numeric id when one specific thread is named.
    public var specificID: UInt64? {
        if case .id(let id) = thread { return id }
        return nil
    }

    /// Parses a thread id at the scanner's position.
    public static func parse(_ scanner: inout PayloadScanner) -> ThreadID? {
        let saved = scanner
        if scanner.consume(UInt8(ascii: "p")) {
            guard let process = parseSelector(&scanner) else { scanner = saved; return nil }
            guard scanner.consume(UInt8(ascii: ".")) else { return ThreadID(process: process, thread: .all) }
            guard let thread = parseSelector(&scanner) else { scanner = saved; return nil }
            return ThreadID(process: process, thread: thread)
        }
        guard let thread = parseSelector(&scanner) else { return nil }
        return ThreadID(thread: thread)
    }

    private static func parseSelector(_ scanner: inout PayloadScanner) -> ThreadSelector? {
        if scanner.consume("-1") { return .all }
        guard let value = scanner.hexNumber() else { return nil }
        return value == 0 ? .any : .id(value)
    }

    /// Writes the id; with `multiprocess`, in `ppid.tid` form.
    public func write(to writer: inout PacketWriter, multiprocess: Bool = false) {
        if multiprocess, let process {
            writer.append(UInt8(ascii: "p"))
            ThreadID.write(process, to: &writer)
            writer.append(UInt8(ascii: "."))
        }
        ThreadID.write(thread, to: &writer)
    }

    private static func write(_ selector: ThreadSelector, to writer: inout PacketWriter) {
        switch selector {
        case .all: writer.append("-1")
        case .any: writer.append(UInt8(ascii: "0"))
        case .id(let id): writer.appendHex(number: id)
        }
    }
}
