/// A packet from gdb, parsed (GDB manual, E.2 "Packets", E.4 "General Query
/// Packets"). Buffers borrow the decoder's payload buffer, already hex-decoded
/// or unescaped in place, and are valid until the next byte is fed.
public enum Command {
    /// `?`: why did the target stop.
    case haltReason
    /// `g`: all registers.
    case readRegisters
    /// `G XX...`: all registers, decoded.
    case writeRegisters(UnsafeMutableBufferPointer<UInt8>)
    /// `p n`: one register.
    case readRegister(Int)
    /// `P n=r...`: one register, value decoded.
    case writeRegister(Int, UnsafeMutableBufferPointer<UInt8>)
    /// `m addr,length` (hex reply), or `x addr,length` (binary reply) when `binary`.
    case readMemory(address: UInt64, length: Int, binary: Bool)
    /// `M addr,length:XX...` (hex) or `X addr,length:XX...` (binary), decoded.
    case writeMemory(address: UInt64, data: UnsafeMutableBufferPointer<UInt8>)
    /// `Z type,addr,kind`.
    case insertBreakpoint(BreakpointRequest)
    /// `z type,addr,kind`.
    case removeBreakpoint(BreakpointRequest)
    /// `c [addr]`, `C sig[;addr]`, `s [addr]`, `S sig[;addr]`.
    case resume(ResumeAction)
    /// `vCont?`: which vCont actions are supported.
    case vContQuery
    /// `vCont;action[:thread]...`.
    case vCont(VContActionList)
    /// `H op thread-id`: the thread later `g`/`m` (op `g`) or `c`/`s` (op `c`) use.
    case setThread(ThreadOperation, ThreadID)
    /// `T thread-id`: is the thread alive.
    case threadAlive(ThreadID)
    /// `qC`: the current thread.
    case currentThread
    /// `qfThreadInfo`: the first part of the thread list.
    case threadInfoFirst
    /// `qsThreadInfo`: the next part of the thread list.
    case threadInfoNext
    /// `qThreadExtraInfo,thread-id`: a description shown by `info threads`.
    case threadExtraInfo(ThreadID)
    /// `qAttached[:pid]`: attached to an existing process (1) or created one (0).
    case attached
    /// `qOffsets`: section relocation offsets.
    case sectionOffsets
    /// `qSupported[:gdbfeature;...]`.
    case supported(FeatureList)
    /// `qXfer:features:read:annex:offset,length`: the target description.
    case readFeatures(annex: UnsafeBufferPointer<UInt8>, offset: Int, length: Int)
    /// `qXfer:OBJECT:read:annex:offset,length` for the other objects.
    case readObject(TransferObject, annex: UnsafeBufferPointer<UInt8>, offset: Int, length: Int)
    /// `QCatchSyscalls:0` or `QCatchSyscalls:1[;sysno]...`.
    case catchSyscalls(CatchSyscallsRequest)
    /// `vRun;program;arg...`, hex-decoded in place.
    case run(RunArguments)
    /// `vAttach;pid`.
    case attachProcess(UInt64)
    /// `vKill;pid`.
    case killProcess(UInt64)
    /// `vFile:open|pread|close|readlink|setfs:...` (host I/O).
    case hostIO(HostIORequest)
    /// `qRcmd,command`: a `monitor` command, decoded.
    case monitor(UnsafeBufferPointer<UInt8>)
    /// `QStartNoAckMode`.
    case startNoAckMode
    /// `D` or `D;pid`.
    case detach(process: UInt64?)
    /// `k`.
    case kill
    /// `vMustReplyEmpty`: must get the empty reply (it checks unknown `v` packets do).
    case mustReplyEmpty
    /// `!`: extended mode.
    case extendedMode
    /// Anything else; answered with the empty reply.
    case unknown
}

/// The operation an `H` packet selects a thread for.
public enum ThreadOperation: Equatable, Sendable {
    /// `Hg`: registers and memory.
    case general
    /// `Hc`: resuming (deprecated in favor of vCont, still sent).
    case `continue`
}

/// A known packet whose arguments do not parse.
public enum PacketError: Error, Equatable, Sendable {
    case malformed
}
