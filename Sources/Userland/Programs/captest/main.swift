import KeelABI
import KeelRuntime

/// Capability checks from user space: every call below must fail with the
/// exact error the ABI promises (docs/syscalls.md). Prints one line per check
/// and exits 0 only if all pass.
@main struct CapabilityTest {
    nonisolated(unsafe) static var failures = 0
    nonisolated(unsafe) static var passes = 0

    static func expect(_ name: StaticString, _ expected: SyscallError, _ result: Int64) {
        if result == expected.rawValue {
            passes += 1
            print("captest: ok   \(name): error \(expected.rawValue)")
        } else {
            failures += 1
            print("captest: FAIL \(name): got \(result), expected \(expected.rawValue)")
        }
    }

    static func main() {
        let console = UInt64(Handle.console.raw)
        var byte: UInt8 = 0x41
        let p = withUnsafeMutableBytes(of: &byte) { UInt64(UInt(bitPattern: $0.baseAddress)) }

        expect("unknown syscall number", .badSyscall, Syscall.raw(999))
        expect("write on a handle that never existed", .badHandle, Syscall.raw(.write, 40, p, 1))
        expect("write on a huge handle value", .badHandle, Syscall.raw(.write, 0xFFFF_FFFF_FFFF, p, 1))

        let readOnly = UInt64(Syscall.raw(.handleDuplicate, console, UInt64(Rights.read.rawValue)))
        expect("write through a read-only console handle", .accessDenied, Syscall.raw(.write, readOnly, p, 1))
        expect("duplicate without the grant right", .accessDenied,
               Syscall.raw(.handleDuplicate, readOnly, UInt64(Rights.read.rawValue)))

        let notification = UInt64(Syscall.raw(.notificationCreate))
        expect("channel_send on a notification", .wrongObject, Syscall.raw(.channelSend, notification, p, 1, 0, 0))
        expect("signal with no bits", .invalidArgument, Syscall.raw(.notificationSignal, notification, 0))
        _ = Syscall.raw(.handleClose, notification)
        expect("signal through a closed handle", .badHandle, Syscall.raw(.notificationSignal, notification, 1))
        let reused = UInt64(Syscall.raw(.notificationCreate))
        expect("stale handle after its slot is reused", .badHandle, Syscall.raw(.notificationSignal, notification, 1))
        _ = Syscall.raw(.handleClose, reused)

        var ends: (UInt32, UInt32) = (0, 0)
        _ = withUnsafeMutableBytes(of: &ends) { Syscall.raw(.channelCreate, UInt64(UInt(bitPattern: $0.baseAddress))) }
        _ = Syscall.raw(.handleClose, UInt64(ends.1))
        expect("send to a closed peer", .peerClosed, Syscall.raw(.channelSend, UInt64(ends.0), p, 1, 0, 0))
        expect("message larger than 256 bytes", .invalidArgument, Syscall.raw(.channelSend, UInt64(ends.0), p, 257, 0, 0))

        let region = UInt64(Syscall.raw(.memoryCreate, 4096))
        let mapOnly = UInt64(Syscall.raw(.handleDuplicate, region, UInt64(Rights.map.rawValue)))
        expect("writable map without the write right", .accessDenied, Syscall.raw(.memoryMap, mapOnly, 1))
        expect("memory region of 0 bytes", .invalidArgument, Syscall.raw(.memoryCreate, 0))
        expect("memory region of 1 TiB", .invalidArgument, Syscall.raw(.memoryCreate, 1 << 40))
        let name = Array("no-such-program".utf8)
        expect("spawn of an unknown program", .notFound, name.withUnsafeBytes {
            Syscall.raw(.spawn, UInt64(UInt(bitPattern: $0.baseAddress)), UInt64($0.count), 0, 0, 0, 0)
        })
        expect("system_info without a system handle", .wrongObject, Syscall.raw(.systemInfo, console, 0, p, 1))

        print("captest: \(passes) passed, \(failures) failed")
        if failures > 0 { Task.exit(1) }
    }
}
