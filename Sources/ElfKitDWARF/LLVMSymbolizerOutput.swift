// llvm-symbolizer's input and output, byte for byte (LLVM 21's
// llvm-symbolizer.cpp parseCommand and DIPrinter's LLVMPrinter/JSONPrinter):
//
//   input   one request per line (or per argument): [CODE |DATA ][FILE:…]ADDR
//           ADDR is a number with C-style radix (0x… hex, 0… octal, else
//           decimal) or a symbol name with an optional "+offset"; text after
//           the first space is ignored. A malformed line gets an error on
//           stderr and the "unknown" answer on stdout.
//   text    FUNCTION\nFILE:LINE:COLUMN\n per frame, innermost first, then a
//           blank line; "??" for an unknown function or file.
//   JSON    one object per line for stdin input, one array for arguments:
//           {"Address":"0x…","ModuleName":…,"Symbol":[{"Column":…,…}]}
//           with keys sorted as llvm::json prints them.

#if canImport(Glibc)
import Glibc
#endif

public enum SymbolizerOutputStyle: Sendable {
    case llvm
    case json
}

public struct SymbolizerOptions: Sendable {
    /// --demangle (default) / --no-demangle: Itanium C++ names, as llvm-symbolizer.
    public var demangle = true
    /// Also demangle Swift names (llvm-symbolizer prints them mangled).
    public var demangleSwift = false
    /// --inlines (default) / --no-inlines.
    public var inlines = true
    public var outputStyle: SymbolizerOutputStyle = .llvm
    /// --print-address: the address before each answer.
    public var printAddress = false
    /// The name errors are reported under ("NAME: error: …").
    public var toolName = "elfkit"
    /// Directories searched for separate debug files.
    public var debugFileDirectories = ["/usr/lib/debug"]

    public init() {}
}

/// Formats answers exactly as llvm-symbolizer into one growing buffer.
public struct LLVMSymbolizerOutput {
    public var options: SymbolizerOptions
    public var moduleName: String
    /// The formatted bytes not yet flushed.
    public var buffer: [UInt8] = []
    /// Error lines ("NAME: error: 'INPUT': why") when not streaming to stdout/stderr.
    public var errors: [String] = []
    /// Set by run(): answers go to stdout as they are made, errors to stderr.
    var streaming = false
    private var jsonList: Bool = false
    private var jsonListStarted = false

    public init(options: SymbolizerOptions, moduleName: String) {
        self.options = options
        self.moduleName = moduleName
        buffer.reserveCapacity(1 << 16)
    }

    // MARK: Entry point for the CLI

    /// Symbolizes `addresses` (or stdin lines when empty) against `objectPath`,
    /// writing to stdout and errors to stderr. Returns the exit status.
    public static func run(objectPath: String, addresses: [String], options: SymbolizerOptions) -> Int32 {
        let symbolizer: Symbolizer
        do {
            symbolizer = try Symbolizer(path: objectPath, debugFileDirectories: options.debugFileDirectories)
        } catch {
            writeAll(2, Array("\(options.toolName): error: '\(objectPath)': \(error)\n".utf8))
            return 1
        }
        var out = LLVMSymbolizerOutput(options: options, moduleName: objectPath)
        out.streaming = true
        if addresses.isEmpty {
            // Whatever input is available is answered as one batch: a file or
            // a full pipe gives large batches, an interactive client one line
            // at a time, answered as soon as it is read.
            var reader = LineReader(fd: 0)
            var lines: [[UInt8]] = []
            while reader.nextBatch(into: &lines) {
                out.symbolize(batch: lines, with: symbolizer)
                out.flush()
            }
        } else {
            out.beginList()
            out.symbolize(batch: addresses.map { Array($0.utf8) }, with: symbolizer)
            out.endList()
        }
        out.flush()
        // The process ends next: tearing down every table would only cost time.
        _ = Unmanaged.passRetained(symbolizer)
        return 0
    }

    /// Writes the pending bytes to stdout.
    public mutating func flush() {
        if !buffer.isEmpty {
            writeAll(1, buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// For requests given as arguments, JSON answers form one array.
    public mutating func beginList() {
        if options.outputStyle == .json { jsonList = true; jsonListStarted = false; buffer.append(0x5b) }
    }

    public mutating func endList() {
        if jsonList { buffer.append(contentsOf: "]\n".utf8); jsonList = false }
    }

    // MARK: Requests

    /// Answers a batch of input lines in order. Addresses are looked up in
    /// ascending order first (each unit's tables are then walked once, with
    /// warm caches) and the answers written in input order.
    public mutating func symbolize(batch lines: [[UInt8]], with symbolizer: Symbolizer) {
        let requests = lines.map { $0.isEmpty ? nil : LLVMSymbolizerInput.parse($0) }
        var order: [(address: UInt64, index: Int)] = []
        for (i, r) in requests.enumerated() {
            if case .address(let a, false)? = r { order.append((a, i)) }
        }
        order.sort { $0.address < $1.address }
        var frames: [RawFrame] = []
        var spans = [Range<Int>](repeating: 0..<0, count: lines.count)
        var scratch: [RawFrame] = []
        let startInfo = options.outputStyle == .json
        for (address, i) in order {
            symbolizer.rawFrames(at: address, inlines: options.inlines, startInfo: startInfo, into: &scratch)
            let start = frames.count
            frames.append(contentsOf: scratch)
            spans[i] = start..<frames.count
        }
        for (i, line) in lines.enumerated() {
            guard let request = requests[i] else {
                writeUnknown(module: "")
                continue
            }
            if case .address(let a, false) = request {
                write(frames: frames[spans[i]], address: a, symbolizer: symbolizer)
            } else {
                answer(request, input: line, with: symbolizer, scratch: &scratch)
            }
            if streaming && buffer.count >= 1 << 16 { flush() }
        }
    }

    private mutating func answer(
        _ request: LLVMSymbolizerInput.Request, input: [UInt8], with symbolizer: Symbolizer, scratch raw: inout [RawFrame]
    ) {
        switch request {
        case .failure(let message):
            let line = "\(options.toolName): error: '\(String(decoding: input, as: UTF8.self))': \(message)"
            if streaming {
                // stdout first, so that the two streams interleave as llvm-symbolizer's do.
                flush()
                writeAll(2, Array((line + "\n").utf8))
            } else {
                errors.append(line)
            }
            writeUnknown(module: moduleName)
        case .address(let address, let isData):
            if isData {
                writeData(address: address, symbolizer: symbolizer)
            } else {
                symbolizer.rawFrames(at: address, inlines: options.inlines, startInfo: options.outputStyle == .json, into: &raw)
                write(frames: raw[...], address: address, symbolizer: symbolizer)
            }
        case .symbol(let name, let offset):
            var locations: [RawFrame] = []
            for a in symbolizer.addresses(ofSymbol: name, offset: offset) {
                symbolizer.rawFrames(at: a, inlines: false, startInfo: options.outputStyle == .json, into: &raw)
                if raw[0].file != nil { locations.append(raw[0]) }
            }
            writeSymbol(name: name, locations: locations, symbolizer: symbolizer)
        }
    }

    // MARK: Text and JSON

    private mutating func writeUnknown(module: String) {
        if options.outputStyle == .json {
            jsonOpen()
            buffer.append(contentsOf: "{\"ModuleName\":".utf8)
            jsonString(module)
            buffer.append(contentsOf: ",\"Symbol\":[".utf8)
            jsonFrame(RawFrame(), symbolizer: nil)
            buffer.append(contentsOf: "]}".utf8)
            jsonClose()
        } else {
            buffer.append(contentsOf: "??\n??:0:0\n\n".utf8)
        }
    }

    mutating func write(frames: ArraySlice<RawFrame>, address: UInt64, symbolizer: Symbolizer) {
        if options.outputStyle == .json {
            jsonOpen()
            buffer.append(contentsOf: "{\"Address\":\"0x".utf8)
            hex(address)
            buffer.append(contentsOf: "\",\"ModuleName\":".utf8)
            jsonString(moduleName)
            buffer.append(contentsOf: ",\"Symbol\":[".utf8)
            var first = true
            for f in frames {
                if !first { buffer.append(0x2c) }
                first = false
                jsonFrame(f, symbolizer: symbolizer)
            }
            buffer.append(contentsOf: "]}".utf8)
            jsonClose()
            return
        }
        if options.printAddress {
            buffer.append(contentsOf: "0x".utf8)
            hex(address)
            buffer.append(0x0a)
        }
        for f in frames { textFrame(f, symbolizer: symbolizer) }
        buffer.append(0x0a)
    }

    private mutating func writeSymbol(name: String, locations: [RawFrame], symbolizer: Symbolizer) {
        if options.outputStyle == .json {
            jsonOpen()
            buffer.append(contentsOf: "{\"Loc\":[".utf8)
            for (i, f) in locations.enumerated() {
                if i > 0 { buffer.append(0x2c) }
                jsonFrame(f, symbolizer: symbolizer)
            }
            buffer.append(contentsOf: "],\"ModuleName\":".utf8)
            jsonString(moduleName)
            buffer.append(contentsOf: ",\"SymName\":".utf8)
            jsonString(name)
            buffer.append(0x7d)
            jsonClose()
            return
        }
        if locations.isEmpty {
            buffer.append(contentsOf: "??\n??:0:0\n\n".utf8)
            return
        }
        for f in locations { textFrame(f, symbolizer: symbolizer) }
        buffer.append(0x0a)
    }

    /// DATA requests: the symbol's name, "start size", and where it is
    /// declared ("??:?" unknown). The declaration comes from the local
    /// symbol's STT_FILE only; DWARF variables are not looked up.
    private mutating func writeData(address: UInt64, symbolizer: Symbolizer) {
        let found = symbolizer.dataSymbol(at: address)
        if options.outputStyle == .json {
            jsonOpen()
            buffer.append(contentsOf: "{\"Address\":\"0x".utf8)
            hex(address)
            buffer.append(contentsOf: "\",\"Data\":{\"Name\":".utf8)
            jsonString(found.map { String(decoding: $0.name.bytes, as: UTF8.self) } ?? "")
            buffer.append(contentsOf: ",\"Size\":\"0x".utf8)
            hex(found?.size ?? 0)
            buffer.append(contentsOf: "\",\"Start\":\"0x".utf8)
            hex(found?.start ?? 0)
            buffer.append(contentsOf: "\"},\"ModuleName\":".utf8)
            jsonString(moduleName)
            buffer.append(0x7d)
            jsonClose()
            return
        }
        if options.printAddress {
            buffer.append(contentsOf: "0x".utf8)
            hex(address)
            buffer.append(0x0a)
        }
        if let found {
            buffer.append(contentsOf: found.name.bytes)
            buffer.append(0x0a)
        } else {
            buffer.append(contentsOf: "??\n".utf8)
        }
        decimal(found?.start ?? 0)
        buffer.append(0x20)
        decimal(found?.size ?? 0)
        buffer.append(0x0a)
        if let file = found?.file, !file.isEmpty {
            buffer.append(contentsOf: file.bytes)
            buffer.append(contentsOf: ":0\n".utf8)
        } else {
            buffer.append(contentsOf: "??:?\n".utf8)
        }
        buffer.append(0x0a)
    }

    private mutating func textFrame(_ f: RawFrame, symbolizer: Symbolizer) {
        if let name = f.name {
            let n = options.demangle ? symbolizer.demangled(name, swift: options.demangleSwift) : name
            buffer.append(contentsOf: n.bytes)
        } else {
            buffer.append(contentsOf: "??".utf8)
        }
        buffer.append(0x0a)
        if let file = f.file { buffer.append(contentsOf: file.bytes) } else { buffer.append(contentsOf: "??".utf8) }
        buffer.append(0x3a)
        decimal(UInt64(f.line))
        buffer.append(0x3a)
        decimal(UInt64(f.column))
        buffer.append(0x0a)
    }

    private mutating func jsonFrame(_ f: RawFrame, symbolizer: Symbolizer?) {
        buffer.append(contentsOf: "{\"Column\":".utf8)
        decimal(UInt64(f.column))
        buffer.append(contentsOf: ",\"Discriminator\":".utf8)
        decimal(UInt64(f.discriminator))
        buffer.append(contentsOf: ",\"FileName\":".utf8)
        jsonString(f.file)
        buffer.append(contentsOf: ",\"FunctionName\":".utf8)
        if let name = f.name, let symbolizer {
            jsonString(options.demangle ? symbolizer.demangled(name, swift: options.demangleSwift) : name)
        } else {
            jsonString(f.name)
        }
        buffer.append(contentsOf: ",\"Line\":".utf8)
        decimal(UInt64(f.line))
        buffer.append(contentsOf: ",\"StartAddress\":\"".utf8)
        if let a = f.startAddress {
            buffer.append(contentsOf: "0x".utf8)
            hex(a)
        }
        buffer.append(contentsOf: "\",\"StartFileName\":".utf8)
        jsonString(f.startFile)
        buffer.append(contentsOf: ",\"StartLine\":".utf8)
        decimal(UInt64(f.startLine))
        buffer.append(0x7d)
    }

    private mutating func jsonOpen() {
        if jsonList {
            if jsonListStarted { buffer.append(0x2c) }
            jsonListStarted = true
        }
    }

    private mutating func jsonClose() {
        if !jsonList { buffer.append(0x0a) }
    }

    // MARK: Primitives

    private mutating func decimal(_ v: UInt64) {
        if v < 10 { buffer.append(0x30 + UInt8(v)); return }
        var digits: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                     UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var x = v
        withUnsafeMutableBytes(of: &digits) { d in
            while x > 0 {
                d[n] = 0x30 + UInt8(x % 10)
                x /= 10
                n += 1
            }
            while n > 0 {
                n -= 1
                buffer.append(d[n])
            }
        }
    }

    private mutating func hex(_ v: UInt64) {
        let digits: StaticString = "0123456789abcdef"
        var shift = 60
        while shift > 0 && (v >> UInt64(shift)) & 0xf == 0 { shift -= 4 }
        while shift >= 0 {
            buffer.append(digits.utf8Start[Int((v >> UInt64(shift)) & 0xf)])
            shift -= 4
        }
    }

    private mutating func jsonString(_ s: DWARFString?) {
        jsonString(s?.bytes ?? UnsafeRawBufferPointer(start: nil, count: 0))
    }

    private mutating func jsonString(_ s: String) {
        var copy = s
        copy.withUTF8 { jsonString(UnsafeRawBufferPointer($0)) }
    }

    /// llvm::json's quoting: '"' and '\\' escaped, \t \n \r short, other controls \u00XX.
    private mutating func jsonString(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(0x22)
        for c in bytes {
            if c == 0x22 || c == 0x5c { buffer.append(0x5c) }
            if c >= 0x20 { buffer.append(c); continue }
            buffer.append(0x5c)
            switch c {
            case 0x09: buffer.append(0x74)
            case 0x0a: buffer.append(0x6e)
            case 0x0d: buffer.append(0x72)
            default:
                buffer.append(contentsOf: "u00".utf8)
                let digits: StaticString = "0123456789abcdef"
                buffer.append(digits.utf8Start[Int(c >> 4)])
                buffer.append(digits.utf8Start[Int(c & 0xf)])
            }
        }
        buffer.append(0x22)
    }
}

/// llvm-symbolizer's parseCommand, for a fixed object file (--obj).
enum LLVMSymbolizerInput {
    enum Request: Equatable {
        case address(UInt64, isData: Bool)
        case symbol(String, offset: UInt64)
        case failure(String)
    }

    static func parse(_ line: [UInt8]) -> Request {
        var s = line[...]
        var isData = false
        if s.starts(with: "CODE ".utf8) {
            s = s.dropFirst(5)
        } else if s.starts(with: "DATA ".utf8) {
            s = s.dropFirst(5); isData = true
        } else if s.starts(with: "FRAME ".utf8) {
            s = s.dropFirst(6)
        }
        // Optional "FILE:" / "BUILDID:" prefixes; the object is already given.
        while !s.isEmpty {
            s = s.drop(while: isSpace)
            if s.starts(with: "FILE:".utf8) || s.starts(with: "BUILDID:".utf8) {
                return .failure("input file has already been specified")
            }
            break
        }
        // trim()
        s = s.drop(while: isSpace)
        while let last = s.last, isSpace(last) { s = s.dropLast() }
        if s.isEmpty { return .failure("no module offset has been specified") }
        // Everything after the first space, CR or LF is ignored (like GNU addr2line).
        let spec = s.prefix(while: { $0 != 0x20 && $0 != 0x0a && $0 != 0x0d })
        if let v = integer(spec) { return .address(v, isData: isData) }
        if spec.first.map({ $0 >= 0x30 && $0 <= 0x39 }) ?? true {
            return .failure("expected a number as module offset")
        }
        // A symbol, perhaps "symbol+offset".
        if let plus = spec.lastIndex(of: 0x2b) {
            let name = spec[..<plus], offset = spec[(plus + 1)...]
            if !name.isEmpty, !offset.isEmpty, let o = integer(offset) {
                return .symbol(String(decoding: name, as: UTF8.self), offset: o)
            }
        }
        return .symbol(String(decoding: spec, as: UTF8.self), offset: 0)
    }

    private static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0b || c == 0x0c || c == 0x0d
    }

    /// StringRef::getAsInteger with radix 0: "0x"/"0X" hex, "0b"/"0B" binary,
    /// "0o" or "0" followed by a digit octal, else decimal; all of it must be digits.
    static func integer(_ text: ArraySlice<UInt8>) -> UInt64? {
        var s = text
        var radix: UInt64 = 10
        if s.count >= 2, s.first == 0x30 {
            let second = s[s.startIndex + 1]
            if second == 0x78 || second == 0x58 {
                radix = 16; s = s.dropFirst(2)
            } else if second == 0x62 || second == 0x42 {
                radix = 2; s = s.dropFirst(2)
            } else if second == 0x6f {
                radix = 8; s = s.dropFirst(2)
            } else if second >= 0x30 && second <= 0x39 {
                radix = 8; s = s.dropFirst(1)
            }
        }
        guard !s.isEmpty else { return nil }
        var value: UInt64 = 0
        for c in s {
            let d: UInt64
            switch c {
            case 0x30...0x39: d = UInt64(c - 0x30)
            case 0x61...0x7a: d = UInt64(c - 0x61 + 10)
            case 0x41...0x5a: d = UInt64(c - 0x41 + 10)
            default: return nil
            }
            guard d < radix else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: radix)
            let (a, o2) = m.addingReportingOverflow(d)
            guard !o1, !o2 else { return nil }
            value = a
        }
        return value
    }
}

extension Symbolizer {
    /// The ELF symbol covering a data address: name, start, size and source file (local symbols).
    func dataSymbol(at address: UInt64) -> (name: DWARFString, start: UInt64, size: UInt64, file: DWARFString?)? {
        guard let (e, file) = symbolsIndex.lookup(address) else { return nil }
        return (e.name, e.address, e.size, file)
    }
}

/// Writes all of `bytes` to a file descriptor (retrying short writes and EINTR).
func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { b in
        var done = 0
        while done < b.count {
            let n = write(fd, b.baseAddress! + done, b.count - done)
            if n < 0 { if errno == EINTR { continue }; return }
            done += n
        }
    }
}

/// Reads lines from a file descriptor in large blocks.
struct LineReader {
    let fd: Int32
    private var block = [UInt8](repeating: 0, count: 1 << 20)
    private var start = 0
    private var end = 0
    private var eof = false

    init(fd: Int32) { self.fd = fd }

    /// The complete lines available now (at least one unless the input
    /// ended), without their LF and with every CR removed, as LLVM reads them.
    mutating func nextBatch(into lines: inout [[UInt8]]) -> Bool {
        lines.removeAll(keepingCapacity: true)
        var line: [UInt8] = []
        guard next(into: &line) else { return false }
        repeat {
            if line.contains(0x0d) { line.removeAll { $0 == 0x0d } }
            lines.append(line)
            // More complete lines already buffered?
            let more: Bool = start < end && block.withUnsafeBytes { b in
                memchr(b.baseAddress! + start, 0x0a, end - start) != nil
            }
            guard more && lines.count < 1 << 16 else { break }
            _ = next(into: &line)
        } while true
        return true
    }

    /// The next line without its LF; false at the end of input.
    mutating func next(into line: inout [UInt8]) -> Bool {
        line.removeAll(keepingCapacity: true)
        while true {
            if start < end {
                let found: Int? = block.withUnsafeBytes { b in
                    guard let p = memchr(b.baseAddress! + start, 0x0a, end - start) else { return nil }
                    return UnsafeRawPointer(p) - b.baseAddress!
                }
                if let nl = found {
                    line.append(contentsOf: block[start..<nl])
                    start = nl + 1
                    return true
                }
                line.append(contentsOf: block[start..<end])
                start = end
            }
            if eof { return !line.isEmpty }
            let n = block.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { eof = true; start = 0; end = 0; continue }
            start = 0
            end = n
        }
    }
}
