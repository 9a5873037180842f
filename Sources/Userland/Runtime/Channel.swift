import KeelABI

/// One end of a synchronous channel: `send` blocks until the other end has
/// received the message; `receive` blocks until a message arrives.
public struct Channel {
    public let handle: Handle
    public init(_ handle: Handle) { self.handle = handle }

    /// A new channel: two connected ends.
    public static func create() throws(SyscallError) -> (Channel, Channel) {
        var ends: (UInt32, UInt32) = (0, 0)
        _ = try Syscall.check(withUnsafeMutableBytes(of: &ends) { raw in
            Syscall.raw(.channelCreate, address(raw.baseAddress))
        })
        return (Channel(Handle(raw: ends.0)), Channel(Handle(raw: ends.1)))
    }

    /// Sends `bytes` (at most SyscallLimits.messageBytes) and moves `handles` to the receiver.
    public func send(_ bytes: UnsafeRawBufferPointer, handles: [Handle] = []) throws(SyscallError) {
        var raw = handles.map { $0.raw }
        _ = try Syscall.check(raw.withUnsafeMutableBytes { h in
            Syscall.raw(.channelSend, UInt64(handle.raw), address(bytes.baseAddress), UInt64(bytes.count),
                        address(h.baseAddress), UInt64(handles.count))
        })
    }

    public func send(bytes: [UInt8], handles: [Handle] = []) throws(SyscallError) {
        var raw = handles.map { $0.raw }
        _ = try Syscall.check(bytes.withUnsafeBytes { b in
            raw.withUnsafeMutableBytes { h in
                Syscall.raw(.channelSend, UInt64(handle.raw), address(b.baseAddress), UInt64(b.count),
                            address(h.baseAddress), UInt64(handles.count))
            }
        })
    }

    /// Receives into `buffer` (its count is the capacity).
    public func receive(into buffer: inout [UInt8]) throws(SyscallError) -> (count: Int, handles: [Handle]) {
        var received: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
        let result = try Syscall.check(buffer.withUnsafeMutableBytes { b in
            withUnsafeMutableBytes(of: &received) { h in
                Syscall.raw(.channelReceive, UInt64(handle.raw), address(b.baseAddress), UInt64(b.count),
                            address(h.baseAddress), UInt64(SyscallLimits.messageHandles))
            }
        })
        return Self.decode(result, received)
    }

    private static func decode(_ result: UInt64, _ received: (UInt32, UInt32, UInt32, UInt32)) -> (count: Int, handles: [Handle]) {
        let handleCount = Int(result >> 32)
        var handles: [Handle] = []
        withUnsafeBytes(of: received) { raw in
            for i in 0..<min(handleCount, 4) { handles.append(Handle(raw: raw.load(fromByteOffset: i * 4, as: UInt32.self))) }
        }
        return (Int(result & 0xFFFF_FFFF), handles)
    }

    public func send(_ text: String) throws(SyscallError) {
        var copy = text
        _ = try Syscall.check(copy.withUTF8 { bytes in
            Syscall.raw(.channelSend, UInt64(handle.raw), address(bytes.baseAddress), UInt64(bytes.count), 0, 0)
        })
    }

    /// Receives into `buffer`; returns the message length and the handles that came with it.
    public func receive(into buffer: UnsafeMutableRawBufferPointer) throws(SyscallError) -> (count: Int, handles: [Handle]) {
        var received: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
        let result = try Syscall.check(withUnsafeMutableBytes(of: &received) { h in
            Syscall.raw(.channelReceive, UInt64(handle.raw), address(buffer.baseAddress), UInt64(buffer.count),
                        address(h.baseAddress), UInt64(SyscallLimits.messageHandles))
        })
        return Self.decode(result, received)
    }
}
