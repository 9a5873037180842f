import Paging

/// Physical memory of the live target for the Paging walker: page-sized
/// reads through the session, cached for one walk (a table is read once,
/// not once per entry). A read that fails is remembered so the command can
/// say why the walk stopped.
public final class WirePhysicalMemory: PhysicalMemoryReader {
    let session: DebugSession
    private var pages: [UInt64: [UInt8]] = [:]
    private var unreadable: Set<UInt64> = []
    public private(set) var firstError: DebuggerError?
    public private(set) var pagesRead = 0

    public init(session: DebugSession) { self.session = session }

    public func readEntry(at physicalAddress: UInt64, bytes width: Int) -> UInt64? {
        let page = physicalAddress & ~0xFFF
        let offset = Int(physicalAddress & 0xFFF)
        guard offset + width <= 4096 else { return nil }
        guard let data = load(page) else { return nil }
        var value: UInt64 = 0
        for i in (0..<width).reversed() { value = value << 8 | UInt64(data[offset + i]) }
        return value
    }

    private func load(_ page: UInt64) -> [UInt8]? {
        if let data = pages[page] { return data }
        if unreadable.contains(page) { return nil }
        do {
            let data = try session.readPhysicalMemory(at: page, count: 4096)
            pages[page] = data
            pagesRead += 1
            return data
        } catch {
            unreadable.insert(page)
            if firstError == nil { firstError = error }
            return nil
        }
    }
}
