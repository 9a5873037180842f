// Registers and memory from the client side: `g`, `G`, `p`, `P`, `m`, `M`
// (GDB manual, E.2 "Packets").

extension GDBClient {
    /// All registers (`g`), raw, in the target description's order.
    public func readRegisters() throws(ClientError) -> [UInt8] {
        let reply = try checked(try request("g"))
        return try ClientHex.decode(reply[...], reply: reply)
    }

    /// Sets all registers (`G`).
    public func writeRegisters(_ bytes: [UInt8]) throws(ClientError) {
        try command { w in
            w.append(UInt8(ascii: "G"))
            bytes.withUnsafeBytes { w.appendHex(bytes: $0) }
        }
    }

    /// One register (`p n`).
    public func readRegister(_ number: Int) throws(ClientError) -> [UInt8] {
        let reply = try checked(try request { w in
            w.append(UInt8(ascii: "p"))
            w.appendHex(number: UInt64(number))
        })
        return try ClientHex.decode(reply[...], reply: reply)
    }

    /// Sets one register (`P n=r`).
    public func writeRegister(_ number: Int, _ bytes: [UInt8]) throws(ClientError) {
        try command { w in
            w.append(UInt8(ascii: "P"))
            w.appendHex(number: UInt64(number))
            w.append(UInt8(ascii: "="))
            bytes.withUnsafeBytes { w.appendHex(bytes: $0) }
        }
    }

    /// The most memory one `m` reply can carry.
    public var memoryChunkSize: Int { max(1, (packetSize - 4) / 2) }

    /// Reads `count` bytes from `address` in requests of `memoryChunkSize`:
    /// `x` (binary replies, about half the bytes on the wire) when the stub
    /// announced `binary-upload+`, else `m`. Returns fewer bytes when the
    /// stub stops early (unreadable memory past the start); throws when not
    /// even the first byte can be read.
    public func readMemory(at address: UInt64, count: Int) throws(ClientError) -> [UInt8] {
        let binary = remoteFeatures?.binaryUpload ?? false
        var result: [UInt8] = []
        result.reserveCapacity(count)
        while result.count < count {
            let chunk = min(memoryChunkSize, count - result.count)
            var reply = try request { w in
                w.append(UInt8(ascii: binary ? "x" : "m"))
                w.appendHex(number: address &+ UInt64(result.count))
                w.append(UInt8(ascii: ","))
                w.appendHex(number: UInt64(chunk))
            }
            if let status = reply.withUnsafeBufferPointer({ StatusReply.parse($0) }), status != .ok {
                if result.isEmpty {
                    if case .error(let code) = status { throw .remote(code) }
                    throw .unsupported
                }
                break
            }
            let bytes: [UInt8]
            if binary {
                guard reply.first == UInt8(ascii: "b") else { throw .unexpectedReply(reply) }
                let data = reply.withUnsafeMutableBufferPointer { buffer in
                    BinaryEscape.unescapeInPlace(UnsafeMutableBufferPointer(rebasing: buffer[1...])).map(Array.init)
                }
                guard let data else { throw .unexpectedReply(reply) }
                bytes = data
            } else {
                bytes = try ClientHex.decode(reply[...], reply: reply)
            }
            guard bytes.count <= chunk else { throw .unexpectedReply(reply) }
            result += bytes
            if bytes.count < chunk { break }
        }
        return result
    }

    /// Writes `bytes` at `address` in `M` requests that fit a packet.
    public func writeMemory(at address: UInt64, _ bytes: [UInt8]) throws(ClientError) {
        let chunkSize = max(1, (packetSize - 40) / 2)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunkSize)
            try command { w in
                w.append(UInt8(ascii: "M"))
                w.appendHex(number: address &+ UInt64(offset))
                w.append(UInt8(ascii: ","))
                w.appendHex(number: UInt64(end - offset))
                w.append(UInt8(ascii: ":"))
                bytes[offset..<end].withUnsafeBytes { w.appendHex(bytes: $0) }
            }
            offset = end
        }
    }
}
