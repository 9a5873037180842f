import Testing
@testable import MemoryMap

@Suite struct ProcMapsTests {
    @Test func parsesEveryKindOfLine() throws {
        let text = """
            55d0c0a00000-55d0c0a05000 r-xp 00002000 08:01 1048602                    /usr/bin/cat
            55d0c1b1e000-55d0c1b3f000 rw-p 00000000 00:00 0                          [heap]
            7f2e1c5bd000-7f2e1c5c7000 rw-p 00000000 00:00 0 
            7f2e1c600000-7f2e1c601000 r--s 00000000 00:05 12                         /dev/shm/with space in name
            7ffd3e9f1000-7ffd3ea12000 rw-p 00000000 00:00 0                          [stack]
            7ffd3ea60000-7ffd3ea62000 r-xp 00000000 00:00 0                          [vdso]
            ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
            """
        let r = try parseProcMaps(text)
        #expect(r.count == 7)
        #expect(r[0] == Region(start: 0x55d0_c0a0_0000, end: 0x55d0_c0a0_5000, permissions: [.read, .execute],
                               name: "/usr/bin/cat", kind: "code"))
        #expect(r.map(\.kind) == ["code", "heap", "anonymous", "file", "stack", "kernel", "kernel"])
        #expect(r[2].name == "[anon]")
        #expect(r[3].name == "/dev/shm/with space in name" && r[3].permissions == [.read])
        #expect(r[6].permissions == [.execute])
    }

    @Test func rejectsMalformedLinesNamingThem() {
        for (line, problem) in [("zz-10 r--p 0 0:0 0", "START-END"), ("10-20 r?-p 0 0:0 0", "permission"),
                                ("10-20 r--p 0", "expected"), ("10-20 r--p xyz 0:0 0", "offset"),
                                ("10-20 r--p 0 0:0 inode", "inode")] {
            #expect(throws: ProcMapsError.self) { try parseProcMaps("10-20 r--p 0 0:0 0\n" + line) }
            do {
                _ = try parseProcMaps("10-20 r--p 0 0:0 0\n" + line)
            } catch {
                #expect(error.line == 2 && error.description.contains(problem), "\(error)")
            }
        }
        #expect((try? parseProcMaps("\n\n")) == [])
    }
}
