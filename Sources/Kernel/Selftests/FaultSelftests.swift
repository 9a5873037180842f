import CPU

/// Scenarios that fault on purpose. Each faulting step is its own
/// non-inlined function so the backtrace tests can expect its name.
enum FaultSelftests {
    @inline(never) static func breakpoint() -> Bool {
        let before = Timer.ticks
        hitBreakpoint()
        KernelLog.log(.info, "int3: resumed after the breakpoint")
        return Timer.ticks >= before
    }

    @inline(never) static func hitBreakpoint() { cpu_int3() }

    @inline(never) static func pageFault() -> Bool {
        _ = touchGuardPage(stack_boot_guard() + 0x800)
        return false
    }

    @inline(never) static func touchGuardPage(_ address: UInt64) -> UInt64 {
        cpu_volatile_read(address)
    }

    @inline(never) static func divideByZero() -> Bool {
        _ = divide(1, by: opaque(0))
        return false
    }

    @inline(never) static func divide(_ a: UInt64, by b: UInt64) -> UInt64 { cpu_divide(a, b) }

    @inline(never) static func fatalErrorPanic() -> Bool {
        failWithMessage()
    }

    @inline(never) static func failWithMessage() -> Never {
        fatalError("selftest: deliberate kernel panic")
    }

    @inline(never) static func arithmeticOverflow() -> Bool {
        addOverflowing(Int.max, opaque(1)) > 0
    }

    @inline(never) static func addOverflowing(_ a: Int, _ b: Int) -> Int { a + b }

    @inline(never) static func stackOverflow() -> Bool {
        recurse(opaque(0)) > 0
    }

    /// 512 bytes of stack per call and a use of them after the recursive call,
    /// so it can't become a loop: runs off the boot stack into its guard page.
    @inline(never) static func recurse(_ depth: Int) -> Int {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 512) { buffer in
            buffer.initialize(repeating: UInt8(truncatingIfNeeded: depth))
            return recurse(depth &+ 1) &+ Int(buffer[depth & 511])
        }
    }

    /// A value the optimizer can't see through.
    @inline(never) static func opaque<T>(_ value: T) -> T {
        withExtendedLifetime(value) { value }
    }
}
