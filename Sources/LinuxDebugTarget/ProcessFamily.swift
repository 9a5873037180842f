import GDBStub
import Glibc

/// What the processes of one debugging session share: the statuses waitpid
/// returned for tasks not known yet (a clone's or a fork child's first stop
/// can come before its parent's event), the process events the debugger
/// wants reported, and forked children not yet taken in by the target.
final class ProcessFamily {
    var earlyStatuses: [pid_t: WaitStatus] = [:]
    var reportedEvents: ProcessEventSet = []
    var newborns: [TracedProcess] = []
}
