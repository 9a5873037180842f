import GDBStub

/// Frames a payload the plain way, with an independently computed checksum.
func frame(_ payload: String) -> String {
    let sum = payload.utf8.reduce(UInt8(0)) { $0 &+ $1 }
    let hex = String(sum, radix: 16)
    return "$" + payload + "#" + (hex.count == 1 ? "0" + hex : hex)
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

func hex(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

func hex(_ text: String) -> String { hex(Array(text.utf8)) }

/// A decoder event with its payload copied, for comparisons.
enum Event: Equatable {
    case packet(String)
    case checksumError(String)
    case overflow
    case invalidRunLength
    case ack
    case nack
    case interrupt

    init(_ event: PacketEvent) {
        switch event {
        case .packet(let p): self = .packet(String(decoding: p, as: UTF8.self))
        case .checksumError(let p, _, _): self = .checksumError(String(decoding: p, as: UTF8.self))
        case .overflow: self = .overflow
        case .invalidRunLength: self = .invalidRunLength
        case .ack: self = .ack
        case .nack: self = .nack
        case .interrupt: self = .interrupt
        }
    }
}

/// Owns a buffer for the lifetime of a test.
final class Buffer {
    let pointer: UnsafeMutableBufferPointer<UInt8>
    init(_ count: Int) {
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: 0)
    }
    deinit { pointer.deallocate() }
}

/// Feeds `input` to a fresh decoder and collects the events.
func decode(_ input: [UInt8], capacity: Int = 64) -> [Event] {
    let buffer = Buffer(capacity)
    var decoder = PacketDecoder(buffer: buffer.pointer)
    return input.compactMap { decoder.feed($0).map(Event.init) }
}

func decode(_ input: String, capacity: Int = 64) -> [Event] { decode(bytes(input), capacity: capacity) }

/// Encodes a payload written by `build` and returns the framed text.
func encode(capacity: Int = 256, runLength: Bool = true, _ build: (inout PacketWriter) -> Void) -> String? {
    let buffer = Buffer(capacity)
    var writer = PacketWriter(buffer: buffer.pointer)
    build(&writer)
    return writer.finish(runLength: runLength).map { String(decoding: $0, as: UTF8.self) }
}

/// Parses a payload (copied, since parsing decodes in place) and hands the
/// command to `body` while the copy lives.
func withCommand<R>(_ payload: String, _ body: (Command) throws -> R) throws -> R {
    var copy = bytes(payload)
    return try copy.withUnsafeMutableBufferPointer { buffer in
        try body(try Command.parse(buffer))
    }
}

/// Collects what a session writes.
final class ByteQueue: ByteSink {
    var bytes: [UInt8] = []
    var readIndex = 0

    func write(_ data: UnsafeBufferPointer<UInt8>) { bytes += data }

    /// Everything not read yet, as text; marks it read.
    func take() -> String {
        defer { readIndex = bytes.count }
        return String(decoding: bytes[readIndex...], as: UTF8.self)
    }

    func readByte() -> UInt8? {
        guard readIndex < bytes.count else { return nil }
        defer { readIndex += 1 }
        return bytes[readIndex]
    }
}

extension PacketWriter {
    /// Appends a run-time string (the library's `append` takes `StaticString`).
    mutating func append(text: String) {
        let b = Array(text.utf8)
        b.withUnsafeBufferPointer { append($0) }
    }
}
