/// The kinds of kernel object a handle can refer to (`handle_info`).
public enum ObjectKind: UInt64, Sendable {
    case console = 1, system = 2, task = 3, channel = 4, memory = 5, notification = 6
}
