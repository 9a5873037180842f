import GDBStub
import Glibc

extension LinuxDebugTarget: ObjectTransfer {
    public static var transferObjects: TransferObjects {
        [TransferObjects(.auxv), TransferObjects(.execFile), TransferObjects(.librariesSVR4), TransferObjects(.threads)]
    }

    /// Each object is built when read at offset 0 and served from that copy
    /// for the following pieces, so a document read in parts is consistent.
    public mutating func readObject(_ object: TransferObject, annex: UnsafeBufferPointer<UInt8>, offset: Int,
                                    into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        if offset == 0 {
            objectCache = try document(object, annex: annex)
        }
        guard offset < objectCache.count else { return 0 }
        let n = min(buffer.count, objectCache.count - offset)
        objectCache.withUnsafeBytes {
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + n)]))
        }
        return n
    }

    func document(_ object: TransferObject, annex: UnsafeBufferPointer<UInt8>) throws(TargetError) -> [UInt8] {
        switch object {
        case .auxv:
            let process = try live()
            guard let auxv = ProcFiles.read("/proc/\(process.pid)/auxv") else { throw .failed(.failed) }
            return auxv
        case .execFile:
            // The annex is a pid in hex, or empty for the current process.
            var pid = process.map { UInt64($0.pid) }
            if !annex.isEmpty {
                pid = UInt64(String(decoding: annex, as: UTF8.self), radix: 16)
            }
            guard let pid, let path = ProcFiles.link("/proc/\(pid)/exe") else { throw .failed(.failed) }
            return Array(path.utf8)
        case .librariesSVR4:
            return Array(SVR4LibraryList(process: try live()).xml.utf8)
        case .threads:
            _ = try live()
            var text = "<threads>\n"
            for process in liveProcesses {
                for tid in process.threadIDs {
                    text += "<thread id=\"p\(String(process.pid, radix: 16)).\(String(tid, radix: 16))\""
                    if let name = process.threadName(tid) { text += " name=\"\(XMLText.escape(name))\"" }
                    text += "/>\n"
                }
            }
            return Array((text + "</threads>\n").utf8)
        }
    }
}
