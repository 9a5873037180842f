extension Command {
    /// Parses a payload into a command: the table from packet names to the
    /// per-family parsers. Unknown packets become `.unknown`; known ones
    /// with bad arguments throw. Hex and binary data are decoded in place.
    public static func parse(_ payload: UnsafeMutableBufferPointer<UInt8>) throws(PacketError) -> Command {
        var s = PayloadScanner(payload)
        guard let first = s.next() else { return .unknown }
        switch first {
        case UInt8(ascii: "?"): return s.isAtEnd ? .haltReason : .unknown
        case UInt8(ascii: "g"): return s.isAtEnd ? .readRegisters : .unknown
        case UInt8(ascii: "G"): return try parseWriteRegisters(&s)
        case UInt8(ascii: "p"): return try parseReadRegister(&s)
        case UInt8(ascii: "P"): return try parseWriteRegister(&s)
        case UInt8(ascii: "m"): return try parseReadMemory(&s, binary: false)
        case UInt8(ascii: "x"): return try parseReadMemory(&s, binary: true)
        case UInt8(ascii: "M"): return try parseWriteMemoryHex(&s)
        case UInt8(ascii: "X"): return try parseWriteMemoryBinary(&s)
        case UInt8(ascii: "Z"): return .insertBreakpoint(try parseBreakpoint(&s))
        case UInt8(ascii: "z"): return .removeBreakpoint(try parseBreakpoint(&s))
        case UInt8(ascii: "c"): return try parseResume(&s, kind: .continue, hasSignal: false)
        case UInt8(ascii: "C"): return try parseResume(&s, kind: .continue, hasSignal: true)
        case UInt8(ascii: "s"): return try parseResume(&s, kind: .step, hasSignal: false)
        case UInt8(ascii: "S"): return try parseResume(&s, kind: .step, hasSignal: true)
        case UInt8(ascii: "H"): return try parseSetThread(&s)
        case UInt8(ascii: "T"): return try parseThreadAlive(&s)
        case UInt8(ascii: "D"):
            if s.isAtEnd { return .detach(process: nil) }
            guard s.consume(UInt8(ascii: ";")) else { return .unknown }
            return .detach(process: s.hexNumber())
        case UInt8(ascii: "k"): return s.isAtEnd ? .kill : .unknown
        case UInt8(ascii: "!"): return s.isAtEnd ? .extendedMode : .unknown
        case UInt8(ascii: "v"): return try parseVPacket(&s)
        case UInt8(ascii: "q"): return try parseQuery(&s)
        case UInt8(ascii: "Q"):
            if s.restEquals("StartNoAckMode") { return .startNoAckMode }
            if s.consume("CatchSyscalls:") { return try parseCatchSyscalls(&s) }
            return .unknown
        default: return .unknown
        }
    }

    /// `v` packets: names end at `;`, `?` or the end of the payload.
    private static func parseVPacket(_ s: inout PayloadScanner) throws(PacketError) -> Command {
        if s.restEquals("Cont?") { return .vContQuery }
        if s.consume("Cont;") { return .vCont(try VContActionList(parsing: s.rest())) }
        if s.restEquals("MustReplyEmpty") { return .mustReplyEmpty }
        if s.consume("Run;") { return try parseRun(&s) }
        if s.consume("File:") { return parseHostIO(&s) }
        if s.consume("Attach;") { return .attachProcess(try parseProcessID(&s)) }
        if s.consume("Kill;") { return .killProcess(try parseProcessID(&s)) }
        return .unknown
    }

    /// `q` packets (E.4 "General Query Packets"): names end at `:`, `,` or
    /// the end, so `qC` is not `qCRC:`.
    private static func parseQuery(_ s: inout PayloadScanner) throws(PacketError) -> Command {
        if s.restEquals("C") { return .currentThread }
        if s.restEquals("fThreadInfo") { return .threadInfoFirst }
        if s.restEquals("sThreadInfo") { return .threadInfoNext }
        if s.consume("ThreadExtraInfo,") { return try parseThreadExtraInfo(&s) }
        if s.restEquals("Attached") || s.consume("Attached:") { return .attached }
        if s.restEquals("Offsets") { return .sectionOffsets }
        if s.restEquals("Supported") { return .supported(FeatureList(UnsafeBufferPointer(rebasing: s.rest()[0..<0]))) }
        if s.consume("Supported:") { return .supported(FeatureList(UnsafeBufferPointer(s.rest()))) }
        if s.consume("Xfer:features:read:") { return try parseReadFeatures(&s) }
        if s.consume("Xfer:") { return try parseReadObject(&s) }
        if s.consume("Rcmd,") { return try parseMonitor(&s) }
        return .unknown
    }
}
