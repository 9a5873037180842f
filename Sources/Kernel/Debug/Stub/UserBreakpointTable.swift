import CPU
import ElfKit

/// int3 breakpoints in user programs (Z0 at a user address). Every program
/// is linked at its own base (Makefile), so a user address belongs to one
/// program: its breakpoint is patched into the text of every task running
/// that program, now and whenever one is spawned later, and hits only there.
/// Each task has its own copy of the text; the original byte comes from the
/// program's ELF image, which the loader copied unchanged. The table lives in
/// .bss like the kernel's: `gdb=wait` stops the kernel before its heap exists.
struct UserBreakpointTable {
    private struct Entry: BreakpointSlot {
        var address: UInt64
        var original: UInt8
        /// False while no program image has been seen for the address (set at `gdb=wait`).
        var known: Bool
    }
    private var slots = BreakpointSlots<Entry>(storage_gdb_user_breakpoints())
    private var storage: UnsafeMutablePointer<Entry> { slots.storage }
    private var count: Int { slots.count }

    func contains(_ address: UInt64) -> Bool { slots.index(of: address) != nil }

    /// Adds a breakpoint and patches it into the tasks running its program.
    /// Refused when the programs are known and none has code there.
    mutating func insert(_ address: UInt64) -> Bool {
        if contains(address) { return true }
        var entry = Entry(address: address, original: 0, known: false)
        if ProgramImages.count > 0 {
            guard let original = Self.codeByte(at: address) else { return false }
            entry.original = original
            entry.known = true
        }
        guard slots.append(entry) else { return false }
        for task in Scheduler.tasks where Self.runs(task, address) { write(SoftwareBreakpointTable.int3, at: address, in: task) }
        return true
    }

    mutating func remove(_ address: UInt64) -> Bool {
        guard let i = slots.index(of: address) else { return false }
        if storage[i].known {
            for task in Scheduler.tasks where Self.runs(task, address) { write(storage[i].original, at: address, in: task) }
        }
        slots.remove(at: i)
        return true
    }

    mutating func removeAll() {
        while count > 0 { _ = remove(storage[count - 1].address) }
    }

    /// A task was just loaded: its fresh copy of the text gets the breakpoints in its program.
    mutating func patch(into task: Task) {
        for i in 0..<count where Self.runs(task, storage[i].address) {
            if !storage[i].known, let byte = task.image.flatMap({ Self.codeByte(at: storage[i].address, in: $0) }) {
                storage[i].original = byte
                storage[i].known = true
            }
            write(SoftwareBreakpointTable.int3, at: storage[i].address, in: task)
        }
    }

    /// Puts the original byte back in one task (stepping it over the breakpoint).
    func lift(_ address: UInt64, in task: Task) {
        guard let i = slots.index(of: address), storage[i].known else { return }
        write(storage[i].original, at: address, in: task)
    }

    func restore(_ address: UInt64, in task: Task) {
        guard contains(address), Self.runs(task, address) else { return }
        write(SoftwareBreakpointTable.int3, at: address, in: task)
    }

    /// Replaces patched int3 bytes in a copy of a task's [start, start + buffer.count) by the originals.
    func unpatch(_ buffer: UnsafeMutableRawBufferPointer, readFrom start: UInt64) {
        for i in 0..<count where storage[i].known {
            let a = storage[i].address
            if a >= start && a - start < UInt64(buffer.count) { buffer[Int(a - start)] = storage[i].original }
        }
    }

    /// gdb wrote a task's memory over [start, start + n): a byte written under
    /// a breakpoint becomes its original, and the int3 goes back.
    mutating func repatch(writtenAt start: UInt64, count n: Int, in task: Task) {
        for i in 0..<count where storage[i].address >= start && storage[i].address - start < UInt64(n) {
            guard let space = task.addressSpace else { return }
            var byte: UInt8 = 0
            guard withUnsafeMutableBytes(of: &byte, { space.copyIn(from: storage[i].address, into: $0) }) else { continue }
            storage[i].original = byte
            storage[i].known = true
            write(SoftwareBreakpointTable.int3, at: storage[i].address, in: task)
        }
    }

    private func write(_ byte: UInt8, at address: UInt64, in task: Task) {
        var value = byte
        _ = withUnsafeBytes(of: &value) { task.addressSpace?.copyOutIgnoringProtection($0, to: address) }
    }

    /// Whether `task` is a live user task whose program has code at `address`.
    private static func runs(_ task: Task, _ address: UInt64) -> Bool {
        guard task.state != .exited, task.addressSpace != nil, let image = task.image else { return false }
        return codeByte(at: address, in: image) != nil
    }

    /// The byte at `address` in the executable segment of the program that has one there.
    private static func codeByte(at address: UInt64) -> UInt8? {
        for i in 0..<ProgramImages.count {
            if let byte = codeByte(at: address, in: ProgramImages.image(at: i)) { return byte }
        }
        return nil
    }

    private static func codeByte(at address: UInt64, in image: ProgramImage) -> UInt8? {
        do throws(ElfError) {
            let file = try ElfFile(bytes: image.bytes)
            for n in 0..<file.programHeaderCount {
                let header = try file.programHeader(at: n)
                guard header.type == .load, header.flags.contains(.execute), address >= header.virtualAddress,
                      address - header.virtualAddress < header.fileSize else { continue }
                return try file.segmentBytes(atAddress: address, count: 1)?.first
            }
        } catch {}
        return nil
    }
}
