/// Sends a monitor command's output to gdb as `O XX...` packets as it is
/// written (GDB manual, E.4 `qRcmd`), using the session's reply buffer.
struct ConsolePacketWriter<Sink: ByteSink>: MonitorOutput {
    var sink: Sink
    let buffer: UnsafeMutableBufferPointer<UInt8>

    mutating func write(_ bytes: UnsafeRawBufferPointer) {
        var rest = bytes
        while !rest.isEmpty {
            var writer = PacketWriter(buffer: buffer)
            let sent = writer.appendConsoleOutput(rest)
            guard sent > 0, let packet = writer.finish() else { return }
            sink.write(packet)
            rest = UnsafeRawBufferPointer(rebasing: rest[sent...])
        }
    }
}
