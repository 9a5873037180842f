import KeelABI
import KeelRuntime

/// init: the shell on the console. Handle 0 is the console, handle 1 the
/// system object (task list, memory, programs; opening any task to kill it).
/// `exit` ends init, and with it the machine (the kernel powers off).
@main struct Shell {
    static let system = System(Handle(raw: 1))
    static let prompt: StaticString = "keel$ "
    nonisolated(unsafe) static var background: [(id: UInt64, task: Task)] = []

    static let commands: [(name: String, help: StaticString)] = [
        ("help", "list the commands"),
        ("ps", "the task table"),
        ("run", "run NAME [ARGS] [&]: start a program (ls lists them), wait unless &"),
        ("kill", "kill ID: end a task"),
        ("mem", "frame and heap statistics"),
        ("ls", "the programs in the boot image"),
        ("echo", "echo WORDS: print them"),
        ("uptime", "time since boot"),
        ("exit", "exit [STATUS]: end the shell and power off"),
    ]

    static func main() {
        print("Keel shell (init). Type 'help' for commands.")
        while true {
            Console.write(prompt)
            let line = readLine()
            if let status = execute(line) { Task.exit(status) }
        }
    }

    /// Runs one command line; a status means: exit with it.
    static func execute(_ line: String) -> Int? {
        let words = line.split(separator: " ").map(String.init)
        guard let name = words.first else { return nil }
        let rest = Array(words.dropFirst())
        switch name {
        case "help":
            for c in commands {
                Console.write("  " + c.name + String(repeating: " ", count: max(1, 8 - c.name.utf8.count)))
                Console.write(c.help); Console.write("\n")
            }
        case "ps": show(.tasks)
        case "mem": show(.memory)
        case "ls": show(.programs)
        case "uptime":
            if let text = try? system.info(.uptime), let ms = UInt64(text.split(separator: "\n").first ?? "") {
                print("up \(ms / 1000).\(pad3(ms % 1000)) s")
            }
        case "echo": print(rest.joined(separator: " "))
        case "run": run(rest)
        case "kill": kill(rest)
        case "exit", "poweroff": return rest.first.flatMap { Int($0) } ?? 0
        default: print("unknown command '\(name)'; type 'help'")
        }
        return nil
    }

    static func show(_ kind: SystemInfoKind) {
        do throws(SyscallError) {
            Console.write(try system.info(kind))
        } catch {
            print("system_info failed: error \(error.rawValue)")
        }
    }

    static func run(_ words: [String]) {
        var words = words
        let inBackground = words.last == "&"
        if inBackground { words.removeLast() }
        guard let program = words.first else { print("usage: run NAME [ARGS] [&]"); return }
        let arguments = words.dropFirst().joined(separator: " ")
        let task: Task
        do throws(SyscallError) {
            task = try Task.spawn(program, arguments: arguments, handles: [.console])
        } catch {
            switch error {
            case .notFound: print("run: no program '\(program)' (try 'ls')")
            case .noMemory: print("run: out of memory")
            default: print("run: cannot start '\(program)' (error \(error.rawValue); the kernel log says why)")
            }
            return
        }
        let id = (try? task.id()) ?? 0
        if inBackground {
            background.append((id, task))
            print("[\(id)] \(program) started")
            return
        }
        let status = (try? task.wait()) ?? -1
        if status != 0 { print("\(program) (task \(id)) \(describe(status))") }
        try? task.handle.close()
    }

    static func kill(_ words: [String]) {
        guard let text = words.first, let id = UInt64(text) else { print("usage: kill ID (see ps)"); return }
        do throws(SyscallError) {
            let task = try system.task(id: id)
            try task.kill()
            let status = try task.wait()
            try task.handle.close()
            if let i = background.firstIndex(where: { $0.id == id }) {
                try? background[i].task.handle.close()
                background.remove(at: i)
            }
            print("task \(id) \(describe(status))")
        } catch {
            switch error {
            case .notFound: print("kill: no task \(id)")
            case .accessDenied: print("kill: task \(id) is part of the kernel")
            default: print("kill: error \(error.rawValue)")
            }
        }
    }

    static func describe(_ status: Int64) -> String {
        if status >= TaskStatus.killedBadArgument { return "was killed: bad system call argument" }
        if status >= TaskStatus.killed { return "was killed" }
        if status >= TaskStatus.killedByFault { return "was killed by a fault (vector \(status & 0xFF))" }
        return "exited with status \(status)"
    }

    static func pad3(_ n: UInt64) -> String {
        n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)"
    }

    /// A line with echo and editing: Backspace/DEL, Ctrl-U, Ctrl-C, escape sequences ignored.
    static func readLine() -> String {
        var line: [UInt8] = []
        while true {
            let byte = Console.readByte()
            switch byte {
            case 0x0D, 0x0A:
                Console.write("\n")
                return String(decoding: line, as: UTF8.self)
            case 0x08, 0x7F:
                if !line.isEmpty { line.removeLast(); Console.write("\u{8} \u{8}") }
            case 0x15:
                while !line.isEmpty { line.removeLast(); Console.write("\u{8} \u{8}") }
            case 0x03:
                Console.write("^C\n")
                return ""
            case 0x1B:
                if Console.readByte() == UInt8(ascii: "[") {
                    while true { let b = Console.readByte(); if b >= 0x40 && b <= 0x7E { break } }
                }
            case 0x20...0x7E:
                if line.count < 256 {
                    line.append(byte)
                    withUnsafeBytes(of: byte) { Console.write($0) }
                }
            default:
                break
            }
        }
    }
}
