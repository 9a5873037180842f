import KeelABI
import KeelRuntime

/// Random system calls: `syscall-fuzz [N] [SEED]` makes N calls (default
/// 100000) with random numbers and arguments, in worker tasks
/// (`syscall-fuzz worker SEED`). Arguments are small integers, handle-like
/// values and sizes; where a call takes a pointer it mostly gets one into the
/// worker's own buffer, and rarely a wild one — which ends the worker (a bad
/// pointer is fatal), as does a call that blocks for good. The parent counts
/// calls through a shared memory page, replaces each ended worker, and reports
/// how many workers it took.
@main struct SyscallFuzz {
    static func main() {
        let words = Task.arguments().split(separator: " ")
        if words.first == "worker" {
            worker(seed: UInt64(words.dropFirst().first ?? "1") ?? 1)
        }
        let target = words.first.flatMap { UInt64($0) } ?? 100_000
        let seed = words.dropFirst().first.flatMap { UInt64($0) } ?? readTimestampCounter()
        do throws(SyscallError) {
            try run(target: target, seed: seed)
        } catch {
            print("syscall-fuzz: failed: error \(error.rawValue)")
            Task.exit(1)
        }
    }

    static func run(target: UInt64, seed: UInt64) throws(SyscallError) {
        let counterRegion = try MemoryRegion.create(size: 4096)
        let counter = try counterRegion.map(writable: true).assumingMemoryBound(to: UInt64.self)
        var total: UInt64 = 0
        var workers = 0
        var killedByKernel = 0
        var seeds = SplitMix(seed: seed)
        print("syscall-fuzz: \(target) calls, seed \(seed)")
        while total < target {
            counter.pointee = 0
            let worker = try Task.spawn("syscall-fuzz", arguments: "worker \(seeds.next() & 0xFFFF_FFFF)",
                                        handles: [counterRegion.handle])
            workers += 1
            var last: UInt64 = UInt64.max
            // Watch the worker: when its count stops moving it has ended or blocked for good.
            while counter.pointee != last && total + counter.pointee < target {
                last = counter.pointee
                Task.sleep(milliseconds: 5)
            }
            try worker.kill()
            let status = try worker.wait()
            if status >= TaskStatus.killedBadArgument { killedByKernel += 1 }
            total += counter.pointee
            try worker.handle.close()
        }
        print("syscall-fuzz: \(total) calls in \(workers) workers (\(killedByKernel) ended for bad pointers); kernel fine")
    }

    /// Random calls forever (until one ends or blocks this task).
    static func worker(seed: UInt64) -> Never {
        let counter = (try? MemoryRegion(Handle(raw: 0)).map(writable: true))!.assumingMemoryBound(to: UInt64.self)
        var random = SplitMix(seed: seed)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: 16)
        let base = UInt64(UInt(bitPattern: buffer))
        let calls = SyscallNumber.allCases.map { $0.rawValue }    // mostly real calls: their argument checks get exercised
        while true {
            let number = random.next() % 40 == 0 ? random.next() : calls[Int(random.next() % UInt64(calls.count))]
            if number == SyscallNumber.exit.rawValue { continue }
            // Calls that can block are rarer: each one that blocks for good costs a new worker.
            if mayBlock(number) && random.next() % 100 != 0 { continue }
            var args: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
            let pointers = pointerArguments(number)
            withUnsafeMutableBytes(of: &args) { raw in
                for i in 0..<6 {
                    let value = pointers & (1 << i) != 0 ? pointer(&random, base) : argument(&random)
                    raw.storeBytes(of: value, toByteOffset: i * 8, as: UInt64.self)
                }
            }
            counter.pointee &+= 1
            _ = Syscall.raw(number, args.0, args.1, args.2, args.3, args.4, args.5)
        }
    }

    static func mayBlock(_ number: UInt64) -> Bool {
        switch SyscallNumber(rawValue: number) {
        case .sleep, .read, .channelSend, .channelReceive, .notificationWait, .taskWait: return true
        default: return false
        }
    }

    /// Which arguments of each call are pointers (bit i: argument i), per docs/syscalls.md.
    static func pointerArguments(_ number: UInt64) -> Int {
        switch SyscallNumber(rawValue: number) {
        case .write, .read: return 0b10
        case .channelCreate, .taskArguments: return 0b1
        case .channelSend, .channelReceive: return 0b1010
        case .spawn: return 0b10101
        case .systemInfo: return 0b100
        default: return 0
        }
    }

    /// Into the buffer, or one time in 5000 anywhere at all.
    static func pointer(_ random: inout SplitMix, _ buffer: UInt64) -> UInt64 {
        let r = random.next()
        return r % 5000 == 0 ? random.next() : buffer + (r >> 40) % 2048
    }

    static func argument(_ random: inout SplitMix) -> UInt64 {
        let r = random.next()
        switch r % 16 {
        case 0...5: return r >> 60                                   // small numbers: handles, flags, kinds
        case 6...9: return (r >> 32) % 300                            // sizes
        case 10: return UInt64(UInt32(truncatingIfNeeded: r >> 8))    // handle-shaped values, big sizes
        case 11: return r                                             // anything
        default: return r % 3
        }
    }
}
