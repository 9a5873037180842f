import KeelRuntime

/// The smallest user program: greets, shows its arguments, exits 0.
@main struct Hello {
    static func main() {
        let arguments = Task.arguments()
        print("Hello from user space!")
        if !arguments.isEmpty { print("arguments: \(arguments)") }
    }
}
