import KeelRuntime

/// Burns CPU: `spin` forever (preemption and `kill` tests), `spin N` for N
/// million iterations, then prints how far it got and exits.
@main struct Spin {
    static func main() {
        let limit = UInt64(Task.arguments()).map { $0 * 1_000_000 } ?? UInt64.max
        var i: UInt64 = 0
        var x: UInt64 = 1
        while i < limit {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            i &+= 1
        }
        print("spin: \(i / 1_000_000) million iterations (\(x & 0xFF))")
    }
}
