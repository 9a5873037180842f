import CPU
import ElfKit
import KeelABI
import Paging

/// The protections of a task's address space, read back from its page
/// tables, and W^X in the loader:
/// - every PT_LOAD of `hello` is mapped user-accessible with exactly its
///   permissions (text R+X, rodata R, data RW, never W+X);
/// - the stack is RW+NX with its guard page unmapped;
/// - the kernel (image, identity map, heap, task stacks) is there but
///   supervisor-only;
/// - an ELF with a writable+executable segment is refused, and a minimal ELF
///   made with ElfKit's builder (no Swift, no runtime) runs and exits 42.
enum UserPagingSelftest {
    @inline(never) static func run() -> Bool {
        guard let task = InitTask.spawn("hello", arguments: "paging"), let space = task.addressSpace,
              let image = task.image else { return false }
        var passed = true

        /// Checks [address, address + pages) page by page; one log line for the range.
        func check(_ name: StaticString, _ address: UInt64, pages: Int = 1, mapped: Bool, user: Bool = true,
                   writable: Bool = false, executable: Bool = false) {
            for i in 1..<max(pages, 1) {
                let t = space.translate(address + UInt64(i) * 4096)
                let same = t.map { $0.flags.contains(.user) == user && $0.flags.contains(.writable) == writable
                    && $0.flags.contains(.noExecute) != executable } ?? !mapped
                passed = passed && same && (t != nil) == mapped
            }
            let t = space.translate(address)
            let w = KernelLog.begin(.info)
            w.write("userpaging: "); w.write(name); w.write(" "); w.hex(address)
            if pages > 1 { w.write(" ("); w.decimal(pages); w.write(" pages)") }
            var ok = (t != nil) == mapped
            if let t {
                let isUser = t.flags.contains(.user), isWritable = t.flags.contains(.writable)
                let isExecutable = !t.flags.contains(.noExecute)
                w.write(isUser ? " user" : " supervisor"); w.write(isWritable ? " RW" : " R-"); w.write(isExecutable ? "X" : "-")
                ok = ok && isUser == user && isWritable == writable && isExecutable == executable
            } else {
                w.write(" unmapped")
            }
            w.write(ok ? " ok" : " WRONG"); w.newline()
            passed = passed && ok
        }

        do throws(ElfError) {
            let plan = try ElfLoadPlan(file: try ElfFile(bytes: image.bytes), userSpaceLimit: UserLayout.imageLimit)
            for m in plan.mappings {
                check("segment", m.virtualStart, pages: Int(m.length / 4096), mapped: true,
                      writable: m.isWritable, executable: m.isExecutable)
            }
        } catch {
            return false
        }
        check("stack", UserLayout.stackBottom, pages: UserLayout.stackPages, mapped: true, writable: true)
        check("stack guard page", UserLayout.stackGuardPage, mapped: false)
        check("null page", 0, mapped: false)
        check("kernel text", layout_text_start(), mapped: true, user: false, executable: true)
        check("kernel data", layout_data_start(), mapped: true, user: false, writable: true)
        check("kernel heap", KernelHeap.base, mapped: true, user: false, writable: true)
        check("task kernel stack", task.stack!.top - 8, mapped: true, user: false, writable: true)
        _ = Scheduler.waitForExit(task)
        return passed && writeExecuteRefused() && builtProgramRuns()
    }

    /// mov eax, exit; mov edi, 42; syscall
    static let exitWith42: [UInt8] = [0xB8, UInt8(SyscallNumber.exit.rawValue), 0, 0, 0, 0xBF, 42, 0, 0, 0, 0x0F, 0x05]

    static func minimalProgram(segmentFlags: ElfSegmentFlags) -> [UInt8]? {
        var b = ElfBuilder(type: .executable, machine: .x86_64)
        b.entry = UserLayout.base
        let text = b.addSection(name: ".text", flags: [.alloc, .execInstr], address: UserLayout.base, alignment: 16,
                                contents: exitWith42)
        b.addSegment(type: .load, flags: segmentFlags, sections: [text])
        do throws(ElfError) { return try b.build() } catch { return nil }
    }

    static func spawnStatus(_ bytes: [UInt8], _ name: StaticString) -> (Scheduler.SpawnError?, Int64?) {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        defer { storage.deallocate() }
        bytes.withUnsafeBytes { storage.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        let image = ProgramImage(name: UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount),
                                 bytes: UnsafeRawBufferPointer(storage))
        let interrupts = InterruptState.disable()
        defer { interrupts.restore() }
        do throws(Scheduler.SpawnError) {
            let task = try Scheduler.spawn(image, arguments: [], handles: [])
            return (nil, Scheduler.waitForExit(task))
        } catch {
            return (error, nil)
        }
    }

    static func writeExecuteRefused() -> Bool {
        guard let bytes = minimalProgram(segmentFlags: [.read, .write, .execute]) else { return false }
        let (error, _) = spawnStatus(bytes, "rwx")
        let w = KernelLog.begin(.info)
        w.write("userpaging: W+X program: ")
        guard let error, case .load(let why) = error, case .rejected(.writableAndExecutable, _) = why else {
            w.write("NOT refused"); w.newline(); return false
        }
        why.write(to: w); w.newline()
        return true
    }

    static func builtProgramRuns() -> Bool {
        guard let bytes = minimalProgram(segmentFlags: [.read, .execute]) else { return false }
        let (_, status) = spawnStatus(bytes, "minimal")
        let w = KernelLog.begin(.info)
        w.write("userpaging: ElfBuilder program exited with "); w.decimal(Int(status ?? -1)); w.newline()
        return status == 42
    }
}
