import GDBStub

/// How a stop is told: gdb's words ("Breakpoint 1, ...", "Program received
/// signal SIGINT"), then where the target is, then its source line.
enum StopReport {
    static func describe(_ reason: StopReason, _ context: CommandContext) -> CommandResult {
        var result = CommandResult()
        let session = context.session
        switch session.state {
        case .exited(let how):
            result.line("[target exited: \(how)]")
            result.data = [("stop", .string("exited")), ("detail", .string(how))]
            return result
        case .disconnected(let how):
            result.line("[\(how)]")
            result.data = [("stop", .string("disconnected")), ("detail", .string(how))]
            return result
        case .stopped:
            break
        }
        var data: [(String, JSONValue)] = []
        var afterTrap = false
        var outermost = false
        if let hit = session.breakpointHit() {
            if case .watch = hit.kind {
                result.line("\(hit.typeName.capitalizedFirst) \(hit.number): \(hit.location)")
                data += [("stop", .string("watchpoint")), ("breakpoint", .int(Int64(hit.number)))]
                let (old, new) = session.refreshWatchedValue(hit.number)
                func value(_ bytes: [UInt8]?) -> String {
                    guard let bytes else { return "<unreadable>" }
                    return String(bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
                }
                result.line("")
                result.line("Old value = \(value(old))")
                result.line("New value = \(value(new))")
                data += [("old", .string(value(old))), ("new", .string(value(new)))]
                afterTrap = true
            } else {
                result.text += "\(hit.temporary ? "Temporary breakpoint" : "Breakpoint") \(hit.number), "
                outermost = hit.isFunction
                data += [("stop", .string("breakpoint")), ("breakpoint", .int(Int64(hit.number)))]
                if hit.temporary { try? session.deleteBreakpoint(hit.number) }
            }
        } else {
            switch reason {
            case .signal(.interrupt):
                result.line("Program received signal SIGINT, Interrupt.")
                data.append(("stop", .string("interrupt")))
            case .signal(.trap), .softwareBreakpoint, .hardwareBreakpoint:
                data.append(("stop", .string("trap")))
            case .watchpoint(_, let address):
                result.line("Watchpoint triggered at \(hex(address))")
                data.append(("stop", .string("watchpoint")))
                afterTrap = true
            case .signal(let s):
                result.line("Program received signal \(signalName(s)).")
                data += [("stop", .string("signal")), ("signal", .int(Int64(s.rawValue)))]
            default:
                data.append(("stop", .string("other")))
            }
        }
        let here = location(context, afterTrap: afterTrap, outermost: outermost)
        result.text += here.text
        result.data = data + here.data
        return result
    }

    /// `0x… in Function at File.swift:LINE` and the source line.
    /// `afterTrap`: the pc is past the instruction that stopped the target
    /// (a data watchpoint), so its line is the previous instruction's.
    /// `outermost`: show the machine frame's own function rather than code
    /// inlined into it (a stop at a function breakpoint).
    static func location(_ context: CommandContext, afterTrap: Bool = false, outermost: Bool = false) -> CommandResult {
        var result = CommandResult()
        guard let pc = try? context.session.pc else { return result }
        result.data.append(("pc", .address(pc)))
        guard let image = context.image,
              case let frames = image.sourceFrames(of: MachineFrame(pc: pc, framePointer: 0, stackPointer: 0, isCaller: afterTrap), startingAt: 0),
              let frame = outermost ? frames.last : frames.first
        else {
            result.line("\(hex16(pc)) in ??")
            return result
        }
        var line = "\(hex16(pc)) in \(frame.function)"
        result.data.append(("function", .string(frame.function)))
        if let loc = frame.location {
            line += " at \(SourcePaths.display(loc.file)):\(loc.line)"
            result.data += [("file", .string(SourcePaths.display(loc.file))), ("line", .int(Int64(loc.line)))]
        }
        result.line(line)
        if let loc = frame.location, let text = SourcePaths.sourceLine(loc.file, loc.line) {
            result.line("\(loc.line)\t\(text)")
        }
        return result
    }

    static func signalName(_ s: GDBSignal) -> String {
        switch s.rawValue {
        case 2: return "SIGINT, Interrupt"
        case 4: return "SIGILL, Illegal instruction"
        case 5: return "SIGTRAP, Trace/breakpoint trap"
        case 6: return "SIGABRT, Aborted"
        case 7, 10: return "SIGBUS, Bus error"
        case 8: return "SIGFPE, Arithmetic exception"
        case 11: return "SIGSEGV, Segmentation fault"
        default: return "signal \(s.rawValue)"
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
