import ArgumentParser
import Glibc
import MemoryMap

/// `paging-calc maps PID`: a Linux process's mappings drawn with the memory-map viewer.
struct MapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paging-calc maps",
        abstract: "Draw a Linux process's memory map (/proc/PID/maps).",
        discussion: """
            PID is a process id or 'self' (paging-calc itself); --file reads a saved copy of a maps file
            instead. Adjacent mappings with equal permissions and path are merged.

            Examples:
              paging-calc maps 1234
              paging-calc maps --file saved.maps --no-color --width 100
              paging-calc maps --json self
            Exit status: 0 success, 1 failure (no such process, unreadable file), 2 bad input.
            """)

    @Argument(help: "The process id, or 'self'.")
    var pid: String?

    @Option(help: ArgumentHelp("Read this saved maps file instead of /proc/PID/maps.", valueName: "PATH"))
    var file: String?

    @OptionGroup var viewer: ViewerOptions

    func run() throws {
        let path: String
        switch (pid, file) {
        case (nil, nil):
            throw UsageFailure("expected a PID (or 'self'), or --file PATH")
        case (.some, .some):
            throw UsageFailure("give either a PID or --file, not both")
        case (nil, .some(let f)):
            path = f
        case (.some(let p), nil):
            guard p == "self" || (UInt32(p).map { $0 > 0 } ?? false) else {
                throw UsageFailure("PID '\(p)' is not a process id: expected a positive number or 'self'")
            }
            path = "/proc/\(p)/maps"
        }
        let text = try readTextFile(path, what: pid.map { "process \($0)" } ?? "maps file")
        let regions: [Region]
        do {
            regions = try parseProcMaps(text)
        } catch {
            throw RunFailure("\(path): \(error)")
        }
        let map = mergeRegions(regions)
        if viewer.json {
            let source = pid.map { $0 == "self" ? "\(getpid())" : $0 } ?? jsonString(path)
            let key = pid == nil ? "file" : "pid"
            writeStdout("{\"\(key)\": \(source), \"regions\": \(memoryMapJSON(map).dropLast())}\n")
        } else {
            writeStdout(renderMemoryMap(map, options: viewer.renderOptions))
        }
    }
}

/// The whole of a (small) text file; /proc files report size 0, so read until EOF.
func readTextFile(_ path: String, what: String) throws -> String {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
        let reason = String(cString: strerror(errno))
        if path.hasPrefix("/proc/") && errno == ENOENT { throw RunFailure("no \(what): cannot read \(path): \(reason)") }
        throw RunFailure("cannot read \(path): \(reason)")
    }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = read(fd, &buffer, buffer.count)
        if n < 0 {
            if errno == EINTR { continue }
            throw RunFailure("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        if n == 0 { break }
        bytes += buffer[0..<n]
        if bytes.count > 256 << 20 { throw RunFailure("\(path) is larger than 256 MiB; not a maps file") }
    }
    return String(decoding: bytes, as: UTF8.self)
}
