import ElfKit
import Foundation
import QEMUTestSupport
import Testing

/// The user programs `make kernel` builds (.build/kernel/user/NAME.elf), read
/// with ElfKit as the kernel's loader reads them: static x86_64 executables
/// in the user image area, a load plan that passes (so W^X holds), and the
/// embedded symbol table the kernel symbolizes their faults with.
struct UserProgramImageTests {
    static let directory = QEMUMachine.packageRoot.appendingPathComponent(".build/kernel/user")
    static let expectedPrograms = ["captest", "fault", "hello", "init", "ipc-ping", "ipc-pong", "shm-child",
                                   "shm-demo", "spin", "sysbench", "syscall-fuzz", "true"]

    static func programs() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".elf") }.map { String($0.dropLast(4)) }.sorted()
    }

    @Test func everyProgramFolderIsBuilt() throws {
        let built = try Self.programs()
        for name in Self.expectedPrograms { #expect(built.contains(name), "no \(name).elf") }
    }

    @Test(arguments: expectedPrograms)
    func programIsAStaticUserExecutableWithWriteXorExecute(_ name: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("\(name).elf"))
        try data.withUnsafeBytes { raw in
            let elf = try ElfFile(bytes: raw)
            #expect(elf.header.type == .executable && elf.header.machine == .x86_64 && elf.fileClass == .elf64)
            // The same plan the kernel makes: below the image limit, no PT_INTERP, at the program's
            // own base (512 GiB + 4 GiB per program before it): a user address names one program.
            let plan = try ElfLoadPlan(file: elf, userSpaceLimit: 0x0000_1000_0000_0000)
            #expect(plan.interpreter == nil)
            let position = try #require(try Self.programs().firstIndex(of: name))
            #expect(plan.imageStart == 0x0000_0080_0000_0000 + UInt64(position) * 0x1_0000_0000,
                    "\(name) is not linked at its own base")
            #expect(plan.imageEnd <= plan.imageStart + 0x1_0000_0000, "\(name) reaches into the next program's range")
            #expect(plan.mappings.allSatisfy { !($0.isWritable && $0.isExecutable) })
            #expect(plan.mappings.contains { $0.isExecutable && !$0.isWritable })
            #expect(plan.mappings.contains { $0.isWritable && !$0.isExecutable })

            // Symbols for fault reports: the kernel-symbols table, not loaded, naming the program's own code.
            let section = try #require(try elf.section(named: ".keel_symbols"), "\(name) has no .keel_symbols")
            #expect(section.flags.contains(.alloc) == false)
            let table = try KernelSymbolTableReader(bytes: try elf.contents(of: section))
            #expect(table.count > 10)
            let start = try #require(table.lookup(elf.header.entry))
            #expect(String(decoding: start.name, as: UTF8.self) == "_start")
        }
    }
}
