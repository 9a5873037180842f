/// One table visited while translating an address (Intel SDM Vol. 3A
/// §4.5.4): which table, which slot, and the entry found there.
public struct X86WalkStep: Equatable, Sendable {
    /// "PML4", "PDPT", "PD" or "PT".
    public var levelName: StaticString
    /// 0 for the PML4 through 3 for the PT.
    public var depth: Int
    /// Physical address of the table.
    public var tableAddress: UInt64
    public var index: Int
    public var entry: X86PageTableEntry

    public init(levelName: StaticString, depth: Int, tableAddress: UInt64, index: Int, entry: X86PageTableEntry) {
        self.levelName = levelName
        self.depth = depth
        self.tableAddress = tableAddress
        self.index = index
        self.entry = entry
    }

    /// Compares everything but the name, which the depth determines.
    public static func == (a: X86WalkStep, b: X86WalkStep) -> Bool {
        a.depth == b.depth && a.tableAddress == b.tableAddress && a.index == b.index && a.entry == b.entry
    }
}
