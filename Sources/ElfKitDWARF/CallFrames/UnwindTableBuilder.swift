// Runs a CIE's initial instructions and then an FDE's, producing the rows
// of the unwind table (DWARF 5 §6.4.3's example is the model): either the
// one row in effect at a pc, or every row for the FDE.

public struct UnwindTableBuilder {
    let section: CallFrameSection
    let cie: CommonInformationEntry
    let fde: FrameDescriptionEntry

    /// The row in effect at `pc` (which the FDE should cover).
    public func row(at pc: UInt64) throws(CallFrameError) -> UnwindRow {
        var found: UnwindRow?
        try run(until: pc) { found = $0 }
        return found!
    }

    /// Every row, in address order; each starts where the previous ends.
    public func rows() throws(CallFrameError) -> [UnwindRow] {
        var all: [UnwindRow] = []
        try run(until: nil) { row in
            if let last = all.last, last.location == row.location { all[all.count - 1] = row } else { all.append(row) }
        }
        return all
    }

    /// Executes the instructions; `emit` gets each row when the location
    /// advances past it, and the last row. With `pc`, stops at the row
    /// that covers it.
    private func run(until pc: UInt64?, emit: (UnwindRow) -> Void) throws(CallFrameError) {
        var row = UnwindRow(location: fde.start, cfa: .registerOffset(register: 0, offset: 0))
        // The CIE's rules: what DW_CFA_restore goes back to.
        var decoder = CFIInstructionDecoder(section: section, range: cie.instructions, cie: cie)
        var stack: [UnwindRow] = []
        while let instruction = try decoder.next() {
            try apply(instruction, to: &row, initial: nil, stack: &stack, at: decoder.instructionOffset)
        }
        let initial = row.registers
        stack.removeAll()
        decoder = CFIInstructionDecoder(section: section, range: fde.instructions, cie: cie)
        while let instruction = try decoder.next() {
            var next: UInt64?
            switch instruction {
            case .advanceLoc(let delta): next = row.location &+ delta &* cie.codeAlignment
            case .setLoc(let address): next = address
            default: break
            }
            if let next {
                if let pc, next > pc { break }
                emit(row)
                row.location = next
                continue
            }
            try apply(instruction, to: &row, initial: initial, stack: &stack, at: decoder.instructionOffset)
        }
        emit(row)
    }

    private func apply(_ instruction: CFIInstruction, to row: inout UnwindRow, initial: [UInt16: RegisterRule]?,
                       stack: inout [UnwindRow], at offset: Int) throws(CallFrameError) {
        let factor = cie.dataAlignment
        switch instruction {
        case .setLoc, .advanceLoc:
            break   // only in FDEs (handled by run); a CIE's are meaningless
        case .defCFA(let register, let offset):
            row.cfa = .registerOffset(register: register, offset: Int64(bitPattern: offset))
        case .defCFASf(let register, let factored):
            row.cfa = .registerOffset(register: register, offset: factored &* factor)
        case .defCFARegister(let register):
            if case .registerOffset(_, let offset) = row.cfa { row.cfa = .registerOffset(register: register, offset: offset) }
            else { row.cfa = .registerOffset(register: register, offset: 0) }
        case .defCFAOffset(let offset):
            if case .registerOffset(let register, _) = row.cfa {
                row.cfa = .registerOffset(register: register, offset: Int64(bitPattern: offset))
            }
        case .defCFAOffsetSf(let factored):
            if case .registerOffset(let register, _) = row.cfa {
                row.cfa = .registerOffset(register: register, offset: factored &* factor)
            }
        case .defCFAExpression(let expression):
            row.cfa = .expression(expression)
        case .undefined(let register): row.registers[register] = .undefined
        case .sameValue(let register): row.registers[register] = .sameValue
        case .offset(let register, let factored): row.registers[register] = .offset(factored &* factor)
        case .valOffset(let register, let factored): row.registers[register] = .valOffset(factored &* factor)
        case .register(let register, let from): row.registers[register] = .register(from)
        case .expression(let register, let expression): row.registers[register] = .expression(expression)
        case .valExpression(let register, let expression): row.registers[register] = .valExpression(expression)
        case .restore(let register):
            // In a CIE, restore has no earlier rule to go back to: the register becomes unspecified.
            row.registers[register] = initial?[register]
        case .rememberState:
            stack.append(row)
        case .restoreState:
            // The CFA is restored too, as GCC, LLVM, gdb and readelf all assume (§6.4.2.4 names only registers).
            guard let saved = stack.popLast() else { throw .restoreWithoutRemember(section: section.name, offset: offset) }
            let location = row.location
            row = saved
            row.location = location
        case .nop, .argsSize:
            break
        }
    }
}
