import Paging

/// Reading and writing a task's memory from the kernel, for system calls and
/// reports. Every page is looked up in the task's own page tables first: it
/// must be a present user page (and writable for writes) in the user half.
/// Only then are the bytes copied, through the identity map of physical
/// memory, so a bad pointer is an error, never a kernel fault, and the copy
/// works whichever address space is loaded.
enum UserAccess { case read, write }

extension UserAddressSpace {
    /// Whether all of [address, address + length) may be accessed by the task as `access`.
    func allows(_ access: UserAccess, at address: UInt64, length: UInt64) -> Bool {
        guard length > 0 else { return true }
        guard UserLayout.contains(address, length: length) else { return false }
        var page = address & ~4095
        let end = address + length
        while page < end {
            guard let t = translate(page), t.flags.contains(.user),
                  access == .read || t.flags.contains(.writable) else { return false }
            page += 4096
        }
        return true
    }

    /// Copies task memory into `destination`; false (nothing copied) if any byte is not readable.
    func copyIn(from address: UInt64, into destination: UnsafeMutableRawBufferPointer) -> Bool {
        let count = UInt64(destination.count)
        guard allows(.read, at: address, length: count) else { return false }
        forEachChunk(address, count) { physical, offset, length in
            (destination.baseAddress! + offset).copyMemory(from: UnsafeRawPointer(bitPattern: UInt(physical))!,
                                                          byteCount: length)
        }
        return true
    }

    /// Copies `source` into task memory; false (nothing written) if any byte is not writable.
    func copyOut(_ source: UnsafeRawBufferPointer, to address: UInt64) -> Bool {
        let count = UInt64(source.count)
        guard allows(.write, at: address, length: count) else { return false }
        forEachChunk(address, count) { physical, offset, length in
            UnsafeMutableRawPointer(bitPattern: UInt(physical))!.copyMemory(from: source.baseAddress! + offset,
                                                                           byteCount: length)
        }
        return true
    }

    /// A 64-bit word of task memory (frame-pointer walks), or nil.
    func readWord(_ address: UInt64) -> UInt64? {
        var word: UInt64 = 0
        let ok = withUnsafeMutableBytes(of: &word) { copyIn(from: address, into: $0) }
        return ok ? word : nil
    }

    /// Calls `body(physical, offsetInBuffer, length)` per page-bounded piece of a checked range.
    private func forEachChunk(_ address: UInt64, _ count: UInt64, _ body: (UInt64, Int, Int) -> Void) {
        var done: UInt64 = 0
        while done < count {
            let here = address + done
            let length = min(4096 - (here & 4095), count - done)
            let physical = translate(here)!.physicalAddress
            body(physical, Int(done), Int(length))
            done += length
        }
    }
}

extension UserAddressSpace {
    /// Writes into any mapped user page, read-only ones included (the
    /// debugger patching code or constants); false if a page is not mapped.
    func copyOutIgnoringProtection(_ source: UnsafeRawBufferPointer, to address: UInt64) -> Bool {
        let count = UInt64(source.count)
        guard count > 0 else { return true }
        guard allows(.read, at: address, length: count) else { return false }
        var done: UInt64 = 0
        while done < count {
            let here = address + done
            let length = min(4096 - (here & 4095), count - done)
            UnsafeMutableRawPointer(bitPattern: UInt(translate(here)!.physicalAddress))!
                .copyMemory(from: source.baseAddress! + Int(done), byteCount: Int(length))
            done += length
        }
        return true
    }
}
