// Queries from the client side: threads, the target description, monitor
// commands, offsets, detach and kill (GDB manual, E.2 and E.4).

extension GDBClient {
    /// Every thread id (`qfThreadInfo`, then `qsThreadInfo` until `l`).
    public func threads() throws(ClientError) -> [UInt64] {
        var ids: [UInt64] = []
        var reply = try checked(try request("qfThreadInfo"))
        while reply.first == UInt8(ascii: "m") {
            var start = 1
            for i in 1...reply.count where i == reply.count || reply[i] == UInt8(ascii: ",") {
                ids.append(try ClientHex.number(reply[start..<i], reply: reply))
                start = i + 1
            }
            reply = try checked(try request("qsThreadInfo"))
        }
        guard reply.first == UInt8(ascii: "l") else { throw .unexpectedReply(reply) }
        return ids
    }

    /// The current thread (`qC`).
    public func currentThread() throws(ClientError) -> ThreadID {
        var reply = try checked(try request("qC"))
        guard reply.starts(with: [UInt8(ascii: "Q"), UInt8(ascii: "C")]) else { throw .unexpectedReply(reply) }
        let original = reply
        let thread = reply.withUnsafeMutableBufferPointer { buffer -> ThreadID? in
            var scanner = PayloadScanner(UnsafeMutableBufferPointer(rebasing: buffer[2...]))
            guard let thread = ThreadID.parse(&scanner), scanner.isAtEnd else { return nil }
            return thread
        }
        guard let thread else { throw .unexpectedReply(original) }
        return thread
    }

    /// Selects the thread for registers and memory (`Hg`) or resuming (`Hc`).
    public func selectThread(_ thread: ThreadID, for operation: ThreadOperation) throws(ClientError) {
        try command { w in
            w.append(UInt8(ascii: "H"))
            w.append(UInt8(ascii: operation == .general ? "g" : "c"))
            thread.write(to: &w)
        }
    }

    /// `info threads`' description of a thread (`qThreadExtraInfo`).
    public func threadExtraInfo(_ id: UInt64) throws(ClientError) -> String {
        let reply = try checked(try request { w in
            w.append("qThreadExtraInfo,")
            w.appendHex(number: id)
        })
        return String(decoding: try ClientHex.decode(reply[...], reply: reply), as: UTF8.self)
    }

    /// A whole target-description file (`qXfer:features:read`), read in
    /// chunks until the `l` reply.
    public func readFeatures(annex: String = "target.xml") throws(ClientError) -> [UInt8] {
        var document: [UInt8] = []
        var annexBytes = Array(annex.utf8)
        let chunk = max(16, packetSize / 2 - 8)
        while true {
            let offset = document.count
            let reply = try checked(try annexBytes.withUnsafeMutableBufferPointer { (annex) throws(ClientError) in
                try request { $0.appendReadFeatures(annex: UnsafeBufferPointer(annex), offset: offset, length: chunk) }
            })
            guard let kind = reply.first, kind == UInt8(ascii: "m") || kind == UInt8(ascii: "l") else {
                throw .unexpectedReply(reply)
            }
            var data = Array(reply[1...])
            let unescaped = data.withUnsafeMutableBufferPointer { BinaryEscape.unescapeInPlace($0).map(Array.init) }
            guard let unescaped else { throw .unexpectedReply(reply) }
            document += unescaped
            if kind == UInt8(ascii: "l") || unescaped.isEmpty { return document }
        }
    }

    /// Runs a `monitor` command (`qRcmd`); returns the output it printed.
    public func monitor(_ command: String) throws(ClientError) -> String {
        let bytes = Array(command.utf8)
        try bytes.withUnsafeBufferPointer { (bytes) throws(ClientError) in
            try send { $0.appendMonitor(UnsafeRawBufferPointer(bytes)) }
        }
        var output: [UInt8] = []
        while true {
            let reply = try receive()
            if let text = consoleText(reply) {
                output += text
                continue
            }
            try expectOK(reply)
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// Section offsets (`qOffsets`).
    public func sectionOffsets() throws(ClientError) -> SectionOffsets {
        let reply = try checked(try request("qOffsets"))
        var text: UInt64?
        var data: UInt64?
        var bss: UInt64?
        for field in reply.split(separator: UInt8(ascii: ";")) {
            guard let equals = field.firstIndex(of: UInt8(ascii: "=")) else { throw .unexpectedReply(reply) }
            let value = try ClientHex.number(field[(equals + 1)...], reply: reply)
            let name = field[..<equals]
            if name.elementsEqual("Text".utf8) { text = value }
            if name.elementsEqual("Data".utf8) { data = value }
            if name.elementsEqual("Bss".utf8) { bss = value }
        }
        guard let text else { throw .unexpectedReply(reply) }
        return SectionOffsets(text: text, data: data ?? text, bss: bss)
    }

    /// Detaches (`D`); the target runs on.
    public func detach() throws(ClientError) {
        try command("D")
    }

    /// Kills the target (`k`, no reply).
    public func kill() throws(ClientError) {
        try send("k")
    }
}
