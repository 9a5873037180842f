import Foundation
import Paging

/// `pt ADDR`: walks the live page tables from CR3 for one virtual address.
enum PageTableCommand: DebuggerCommand {
    static let names = ["pt", "pagewalk"]
    static let summary = "walk the live page tables from CR3 for an address: each level's table, index, entry, flags"
    static let usage = """
        pt EXPRESSION
          Translates EXPRESSION through the page tables CR3 points to (4-level, or
          5-level when CR4.LA57 is set), reading each table from the target:
          through QEMU's physical-memory mode on QEMU's gdbstub, through the
          kernel's identity map of RAM on the Keel stub.
        """

    static func scheme(_ session: DebugSession) throws(DebuggerError) -> PagingScheme {
        let cr4 = try session.register("cr4")
        return cr4 & (1 << 12) != 0 ? .x86_64LA57 : .x86_64
    }

    static func root(_ session: DebugSession) throws(DebuggerError) -> UInt64 {
        let cr0 = try session.register("cr0")
        guard cr0 & (1 << 31) != 0 else { throw .failed("paging is off (CR0.PG is clear): addresses are physical") }
        return try session.register("cr3") & X86PageTableEntry.addressMask
    }

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        guard !arguments.text.isEmpty else { throw .usage("usage: pt EXPRESSION") }
        let address = try context.evaluate(arguments.text)
        let session = context.session
        let scheme = try scheme(session)
        let root = try root(session)
        let memory = WirePhysicalMemory(session: session)
        let walk = PageTableWalker(scheme: scheme, memory: memory).translate(address, root: root)
        var r = CommandResult()
        r.line("\(hex16(address)): CR3 \(hex16(root)), \(scheme.levelCount)-level paging")
        var steps: [JSONValue] = []
        for i in 0..<walk.stepCount {
            let s = walk.step(i)
            var flags: [String] = []
            scheme.forEachField(ofEntry: s.entry.rawValue, depth: s.depth) { field in
                if field.high == field.low && field.value != 0 { flags.append("\(field.name)") }
            }
            let level = "\(s.levelName)".padding(toLength: 5, withPad: " ", startingAt: 0)
            var line = "  \(level) table \(hex16(s.tableAddress)) [\(String(format: "%3d", s.index))] entry \(hex16(s.entry.rawValue))"
            line += "  " + (flags.isEmpty ? "-" : flags.joined(separator: " "))
            switch s.entry.kind {
            case .table: line += "  -> table \(hex(s.entry.physicalAddress))"
            case .page: line += "  -> \(sizeName(s.entry.pageSize)) page \(hex(s.entry.physicalAddress))"
            case .invalid: line += "  not present"
            case .reserved: line += "  reserved encoding"
            }
            r.line(line)
            steps.append(.object([("level", .string("\(s.levelName)")), ("table", .address(s.tableAddress)),
                                  ("index", .int(Int64(s.index))), ("entry", .address(s.entry.rawValue)),
                                  ("flags", .array(flags.map { .string($0) }))]))
        }
        r.data = [("address", .address(address)), ("cr3", .address(root)), ("steps", .array(steps))]
        switch walk.outcome {
        case .mapped(let physical, let size, _):
            let perms = scheme.leafPermissions(walk.step(walk.stepCount - 1).entry.rawValue, depth: walk.stepCount - 1)
            let p = (perms.readable ? "r" : "-") + (perms.writable ? "w" : "-") + (perms.executable ? "x" : "-") + (perms.user ? "u" : "")
            r.line("  => physical \(hex16(physical)) (\(sizeName(size)) page, \(p))")
            r.data += [("physical", .address(physical)), ("pageSize", .uint(size)), ("permissions", .string(p))]
        case .failed(let failure):
            let why: String
            switch failure {
            case .nonCanonical: why = "not canonical"
            case .notPresent(let depth): why = "not mapped (\(scheme.levelName(depth)) entry not present)"
            case .reserved(let depth): why = "reserved bits set in the \(scheme.levelName(depth)) entry"
            case .outsideMemory(_, let at):
                why = "the table at \(hex(at)) could not be read" + (memory.firstError.map { ": \($0)" } ?? "")
            }
            r.line("  => \(why)")
            r.data += [("physical", .null), ("failure", .string(why))]
        }
        return r
    }

    static func sizeName(_ size: UInt64) -> String {
        if size >= 1 << 30 { return "\(size >> 30) GiB" }
        if size >= 1 << 20 { return "\(size >> 20) MiB" }
        return "\(size >> 10) KiB"
    }
}
