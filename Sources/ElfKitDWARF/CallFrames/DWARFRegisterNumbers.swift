// The DWARF register numbers of x86-64 (System V psABI §3.6.2, Figure
// 3.36) for the registers an unwinder recovers.

public enum X86_64DWARFRegister {
    public static let rax: UInt16 = 0
    public static let rdx: UInt16 = 1
    public static let rcx: UInt16 = 2
    public static let rbx: UInt16 = 3
    public static let rsi: UInt16 = 4
    public static let rdi: UInt16 = 5
    public static let rbp: UInt16 = 6
    public static let rsp: UInt16 = 7
    public static let r12: UInt16 = 12
    public static let r13: UInt16 = 13
    public static let r14: UInt16 = 14
    public static let r15: UInt16 = 15
    /// The return address column (what becomes the caller's rip).
    public static let returnAddress: UInt16 = 16

    /// Registers a callee must preserve (psABI §3.2.1): without a rule they keep their value.
    public static let calleeSaved: [UInt16] = [rbx, rbp, r12, r13, r14, r15]

    static let names = ["rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp",
                        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "rip"]

    /// The register's name as readelf and gdb print it ("r16" past the table).
    public static func name(_ number: UInt16) -> String {
        Int(number) < names.count ? names[Int(number)] : "r\(number)"
    }

    /// The number of a register name, or nil.
    public static func number(_ name: String) -> UInt16? {
        names.firstIndex(of: name).map { UInt16($0) }
    }
}
