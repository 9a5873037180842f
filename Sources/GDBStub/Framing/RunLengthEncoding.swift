/// Run-length encoding of packet data (GDB manual, E.1 "Overview"): a run of
/// one character is sent as the character, `*` and a count character
/// `n + 29` meaning `n` more repeats. Counts are 3...97 (shorter runs do not
/// save bytes; longer ones would need a count past `~`), and never 6 or 7,
/// whose count characters would be `#` and `$`: those runs use 5.
public enum RunLengthEncoding {
    /// Largest number of extra repeats one `*` can carry (`~` - 29).
    public static let maximumRepeat = 97

    /// Whether `repeats` extra copies may be encoded as one count character.
    @inline(__always)
    public static func isEncodableRepeat(_ repeats: Int) -> Bool {
        repeats >= 3 && repeats <= maximumRepeat && repeats != 6 && repeats != 7
    }

    /// Compresses `bytes` in place and returns the new length. The output is
    /// never longer than the input, so one left-to-right pass is safe.
    public static func compressInPlace(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var read = 0
        var write = 0
        let end = bytes.count
        while read < end {
            let byte = bytes[read]
            var run = 1
            while read + run < end, run <= maximumRepeat, bytes[read + run] == byte { run += 1 }
            var repeats = run - 1
            bytes[write] = byte
            write += 1
            read += 1
            if repeats >= 3 {
                if repeats > maximumRepeat { repeats = maximumRepeat }
                if repeats == 6 || repeats == 7 { repeats = 5 }
                bytes[write] = UInt8(ascii: "*")
                bytes[write + 1] = UInt8(repeats + 29)
                write += 2
                read += repeats
            }
        }
        return write
    }
}
