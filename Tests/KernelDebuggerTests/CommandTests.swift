import Foundation
import KernelDebugger
import Testing

/// Every command against GDBStub's server session over a scripted fake
/// target, in process: what it prints, its JSON data, and its errors.
/// All in-process suites share Ctrl-C (a process-wide flag), so they run one at a time.
@Suite(.serialized) enum InProcess {}

extension InProcess {
@Suite final class CommandTests {
    let machine: FakeMachine
    let session: DebugSession
    let interpreter: CommandInterpreter

    init() throws {
        machine = try FakeMachine()
        session = try machine.attach()
        interpreter = CommandInterpreter(context: CommandContext(session: session))
    }

    deinit { machine.shutDown() }

    func run(_ line: String) throws -> CommandResult {
        switch interpreter.execute(line) {
        case .result(let r): return r
        case .failure(let e): throw e
        default: throw DebuggerError.failed("no result for \(line)")
        }
    }

    func failure(_ line: String) -> DebuggerError? {
        if case .failure(let e) = interpreter.execute(line) { return e }
        return nil
    }

    func json(_ r: CommandResult, _ key: String) -> String? {
        r.data.first { $0.0 == key }.map { $0.1.serialized() }
    }

    @Test func registersAreDecodedByFlagName() throws {
        let r = try run("regs")
        #expect(r.text.contains("cr0       0x0000000080010013  [ PE MP ET WP PG ]"), "\(r.text)")
        #expect(r.text.contains("cr4       0x0000000000000620  [ PAE OSFXSR OSXMMEXCPT ]"))
        #expect(r.text.contains("efer      0x0000000000000d00  [ LME LMA NXE ]"))
        #expect(r.text.contains("eflags    0x0000000000000246  [ PF ZF IF ]"))
        #expect(r.text.contains(#/rip       0x[0-9a-f]{16}  <Kernel.BasicSelftests.boot\(\) \+ 0x1[0-9a-f]>/#), "\(r.text)")
        let one = try run("regs rax $cr0")
        #expect(one.text.split(separator: "\n").count == 2)
        #expect(json(one, "registers")!.contains(#""rax":{"value":"0x2a"}"#))
        #expect(failure("regs xyz")?.description == "no register named \"xyz\"")
        #expect(failure("regs xyz")?.exitStatus == 2)
    }

    @Test func examineReadsMemoryWithExpressions() throws {
        let boot = try machine.symbol("Kernel.BasicSelftests.boot()")
        // The bytes kdbg shows are kernel.elf's bytes at that address.
        let r = try run("x/4xb 'Kernel.BasicSelftests.boot()' + 2")
        let expected = machine.withTarget { t -> [UInt8] in
            var b = [UInt8](repeating: 0, count: 4)
            _ = b.withUnsafeMutableBytes { t.readMemory(at: boot.address + 2, into: $0) }
            return b
        }
        let shown = expected.map { String(format: "0x%02x", $0) }.joined(separator: "\t")
        #expect(r.text.contains(shown), "\(r.text) vs \(shown)")
        #expect(r.text.hasPrefix(String(format: "0x%016lx <Kernel.BasicSelftests.boot() + 0x2>:", boot.address + 2)))
        // Registers, dereference and arithmetic: *($rbp + 8) is the return address.
        let ret = try run("x/2xg $rbp")
        #expect(json(ret, "values")!.contains(String(format: "\"0x%lx\"", machine.stackBase + 0x2000)))
        let p = try run("print *($rbp + 8) - 0x20")
        let runAddress = try machine.symbol("Kernel.Selftests.run(_:)").address
        #expect(json(p, "value") == "\"0x\(String(runAddress, radix: 16))\"")
        #expect(try run("print (3 + 4) * 2 << 1").text.hasPrefix("0x1c (28)"))
        #expect(try run("x/3dw $rsp").text.contains("\t0\t0\t0"))
        #expect(failure("x/4xg 0x10")?.description == "cannot access memory at 0x10")
        #expect(failure("x/4q $rsp")?.exitStatus == 2)
        #expect(failure("print 1 +")?.exitStatus == 2)
        #expect(failure("print nosuchsymbolanywhere")?.description == "no symbol matches \"nosuchsymbolanywhere\"")
    }

    @Test func breakpointsByFuzzyNameFileLineAndAddress() throws {
        let r = try run("break BasicSelftests.boot")
        let boot = try machine.symbol("Kernel.BasicSelftests.boot()")
        let address = UInt64(json(r, "address")!.dropFirst(3).dropLast(), radix: 16)!
        #expect(address > boot.address && address < boot.end, "after the prologue, inside boot()")
        #expect(machine.withTarget { $0.softwareBreakpoints } == [address])
        #expect(r.text.hasPrefix("Breakpoint 1 at 0x\(String(address, radix: 16)): "), "\(r.text)")
        let line = try run("break BasicSelftests.swift:11")
        #expect(line.text.contains("BasicSelftests.swift:11"))
        _ = try run("tbreak *0x\(String(boot.address, radix: 16))")
        #expect(machine.withTarget { $0.softwareBreakpoints.count } == 3)
        let list = try run("info breakpoints")
        #expect(list.text.contains("3       breakpoint      del  y   0x\(String(format: "%016lx", boot.address))"))
        _ = try run("disable 1")
        #expect(!machine.withTarget { $0.softwareBreakpoints.contains(address) })
        #expect(try run("info breakpoints").text.contains("1       breakpoint      keep n"))
        _ = try run("enable 1")
        #expect(machine.withTarget { $0.softwareBreakpoints.contains(address) })
        _ = try run("delete 2")
        #expect(machine.withTarget { $0.softwareBreakpoints.count } == 2)
        _ = try run("delete")
        #expect(machine.withTarget { $0.softwareBreakpoints.isEmpty })
        #expect(failure("delete 7")?.description == "no breakpoint number 7")
        #expect(failure("break NoSuchFunctionHere")?.description == "no symbol matches \"NoSuchFunctionHere\"")
        #expect(failure("break run")?.description.contains("is ambiguous") == true)
        #expect(failure("break Nowhere.swift:3")?.description.contains("no source file named Nowhere.swift") == true)
        #expect(failure("break *0x10")?.description.contains("refused") == true)
    }

    @Test func continueStopsAtTheBreakpointAndReportsIt() throws {
        let run = try machine.symbol("Kernel.Selftests.run(_:)")
        let b = try self.run("break *0x\(String(run.address + 0x40, radix: 16))")
        #expect(b.text.contains("Breakpoint 1"))
        machine.withTarget { $0.script = [.init(pc: run.address + 0x40)] }
        let r = try self.run("continue")
        #expect(r.text.hasPrefix("Breakpoint 1, 0x"), "\(r.text)")
        #expect(r.text.contains(String(format: "0x%016lx in ", run.address + 0x40)))
        #expect(json(r, "stop") == "\"breakpoint\"")
        #expect(try self.run("info breakpoints").text.contains("breakpoint already hit 1 time"))
        // A temporary breakpoint goes away when hit.
        _ = try self.run("tbreak *0x\(String(run.address + 0x50, radix: 16))")
        machine.withTarget { $0.script = [.init(pc: run.address + 0x50)] }
        #expect(try self.run("c").text.hasPrefix("Temporary breakpoint 2, "))
        #expect(session.breakpoints.map(\.number) == [1])
    }

    @Test func stepiMovesOneInstruction() throws {
        let before = try session.pc
        let disas = try run("x/2i $rip")
        let r = try run("stepi")
        let after = try session.pc
        #expect(after > before && after - before <= 15)
        // The second instruction x/2i printed is where stepi went.
        #expect(disas.text.split(separator: "\n")[1].contains(String(format: "0x%016lx", after)), "\(disas.text)")
        #expect(r.text.hasPrefix(String(format: "0x%016lx in ", after)), "\(r.text)")
        _ = try run("stepi 3")
        #expect(try session.pc > after)
    }

    @Test func watchpointsReportOldAndNewValues() throws {
        let r = try run("watch 0x\(String(machine.stackBase + 0x3000, radix: 16)) 8")
        #expect(r.text.contains("Hw watchpoint 1"))
        #expect(machine.withTarget { $0.watchpoints.count } == 1)
        let pc = try session.pc
        machine.withTarget { $0.script = [.init(pc: pc + 4, write: (machine.stackBase + 0x3000, [7, 0, 0, 0, 0, 0, 0, 0]))] }
        let hit = try run("continue")
        #expect(hit.text.contains("Hw watchpoint 1: 0x\(String(machine.stackBase + 0x3000, radix: 16))"), "\(hit.text)")
        #expect(hit.text.contains("Old value = 0\nNew value = 7"))
        #expect(failure("watch $rsp 3")?.exitStatus == 2)
        #expect(failure("watch $rsp 8 read")?.description.contains("no read watchpoints") == true)
    }

    @Test func backtraceFollowsTheFrameChainWithSourceLines() throws {
        let r = try run("bt")
        let lines = r.text.split(separator: "\n")
        let names = ["Kernel.BasicSelftests.boot()", "Kernel.Selftests.run(_:)", "Kernel.kernelMain(_:)"]
        var position = lines.startIndex
        for name in names {
            guard let found = lines[position...].firstIndex(where: { $0.contains(" in \(name)") }) else {
                Issue.record("bt lacks \(name):\n\(r.text)")
                return
            }
            position = found + 1
        }
        #expect(lines[0].hasPrefix("#0  "))
        let here = try #require(machine.image.location(of: try session.pc))
        #expect(lines[0].contains("\(here.shortFile):\(here.line)"), "frame 0 has file:line:\n\(r.text)")
        #expect(try run("bt 1").text.contains("(More stack frames follow...)"))
        let full = try run("bt full")
        #expect(full.text.contains(String(format: "rbp 0x%016lx", machine.stackBase + 0x1000)))
        // Callers come from boot()'s and run()'s CFI: rbp and rip from the slots their prologues used.
        #expect(full.text.contains(String(format: "rbp 0x%016lx", machine.stackBase + 0x2000)), "\(full.text)")
        #expect(full.text.contains("unwound by cfi"), "\(full.text)")
        #expect(full.text.contains(String(format: "saved: rbp at 0x%lx", machine.stackBase + 0x1000))
                || full.text.contains(String(format: "rbp at 0x%lx", machine.stackBase + 0x1000)), "\(full.text)")
        let frames = try #require(full.data.first { $0.0 == "frames" }?.1)
        #expect(frames.serialized().contains("\"unwound\":\"cfi\""), "\(frames.serialized())")
        #expect(failure("bt sideways")?.exitStatus == 2)
    }

    @Test func infoSymbolListAndDisassembly() throws {
        let boot = try machine.symbol("Kernel.BasicSelftests.boot()")
        let info = try run("info symbol 0x\(String(boot.address + 5, radix: 16))")
        #expect(info.text == "Kernel.BasicSelftests.boot() + 5 in section .text\n")
        #expect(try run("info symbol 0x10").text == "No symbol matches 0x10.\n")
        let list = try run("list")
        #expect(list.text.contains("=> "), "\(list.text)")
        let here = try #require(machine.image.location(of: try session.pc))
        #expect(json(list, "file")!.contains(here.shortFile))
        #expect(json(list, "line") == String(here.line))
        let disas = try run("disas")
        #expect(disas.text.hasPrefix("Dump of assembler code for function Kernel.BasicSelftests.boot():"))
        #expect(disas.text.contains("=> 0x"))
        #expect(disas.text.contains("push rbp"))
        // Calls name their targets.
        #expect(disas.text.contains(#/call 0x[0-9a-f]+ <[^>]+>/#), "\(disas.text)")
    }

    @Test func threadsAndMonitor() throws {
        let threads = try run("threads")
        #expect(threads.text.contains("* 1    kernel on the boot stack"))
        #expect(threads.text.contains("  2    idle task"))
        #expect(try run("thread 2").text.hasPrefix("[Switching to thread 2]"))
        #expect(failure("thread 9")?.description.contains("no thread 9") == true)
        #expect(try run("monitor help").text == "fake monitor: log, memmap\n")
        #expect(try run("log 1").text == "[    0.001] info: fake kernel ready\n")
        #expect(failure("monitor bogus")?.description.contains("refused") == true)
    }

    @Test func pageTableWalkFromCR3() throws {
        let heap = try run("pt 0x\(String(machine.heapBase + 0x123, radix: 16))")
        #expect(heap.text.contains("PML4"), "\(heap.text)")
        #expect(heap.text.contains("=> physical 0x0000000000300123 (4 KiB page, rw-)"), "\(heap.text)")
        #expect(heap.text.contains("XD") || heap.text.contains("NX"))
        let text = try run("pt $rip")
        #expect(text.text.contains("(4 KiB page, r-x)"))
        let unmapped = try run("pt 0x123456789000")
        #expect(unmapped.text.contains("=> not mapped (PML4 entry not present)"), "\(unmapped.text)")
        #expect(try run("pt 0x8000000000000000").text.contains("=> not canonical"))
    }

    @Test func memoryMapFromTheLiveTables() throws {
        let r = try run("memmap --table")
        #expect(r.text.contains(".text"), "\(r.text)")
        #expect(r.text.contains("r-x"))
        let regions = json(r, "regions")!
        #expect(regions.contains(#""start":"0x400000000000","end":"0x400000001000","size":4096,"permissions":"rw-","name":"kernel heap","kind":"heap""#), "\(regions)")
        let physical = try run("memmap --physical --table")
        #expect(physical.text.contains("usable"))
        #expect(failure("memmap --sideways")?.exitStatus == 2)
    }

    @Test func dumpWritesTheFileAtomically() throws {
        let path = NSTemporaryDirectory() + "kdbg-dump-\(UUID().uuidString)"
        defer { unlink(path) }
        let text = machine.image.sections.first { $0.name == ".text" }!
        let r = try run("dump memory \(path) 0x\(String(text.address, radix: 16)) 0x\(String(text.address + 0x3000, radix: 16))")
        #expect(r.text.hasPrefix("Wrote 12288 bytes"))
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        let expected = machine.withTarget { t -> [UInt8] in
            var b = [UInt8](repeating: 0, count: 0x3000)
            _ = b.withUnsafeMutableBytes { t.readMemory(at: text.address, into: $0) }
            return b
        }
        #expect(Array(written) == expected)
        // An unreadable range leaves no file behind, not even a partial one.
        let bad = path + ".bad"
        #expect(failure("dump memory \(bad) 0x\(String(machine.stackBase + 0x3000, radix: 16)) 0x\(String(machine.stackBase + 0x5000, radix: 16))") != nil)
        #expect(!FileManager.default.fileExists(atPath: bad))
        #expect(!FileManager.default.fileExists(atPath: bad + ".kdbg-tmp"))
        #expect(failure("dump memory \(bad) 0x2000 0x1000")?.exitStatus == 2)
        // Ctrl-C cancels a transfer and leaves no file.
        InterruptFlag.raise()
        let cancelled = failure("dump memory \(bad) 0x\(String(text.address, radix: 16)) 0x\(String(text.address + 0x3000, radix: 16))")
        #expect(cancelled?.description.hasPrefix("dump cancelled after 0 of 12288 bytes") == true, "\(String(describing: cancelled))")
        #expect(!FileManager.default.fileExists(atPath: bad) && !FileManager.default.fileExists(atPath: bad + ".kdbg-tmp"))
        #expect(!InterruptFlag.isRaised)
    }

    @Test func helpAndUnknownCommands() throws {
        let help = try run("help")
        for name in ["regs", "break", "pt", "memmap", "dump", "disas", "symbol"] {
            #expect(help.text.contains(name), "help lacks \(name)")
        }
        #expect(try run("help x").text.contains("x/[COUNT][FORMAT][SIZE] EXPRESSION"))
        #expect(failure("frobnicate")?.description == "undefined command: \"frobnicate\". Try \"help\".")
        #expect(failure("help frobnicate")?.exitStatus == 2)
    }
}
}
