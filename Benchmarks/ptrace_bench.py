#!/usr/bin/env python3
"""ptrace gdbserver benchmark: `kdbg server` against GNU gdbserver, the same
gdb scripts against both in one run (median of --runs rounds each).

A C program built here with gcc -O0 has a 16 MiB global buffer (touched, so
every page is mapped), a loop of single instructions to step through, and
a function called in a loop for breakpoint hits. For each server gdb:

1. stepi:  `break main`, `continue`, then N `stepi` (default 3,000), timed
   inside gdb (Python, CLOCK_MONOTONIC) -> steps/s;
2. dump:   `dump binary memory OUT &buffer &buffer+16MiB` -> MiB/s; the two
   dumps must be byte-identical (and equal to the program's pattern);
3. hits:   `break hit`, then M `continue`s (default 1,000), each a hit
   -> hits/s; the program's call counter must then be M - 1 on both.

Goal: kdbg at least as fast as gdbserver on each (ratio >= 1.00).
gdbserver runs with --no-startup-with-shell, like kdbg starts programs.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SOURCE = r"""
#include <stdint.h>
#include <string.h>
#define SIZE (16u << 20)
uint8_t buffer[SIZE];
volatile long calls = 0;
void hit(void) { calls++; }
int main(void) {
    for (uint32_t i = 0; i < SIZE; i++) buffer[i] = (uint8_t)(i * 31 + (i >> 12));
    volatile long x = 0;
    for (long i = 0; i < 1000000; i++) { x += i; x ^= 3; }
    for (int i = 0; i < 100000; i++) hit();
    return 0;
}
"""

SIZE = 16 << 20


class BenchError(Exception):
    pass


def build(workdir):
    src = os.path.join(workdir, "bench.c")
    exe = os.path.join(workdir, "bench")
    with open(src, "w") as f:
        f.write(SOURCE)
    subprocess.run(["gcc", "-g", "-O0", "-o", exe, src], check=True)
    return exe


def start_server(kind, kdbg, exe):
    if kind == "kdbg":
        argv = [kdbg, "server", "--once", "127.0.0.1:0", "--", exe]
    else:
        argv = ["gdbserver", "--once", "--no-startup-with-shell", "127.0.0.1:0", exe]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    port = None
    deadline = time.time() + 10
    lines = []
    while time.time() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("Listening on port "):
            port = int(line.split()[-1])
            break
    if port is None:
        proc.kill()
        raise BenchError(f"{kind} did not start: {''.join(lines)}")
    return proc, port


GDB_SCRIPT = r"""
import gdb, time
def run(cmd, n):
    t = time.clock_gettime(time.CLOCK_MONOTONIC)
    for _ in range(n):
        gdb.execute(cmd, to_string=True)
    return time.clock_gettime(time.CLOCK_MONOTONIC) - t
gdb.execute("break main", to_string=True)
gdb.execute("continue", to_string=True)
gdb.execute("delete", to_string=True)
# Past the buffer-filling loop, into the stepping loop.
gdb.execute("tbreak bench.c:11", to_string=True)
gdb.execute("continue", to_string=True)
steps = run("stepi", STEPS)
rip = int(gdb.parse_and_eval("$pc"))
t = time.clock_gettime(time.CLOCK_MONOTONIC)
gdb.execute("dump binary memory DUMP &buffer ((char*)&buffer)+%d" % SIZE, to_string=True)
dump = time.clock_gettime(time.CLOCK_MONOTONIC) - t
gdb.execute("break hit", to_string=True)
hits = run("continue", HITS)
calls = int(gdb.parse_and_eval("calls"))
print("RESULT %f %f %f %d %x" % (steps, dump, hits, calls, rip))
gdb.execute("kill", to_string=True)
"""


def run_gdb(exe, port, dump_path, steps, hits):
    script = GDB_SCRIPT.replace("STEPS", str(steps)).replace("HITS", str(hits)) \
        .replace("DUMP", dump_path).replace("SIZE", str(SIZE))
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(script)
        path = f.name
    try:
        out = subprocess.run(
            ["gdb", "-q", "-batch", "-nx", "-ex", "set pagination off", "-ex", "set confirm off",
             "-ex", "set sysroot /", "-ex", f"target remote 127.0.0.1:{port}", "-x", path, exe],
            capture_output=True, text=True, timeout=600)
    finally:
        os.unlink(path)
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            _, s, d, h, calls, rip = line.split()
            return float(s), float(d), float(h), int(calls), rip
    raise BenchError("gdb failed:\n" + out.stdout[-3000:] + out.stderr[-3000:])


def round_for(kind, kdbg, exe, workdir, steps, hits):
    proc, port = start_server(kind, kdbg, exe)
    dump_path = os.path.join(workdir, f"dump-{kind}.bin")
    try:
        result = run_gdb(exe, port, dump_path, steps, hits)
    finally:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise BenchError(f"{kind} did not exit after gdb left")
    with open(dump_path, "rb") as f:
        data = f.read()
    return result, data


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kdbg", default=".build/release/kdbg")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--hits", type=int, default=1000)
    args = ap.parse_args()
    for tool in ("gdb", "gdbserver", "gcc"):
        if not shutil.which(tool):
            print(f"ptrace_bench: {tool} not found (make deps)", file=sys.stderr)
            return 1
    if not os.access(args.kdbg, os.X_OK):
        print(f"ptrace_bench: {args.kdbg} is not built (swift build -c release --product kdbg)", file=sys.stderr)
        return 1
    workdir = tempfile.mkdtemp(prefix="ptrace-bench-")
    try:
        exe = build(workdir)
        expected = bytes(((i * 31 + (i >> 12)) & 0xff) for i in range(SIZE))
        times = {"kdbg": ([], [], []), "gdbserver": ([], [], [])}
        for _ in range(args.runs):
            rips = {}
            for kind in ("gdbserver", "kdbg"):
                (s, d, h, calls, rip), data = round_for(kind, args.kdbg, exe, workdir, args.steps, args.hits)
                if data != expected:
                    raise BenchError(f"{kind}: the 16 MiB dump differs from the program's buffer")
                # Stopped at the entry of the M-th call: M - 1 calls completed.
                if calls != args.hits - 1:
                    raise BenchError(f"{kind}: {calls} calls of hit() completed, expected {args.hits - 1}")
                rips[kind] = rip
                for series, value in zip(times[kind], (s, d, h)):
                    series.append(value)
            if rips["kdbg"] != rips["gdbserver"]:
                raise BenchError(f"after {args.steps} stepi the pc differs: {rips}")
        print(f"ptrace gdbserver benchmark (median of {args.runs} runs; same program, same gdb script)")
        print(f"{'':22}{'kdbg server':>14}{'gdbserver':>14}{'ratio':>8}")
        ok = True
        rows = [(f"stepi x{args.steps}", "steps/s", 0, args.steps),
                ("dump 16 MiB", "MiB/s", 1, 16),
                (f"breakpoint hits x{args.hits}", "hits/s", 2, args.hits)]
        for name, unit, index, amount in rows:
            ours = amount / statistics.median(times["kdbg"][index])
            ref = amount / statistics.median(times["gdbserver"][index])
            ratio = ours / ref
            ok = ok and ratio >= 1.0
            print(f"{name:22}{ours:>10.0f} {unit:<3}{ref:>10.0f} {unit:<3}{ratio:>8.2f}")
        print("goal: ratio >= 1.00 on each:", "met" if ok else "NOT met")
        return 0
    except (BenchError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
        print(f"ptrace_bench: {e}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
