import Allocators

/// Heap churn with real Swift objects: after everything is released, the
/// heap's bytes in use return to the baseline and its structure verifies.
enum HeapSelftest {
    final class Node {
        let value: Int
        var next: Node?
        var payload: [UInt64]
        init(value: Int, next: Node?) {
            self.value = value
            self.next = next
            self.payload = Array(repeating: UInt64(value), count: value % 17)
        }
    }

    static func run() -> Bool {
        guard let baseline = KernelHeap.statistics else { return false }
        var checksum = 0
        for round in 0..<40 { checksum &+= churn(round) }
        guard let after = KernelHeap.statistics else { return false }

        let w = KernelLog.begin(.info)
        w.write("heap: baseline "); w.decimal(baseline.bytesInUse); w.write(" bytes in ")
        w.decimal(baseline.liveAllocations); w.write(" blocks; peak "); w.decimal(after.peakBytesInUse)
        w.write(" bytes; "); w.decimal(after.totalAllocations - baseline.totalAllocations)
        w.write(" allocations; after "); w.decimal(after.bytesInUse); w.write(" bytes in ")
        w.decimal(after.liveAllocations); w.write(" blocks; capacity "); w.size(UInt64(after.capacity))
        w.write("; checksum "); w.decimal(checksum); w.newline()

        return after.bytesInUse == baseline.bytesInUse
            && after.liveAllocations == baseline.liveAllocations
            && after.peakBytesInUse > baseline.bytesInUse
            && after.totalAllocations - baseline.totalAllocations > 10_000
            && KernelHeap.verify()
    }

    @inline(never) static func churn(_ round: Int) -> Int {
        var list: Node? = nil
        for i in 0..<200 { list = Node(value: i + round, next: list) }

        var table: [String: Int] = [:]
        for i in 0..<150 { table["key-\(round)-\(i)"] = i }
        for i in stride(from: 0, to: 150, by: 2) { table.removeValue(forKey: "key-\(round)-\(i)") }

        var numbers: [Int] = []
        for i in 0..<(500 + round * 50) { numbers.append(i) }

        var sum = table.count + numbers.reduce(0, &+)
        var node = list
        while let n = node { sum &+= n.value + n.payload.count; node = n.next }
        // Unlink iteratively: a 200-deep recursive release would be fine, but this is the kernel stack.
        while let n = list { list = n.next; n.next = nil }
        return sum
    }
}
