// `qSupported[:gdbfeature;...]` (GDB manual, E.4 "General Query Packets").
// gdb lists what it supports as `name+`, `name-`, `name?` or `name=value`
// (e.g. `multiprocess+;swbreak+;hwbreak+;qRelocInsn+;...;xmlRegisters=i386`);
// the stub replies with what it supports in the same form, including
// `PacketSize=` in hex: the largest packet it accepts.

/// One entry of a qSupported feature list.
public struct Feature {
    public enum Value {
        /// `name+`
        case supported
        /// `name-`
        case unsupported
        /// `name?`
        case query
        /// `name=value`
        case value(UnsafeBufferPointer<UInt8>)
    }

    public var name: UnsafeBufferPointer<UInt8>
    public var value: Value

    /// Whether the name is `text`.
    public func isNamed(_ text: StaticString) -> Bool {
        guard name.count == text.utf8CodeUnitCount else { return false }
        return text.withUTF8Buffer { $0.elementsEqual(name) }
    }

    /// `name+`
    public var isSupported: Bool {
        if case .supported = value { return true }
        return false
    }
}

/// The features of a `qSupported:` packet, read lazily from the payload.
public struct FeatureList: Sequence {
    public let bytes: UnsafeBufferPointer<UInt8>

    public init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Whether gdb sent `name+`.
    public func supports(_ name: StaticString) -> Bool {
        contains { $0.isNamed(name) && $0.isSupported }
    }

    /// The value of `name=value`, if sent.
    public func value(of name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        for feature in self where feature.isNamed(name) {
            if case .value(let v) = feature.value { return v }
        }
        return nil
    }

    public struct Iterator: IteratorProtocol {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        public mutating func next() -> Feature? {
            while index < bytes.count {
                var end = index
                while end < bytes.count, bytes[end] != UInt8(ascii: ";") { end += 1 }
                let entry = UnsafeBufferPointer(rebasing: bytes[index..<end])
                index = end + 1
                if let feature = Iterator.parse(entry) { return feature }
            }
            return nil
        }

        static func parse(_ entry: UnsafeBufferPointer<UInt8>) -> Feature? {
            guard !entry.isEmpty else { return nil }
            if let equals = entry.firstIndex(of: UInt8(ascii: "=")) {
                return Feature(name: UnsafeBufferPointer(rebasing: entry[0..<equals]),
                               value: .value(UnsafeBufferPointer(rebasing: entry[(equals + 1)...])))
            }
            let name = UnsafeBufferPointer(rebasing: entry[0..<(entry.count - 1)])
            switch entry[entry.count - 1] {
            case UInt8(ascii: "+"): return Feature(name: name, value: .supported)
            case UInt8(ascii: "-"): return Feature(name: name, value: .unsupported)
            case UInt8(ascii: "?"): return Feature(name: name, value: .query)
            default: return Feature(name: entry, value: .supported)
            }
        }
    }

    public func makeIterator() -> Iterator { Iterator(bytes: bytes) }
}

/// What a stub announces in its qSupported reply.
public struct StubFeatures: Equatable, Sendable {
    /// `PacketSize=`: the largest payload the stub accepts.
    public var packetSize: Int
    /// `QStartNoAckMode+`
    public var noAckMode = true
    /// `swbreak+`: stop replies say when a software breakpoint was hit.
    public var softwareBreakpoints = false
    /// `hwbreak+`: likewise for hardware breakpoints.
    public var hardwareBreakpoints = false
    /// `qXfer:features:read+`: a target description is available.
    public var targetDescription = false
    /// `vContSupported+`
    public var vContSupported = true
    /// `qXfer:OBJECT:read+` for each object served.
    public var transferObjects: TransferObjects = []
    /// `QCatchSyscalls+`
    public var catchSyscalls = false
    /// `binary-upload+`: memory reads with `x` (binary replies).
    public var binaryUpload = false
    /// `multiprocess+`
    public var multiprocess = false
    /// `fork-events+`, `vfork-events+`, `exec-events+`
    public var processEvents: ProcessEventSet = []

    public init(packetSize: Int) { self.packetSize = packetSize }
}

extension PacketWriter {
    /// The stub's qSupported reply.
    public mutating func appendSupported(_ features: StubFeatures) {
        append("PacketSize=")
        appendHex(number: UInt64(features.packetSize))
        if features.noAckMode { append(";QStartNoAckMode+") }
        if features.softwareBreakpoints { append(";swbreak+") }
        if features.hardwareBreakpoints { append(";hwbreak+") }
        if features.targetDescription { append(";qXfer:features:read+") }
        if features.vContSupported { append(";vContSupported+") }
        for object in TransferObject.allCases where features.transferObjects.contains(object) {
            append(";qXfer:")
            append(object.name)
            append(":read+")
        }
        if features.catchSyscalls { append(";QCatchSyscalls+") }
        if features.binaryUpload { append(";binary-upload+") }
        if features.multiprocess { append(";multiprocess+") }
        if features.processEvents.contains(.fork) { append(";fork-events+") }
        if features.processEvents.contains(.vfork) { append(";vfork-events+") }
        if features.processEvents.contains(.exec) { append(";exec-events+") }
    }
}
