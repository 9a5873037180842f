// libFuzzer target for the boot archive reader and the LZ4 decompressor.
// Built together with Sources/BootArchive as one module (Fuzz/boot-archive.sh):
//
//   swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name BootArchiveFuzz \
//     Sources/BootArchive/*.swift Fuzz/BootArchiveFuzz/main.swift -o .build/fuzz/boot-archive
//
// The first input byte picks what the rest is:
//   0: an archive as it is (the index checksum stops most mutations early);
//   1: an archive whose index checksum is recomputed first, so mutations
//      reach the header, record and name checks and the entry readers;
//   2: an LZ4 block, decompressed into a buffer of a size taken from the
//      next two bytes, with guard bytes on both sides that must survive.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let mode = data[0] % 3
    var bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    switch mode {
    case 0:
        readArchive(bytes)
    case 1:
        reseal(&bytes)
        readArchive(bytes)
    default:
        decodeBlock(bytes)
    }
    return 0
}

func readArchive(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { raw in
        let archive: BootArchive
        do throws(BootArchiveError) { archive = try BootArchive(bytes: raw) } catch { _ = error.description; return }
        var output = [UInt8](repeating: 0, count: 1 << 16)
        for entry in archive {
            precondition(archive.index(named: entry.name) == entry.index, "lookup does not find an entry by its own name")
            precondition(entry.dataOffset % UInt64(archive.alignment) == 0)
            do throws(BootArchiveError) { try archive.verify(entry) } catch { _ = error.description }
            output.withUnsafeMutableBytes { out in
                do throws(BootArchiveError) { try archive.extract(entry, into: out) } catch { _ = error.description }
            }
        }
    }
}

/// Rewrites the index checksum over whatever the header's table fields say, when they are in bounds.
func reseal(_ bytes: inout [UInt8]) {
    guard bytes.count >= 64 else { return }
    func u64(_ o: Int) -> UInt64 { (0 ..< 8).reduce(UInt64(0)) { $0 | UInt64(bytes[o + $1]) << (8 * $1) } }
    let total = UInt64(bytes.count)
    let count = UInt64(bytes[16]) | UInt64(bytes[17]) << 8 | UInt64(bytes[18]) << 16 | UInt64(bytes[19]) << 24
    let table = u64(32), names = u64(40), nameSize = u64(48)
    var crc = CRC32C()
    bytes.withUnsafeBytes { all in
        crc.update(UnsafeRawBufferPointer(rebasing: all[0 ..< 60]))
        if table <= total, count <= total / 48, count * 48 <= total - table {
            crc.update(UnsafeRawBufferPointer(rebasing: all[Int(table) ..< Int(table + count * 48)]))
        }
        if names <= total, nameSize <= total - names {
            crc.update(UnsafeRawBufferPointer(rebasing: all[Int(names) ..< Int(names + nameSize)]))
        }
    }
    let v = crc.value
    for k in 0 ..< 4 { bytes[60 + k] = UInt8(truncatingIfNeeded: v >> (8 * k)) }
}

func decodeBlock(_ bytes: [UInt8]) {
    guard bytes.count >= 2 else { return }
    let outSize = Int(bytes[0]) | Int(bytes[1]) << 8
    let block = Array(bytes[2...])
    let guardSize = 32
    var buffer = [UInt8](repeating: 0xEE, count: outSize + 2 * guardSize)
    block.withUnsafeBytes { input in
        buffer.withUnsafeMutableBytes { all in
            let out = UnsafeMutableRawBufferPointer(rebasing: all[guardSize ..< guardSize + outSize])
            do throws(LZ4Error) {
                let n = try LZ4Block.decompress(input, into: out)
                precondition(n >= 0 && n <= outSize)
            } catch { _ = error.description }
        }
    }
    for i in 0 ..< guardSize { precondition(buffer[i] == 0xEE && buffer[guardSize + outSize + i] == 0xEE, "LZ4 wrote outside its output") }
}
