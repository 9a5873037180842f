import KeelRuntime

/// Exits 0 at once: the spawn/exit cycle test's program.
@main struct True {
    static func main() {}
}
