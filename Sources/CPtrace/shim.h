// What Swift cannot call directly: ptrace(2) is variadic, process_vm_readv
// is a GNU extension, fork+exec of a traced child must not run Swift code
// in the child, and offsetof(struct user, u_debugreg) is a C expression.
#ifndef KEEL_CPTRACE_SHIM_H
#define KEEL_CPTRACE_SHIM_H
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <sys/syscall.h>

// GNU extensions, declared here rather than through _GNU_SOURCE, which
// would make these system headers differ from the ones Swift's Glibc module
// was built with.
extern ssize_t process_vm_readv(pid_t, const struct iovec *, unsigned long, const struct iovec *,
                                unsigned long, unsigned long);
extern ssize_t process_vm_writev(pid_t, const struct iovec *, unsigned long, const struct iovec *,
                                 unsigned long, unsigned long);
extern int pipe2(int pipefd[2], int flags);

/// ptrace(request, pid, addr, data); on failure returns -1 and stores errno
/// in *error (PEEK requests can return -1 as data).
static inline long keel_ptrace(int request, pid_t pid, uintptr_t addr, uintptr_t data, int *error) {
    errno = 0;
    long r = ptrace((enum __ptrace_request)request, pid, (void *)addr, (void *)data);
    *error = errno;
    return r;
}

static inline ssize_t keel_vm_read(pid_t pid, void *local, size_t length, uint64_t remote) {
    struct iovec l = { local, length };
    struct iovec r = { (void *)(uintptr_t)remote, length };
    return process_vm_readv(pid, &l, 1, &r, 1, 0);
}

static inline ssize_t keel_vm_write(pid_t pid, const void *local, size_t length, uint64_t remote) {
    struct iovec l = { (void *)local, length };
    struct iovec r = { (void *)(uintptr_t)remote, length };
    return process_vm_writev(pid, &l, 1, &r, 1, 0);
}

/// Where debug register `n` lives in struct user (PTRACE_PEEKUSER/POKEUSER).
static inline uintptr_t keel_debugreg_offset(int n) {
    return offsetof(struct user, u_debugreg) + (uintptr_t)n * sizeof(long);
}

static inline int keel_wall(void) { return __WALL; }

static inline int keel_tgkill(pid_t tgid, pid_t tid, int sig) {
    return (int)syscall(SYS_tgkill, tgid, tid, sig);
}

/// Forks a child that asks to be traced, optionally without address-space
/// randomization (as gdbserver does by default), and execs `path` (searched
/// in PATH when it has no slash). Only async-signal-safe calls run in the
/// child. Returns the pid, or -errno when fork fails or exec fails (the
/// child's errno comes back through a close-on-exec pipe; the failed child
/// is reaped here).
static inline pid_t keel_spawn_traced(const char *path, char *const argv[], int disable_aslr) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return -errno;
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        return -e;
    }
    if (pid == 0) {
        close(fds[0]);
        // The server blocks SIGCHLD (it reads it through a signalfd); the
        // program must start with the usual empty mask.
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, 0);
        if (ptrace(PTRACE_TRACEME, 0, 0, 0) != 0) {
            int e = errno;
            (void)!write(fds[1], &e, sizeof e);
            _exit(127);
        }
        if (disable_aslr) {
            int p = personality(0xffffffff);
            if (p != -1) personality((unsigned long)p | ADDR_NO_RANDOMIZE);
        }
        execvp(path, argv);
        int e = errno;
        (void)!write(fds[1], &e, sizeof e);
        _exit(127);
    }
    close(fds[1]);
    int childError = 0;
    ssize_t n;
    do { n = read(fds[0], &childError, sizeof childError); } while (n < 0 && errno == EINTR);
    close(fds[0]);
    if (n == (ssize_t)sizeof childError) {
        int status;
        while (waitpid(pid, &status, __WALL) < 0 && errno == EINTR) {}
        return -childError;
    }
    return pid;
}

static inline int keel_wifexited(int s) { return WIFEXITED(s); }
static inline int keel_wexitstatus(int s) { return WEXITSTATUS(s); }
static inline int keel_wifsignaled(int s) { return WIFSIGNALED(s); }
static inline int keel_wtermsig(int s) { return WTERMSIG(s); }
static inline int keel_wifstopped(int s) { return WIFSTOPPED(s); }
static inline int keel_wstopsig(int s) { return WSTOPSIG(s); }
/// The PTRACE_EVENT_* of a ptrace-stop (status >> 16), 0 for none.
static inline int keel_wptrace_event(int s) { return (s >> 16) & 0xff; }

#endif
