/// Reads a traced process's memory (for strings and buffers).
public protocol TraceeMemory {
    /// Up to `count` bytes at `address`; fewer (or none) where unreadable.
    func read(_ address: UInt64, count: Int) -> [UInt8]
}

extension TraceeMemory {
    /// A NUL-terminated string of at most `limit` bytes; `truncated` when
    /// no NUL came within the limit. nil when unreadable.
    func string(at address: UInt64, limit: Int) -> (bytes: [UInt8], truncated: Bool)? {
        var result: [UInt8] = []
        var at = address
        while result.count < limit {
            // Stay within the page, so a string at a page's end can be read.
            let pageLeft = 4096 - Int(at & 4095)
            let chunk = read(at, count: min(pageLeft, limit - result.count + 1))
            if chunk.isEmpty { return result.isEmpty ? nil : (result, true) }
            if let nul = chunk.firstIndex(of: 0) {
                result += chunk[0..<nul]
                return (Array(result.prefix(limit)), result.count > limit)
            }
            result += chunk
            at += UInt64(chunk.count)
        }
        return (Array(result.prefix(limit)), true)
    }

    func word(at address: UInt64) -> UInt64? {
        let bytes = read(address, count: 8)
        guard bytes.count == 8 else { return nil }
        return bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }
}
