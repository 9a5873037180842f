// Errors of the boot archive reader, writer and LZ4 decoder. Small enums
// with integer payloads, no Strings: the kernel meets them at boot, before
// anything may allocate. Entry errors carry the entry's index so that the
// caller can name it (`BootArchive.name(of:)`); `describe` does that on the host.

/// A header field an error refers to.
public enum BootArchiveHeaderField: UInt8, Sendable, Equatable {
    case headerSize
    case entrySize
    case flags
    case alignment
    case archiveSize
    case entryTable
    case nameTable
    case reserved
}

/// An entry field an error refers to.
public enum BootArchiveEntryField: UInt8, Sendable, Equatable {
    /// The data does not start at a multiple of the archive's alignment.
    case dataAlignment
    /// The stored bytes lie outside the archive, or overlap its index.
    case dataRange
    /// The uncompressed size disagrees with the stored size of an uncompressed entry.
    case size
    /// The name lies outside the name table, is empty, too long, or holds NUL, '/' or is "." / "..".
    case name
    case flags
    case mode
    case reserved
}

/// Why an LZ4 block could not be decompressed. Offsets are in the input block.
public enum LZ4Error: Error, Sendable, Equatable {
    /// The block ends inside a length, literal run or match offset.
    case truncated(offset: Int)
    /// A match offset of 0, or one reaching before the start of the output.
    case badMatchOffset(offset: Int)
    /// The block would write past the end of the output buffer.
    case outputOverflow(offset: Int)
}

public enum BootArchiveError: Error, Sendable, Equatable {
    /// The input is shorter than the header (`needed` 64) or than the archive size the header declares.
    case truncated(needed: UInt64, available: Int)
    /// The first eight bytes are not "KEELARC\0".
    case badMagic
    case unsupportedVersion(UInt16)
    case badHeader(BootArchiveHeaderField)
    /// The CRC-32C over the header, entry table and name table is wrong:
    /// no entry can be trusted, not even its name.
    case indexChecksumMismatch(expected: UInt32, actual: UInt32)
    case badEntry(index: Int, BootArchiveEntryField)
    /// The name of entry `index` does not sort strictly after the previous one (unsorted or duplicate).
    case unsortedName(index: Int)
    /// The stored bytes of entry `index` do not match their CRC-32C.
    case checksumMismatch(index: Int, expected: UInt32, actual: UInt32)
    /// The uncompressed contents of entry `index` do not match their CRC-32C.
    case contentChecksumMismatch(index: Int, expected: UInt32, actual: UInt32)
    /// The LZ4 block of entry `index` is malformed.
    case decompressionFailed(index: Int, LZ4Error)
    /// The LZ4 block of entry `index` decompressed to `produced` bytes, not the recorded size.
    case sizeMismatch(index: Int, produced: Int)
    /// The output buffer for entry `index` is smaller than its size.
    case bufferTooSmall(index: Int, needed: UInt64)
    /// Writer: the name of the `index`th added entry is invalid (see `BootArchiveName`).
    case invalidName(index: Int)
    /// Writer: the mode of the `index`th added entry has more than permission bits (over 0o7777).
    case invalidMode(index: Int)
    /// Writer: the `index`th added entry has the name of an earlier one.
    case duplicateName(index: Int)
    /// Writer: the alignment is not a power of two in 8...2 MiB.
    case invalidAlignment(Int)
    /// Writer: an entry's compressed form does not decompress to its contents.
    case badCompressedForm(index: Int)
    /// Writer: more than 2^32-1 entries or a name table over 4 GiB.
    case tooLarge
}

extension LZ4Error: CustomStringConvertible {
    public var description: String {
        switch self {
        case .truncated(let o): return "LZ4 block truncated at offset \(o)"
        case .badMatchOffset(let o): return "LZ4 match at offset \(o) reaches before the start of the output"
        case .outputOverflow(let o): return "LZ4 sequence at offset \(o) writes past the end of the output"
        }
    }
}

extension BootArchiveError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .truncated(let needed, let available):
            return "truncated archive: \(needed) bytes needed, \(available) present"
        case .badMagic: return "not a Keel boot archive (bad magic, expected \"KEELARC\\0\")"
        case .unsupportedVersion(let v): return "unsupported archive version \(v) (this reader knows version 1)"
        case .badHeader(let f): return "bad archive header: \(f.name)"
        case .indexChecksumMismatch(let e, let a):
            return "archive index is corrupt (CRC-32C recorded \(hex(e)), computed \(hex(a)))"
        case .badEntry(let i, let f): return "entry \(i): bad \(f.name)"
        case .unsortedName(let i): return "entry \(i): name not sorted after the previous entry's (unsorted or duplicate)"
        case .checksumMismatch(let i, let e, let a):
            return "entry \(i): checksum mismatch (CRC-32C recorded \(hex(e)), computed \(hex(a)))"
        case .contentChecksumMismatch(let i, let e, let a):
            return "entry \(i): contents checksum mismatch after decompression (CRC-32C recorded \(hex(e)), computed \(hex(a)))"
        case .decompressionFailed(let i, let e): return "entry \(i): \(e)"
        case .sizeMismatch(let i, let p): return "entry \(i): decompressed to \(p) bytes, not the recorded size"
        case .bufferTooSmall(let i, let n): return "entry \(i): output buffer smaller than its \(n) bytes"
        case .invalidName(let i): return "entry \(i): invalid name (1-255 bytes, no '/', no NUL, not '.' or '..')"
        case .invalidMode(let i): return "entry \(i): mode has more than permission bits (over 0o7777)"
        case .duplicateName(let i): return "entry \(i): duplicate name"
        case .invalidAlignment(let a): return "alignment \(a) is not a power of two between 8 and 2097152"
        case .badCompressedForm(let i): return "entry \(i): compressed form does not decompress to the contents"
        case .tooLarge: return "archive too large"
        }
    }

    /// The entry an error is about, if any.
    public var entryIndex: Int? {
        switch self {
        case .badEntry(let i, _), .unsortedName(let i), .checksumMismatch(let i, _, _),
             .contentChecksumMismatch(let i, _, _), .decompressionFailed(let i, _), .sizeMismatch(let i, _),
             .bufferTooSmall(let i, _), .invalidName(let i), .invalidMode(let i), .duplicateName(let i), .badCompressedForm(let i):
            return i
        default:
            return nil
        }
    }
}

private func hex(_ v: UInt32) -> String {
    let digits = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.utf8.count) + digits
}

extension BootArchiveHeaderField {
    /// What is wrong, in words; StaticString so the kernel prints it without allocating.
    public var name: StaticString {
        switch self {
        case .headerSize: return "header size is not 64"
        case .entrySize: return "entry size is not 48"
        case .flags: return "unknown header flags"
        case .alignment: return "alignment is not a power of two in 8...2 MiB"
        case .archiveSize: return "archive size is smaller than the header"
        case .entryTable: return "entry table outside the archive or misaligned"
        case .nameTable: return "name table outside the archive"
        case .reserved: return "reserved field is not zero"
        }
    }
}

extension BootArchiveEntryField {
    public var name: StaticString {
        switch self {
        case .dataAlignment: return "data offset not a multiple of the alignment"
        case .dataRange: return "data outside the archive or inside its index"
        case .size: return "size (differs from the stored size, or over 256 times the compressed size)"
        case .name: return "name (outside the name table, empty, over 255 bytes, or holding '/' or NUL)"
        case .flags: return "unknown flags"
        case .mode: return "mode (more than permission bits)"
        case .reserved: return "reserved field is not zero"
        }
    }
}
