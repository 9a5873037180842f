/// Names of the flag bits of RFLAGS, CR0, CR4 and EFER (Intel SDM vol. 3A,
/// §2.3 "Control Registers", §2.2.1 "Extended Feature Enable Register";
/// vol. 1, §3.4.3 "EFLAGS Register").
public enum ControlRegisterFlags {
    static let rflags: [(Int, String)] = [
        (0, "CF"), (2, "PF"), (4, "AF"), (6, "ZF"), (7, "SF"), (8, "TF"), (9, "IF"), (10, "DF"), (11, "OF"),
        (14, "NT"), (16, "RF"), (17, "VM"), (18, "AC"), (19, "VIF"), (20, "VIP"), (21, "ID"),
    ]
    static let cr0: [(Int, String)] = [
        (0, "PE"), (1, "MP"), (2, "EM"), (3, "TS"), (4, "ET"), (5, "NE"), (16, "WP"), (18, "AM"), (29, "NW"),
        (30, "CD"), (31, "PG"),
    ]
    static let cr4: [(Int, String)] = [
        (0, "VME"), (1, "PVI"), (2, "TSD"), (3, "DE"), (4, "PSE"), (5, "PAE"), (6, "MCE"), (7, "PGE"), (8, "PCE"),
        (9, "OSFXSR"), (10, "OSXMMEXCPT"), (11, "UMIP"), (12, "LA57"), (13, "VMXE"), (14, "SMXE"),
        (16, "FSGSBASE"), (17, "PCIDE"), (18, "OSXSAVE"), (19, "KL"), (20, "SMEP"), (21, "SMAP"), (22, "PKE"),
        (23, "CET"), (24, "PKS"),
    ]
    static let efer: [(Int, String)] = [
        (0, "SCE"), (8, "LME"), (10, "LMA"), (11, "NXE"), (12, "SVME"), (13, "LMSLE"), (14, "FFXSR"), (15, "TCE"),
    ]

    /// The flag table of a register, if it has one.
    public static func table(for register: String) -> [(Int, String)]? {
        switch register {
        case "eflags", "rflags": return rflags
        case "cr0": return cr0
        case "cr4": return cr4
        case "efer": return efer
        default: return nil
        }
    }

    /// The names of the bits set in `value`; unnamed set bits as `bit N`.
    public static func names(of value: UInt64, register: String) -> [String]? {
        guard let table = table(for: register) else { return nil }
        var names: [String] = []
        var known: UInt64 = register == "eflags" || register == "rflags" ? 1 << 1 : 0   // bit 1 is always set
        for (bit, name) in table {
            known |= 1 << UInt64(bit)
            if value & (1 << UInt64(bit)) != 0 { names.append(name) }
        }
        var rest = value & ~known
        while rest != 0 {
            let bit = rest.trailingZeroBitCount
            names.append("bit \(bit)")
            rest &= rest - 1
        }
        return names
    }
}
