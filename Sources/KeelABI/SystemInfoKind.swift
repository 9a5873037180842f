/// What `system_info` reports, as text.
public enum SystemInfoKind: UInt64, Sendable {
    /// One line per task: id, state, priority, name.
    case tasks = 0
    /// Frame and heap statistics.
    case memory = 1
    /// Uptime in milliseconds, as a decimal number.
    case uptime = 2
    /// The programs the kernel can spawn, one per line with their size.
    case programs = 3
}
