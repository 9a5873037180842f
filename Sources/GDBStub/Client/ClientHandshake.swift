/// What a stub announced in its qSupported reply (GDB manual, E.4).
public struct RemoteFeatures: Sendable {
    /// `PacketSize=` (hex in the reply); 400 when absent, as gdb assumes.
    public var packetSize = 400
    public var noAckMode = false
    public var softwareBreakpoints = false
    public var hardwareBreakpoints = false
    public var targetDescription = false
    /// `binary-upload+`: the stub answers `x` memory reads in binary.
    public var binaryUpload = false
    /// Every entry, as sent (`name+`, `name=value`, ...).
    public var entries: [[UInt8]] = []

    public init() {}

    /// Reads a qSupported reply.
    public init(parsing reply: [UInt8]) {
        self.init()
        reply.withUnsafeBufferPointer { bytes in
            for feature in FeatureList(bytes) {
                switch feature.value {
                case .value(let value):
                    if feature.isNamed("PacketSize") {
                        var copy = Array(value)
                        copy.withUnsafeMutableBufferPointer { buffer in
                            var scanner = PayloadScanner(buffer)
                            if let size = scanner.hexInt(), size > 0 { packetSize = size }
                        }
                    }
                case .supported:
                    if feature.isNamed("QStartNoAckMode") { noAckMode = true }
                    if feature.isNamed("swbreak") { softwareBreakpoints = true }
                    if feature.isNamed("hwbreak") { hardwareBreakpoints = true }
                    if feature.isNamed("qXfer:features:read") { targetDescription = true }
                    if feature.isNamed("binary-upload") { binaryUpload = true }
                default:
                    break
                }
            }
            var start = 0
            for i in 0...bytes.count where i == bytes.count || bytes[i] == UInt8(ascii: ";") {
                if i > start { entries.append(Array(bytes[start..<i])) }
                start = i + 1
            }
        }
    }
}

extension GDBClient {
    /// The features this client announces: it understands swbreak/hwbreak
    /// stop reasons and wants the vCont? reply. `xmlRegisters=i386` is what
    /// gdb sends on x86: GNU gdbserver picks its x86 target description by
    /// it (without it, gdbserver 13 asserts on qXfer:features:read).
    public static var clientFeatures: String { "swbreak+;hwbreak+;vContSupported+;xmlRegisters=i386" }

    /// The start of a session, as gdb does it: an initial `+`, qSupported,
    /// then `QStartNoAckMode` when offered (and `noAck` is true).
    @discardableResult
    public func connect(noAck: Bool = true) throws(ClientError) -> RemoteFeatures {
        channel.write(UInt8(ascii: "+"))
        var reply = try request("qSupported:" + GDBClient.clientFeatures)
        // QEMU's gdbstub reports the stop it makes on a new connection (T02)
        // before it reads anything; that is not the qSupported answer.
        while let first = reply.first, first == UInt8(ascii: "T") || first == UInt8(ascii: "S"),
              ClientStopReply(parsing: reply) != nil {
            reply = try receive()
        }
        let features = RemoteFeatures(parsing: reply)
        remoteFeatures = features
        if noAck && features.noAckMode {
            try command("QStartNoAckMode")
            noAckMode = true
        }
        return features
    }
}
