#!/usr/bin/env python3
"""kdbg benchmark, side by side with gdb through the same stub in one run.

1. Memory read: the kernel boots with `gdb=wait selftest=boot` (COM2 on a
   TCP chardev). kdbg attaches and runs `dump memory OUT 0x200000 0x300000`
   (1 MiB); its JSON result gives the transfer time. A fresh machine, the
   same stop, then gdb does `dump binary memory` of the same range, timed
   inside gdb (Python, CLOCK_MONOTONIC). The two files must be identical.
   Goal: kdbg's bytes/s at least gdb's.
2. Backtrace: `selftest=doublefault` recurses; both debuggers break on
   Kernel.FaultSelftests.recurse and continue until the stack is 20+ frames
   deep, then time `bt` (kdbg: the command's `seconds` in --json; gdb: a
   Python timer around gdb.execute("bt")). kdbg prints inlined frames and
   demangled Swift names; gdb 13 prints mangled names.

Median of --runs rounds. Exit status 1 if a run fails or the dumps differ.
"""
import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

PROG = "kdbg_bench"
DUMP_START, DUMP_END = 0x200000, 0x300000
CONTINUES = 19   # breakpoint hits in recurse(): the stack is then 20 recurse frames + 5 below


class BenchError(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Machine:
    """QEMU with the kernel, COM2 (the stub) on 127.0.0.1:port."""

    def __init__(self, kernel, append):
        self.port = free_port()
        self.proc = subprocess.Popen(
            ["qemu-system-x86_64", "-kernel", kernel, "-append", append, "-m", "256M", "-display", "none",
             "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-serial", "null",
             "-serial", f"tcp:127.0.0.1:{self.port},server=on,wait=off,nodelay=on", "-monitor", "none"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.02)
        self.close()
        raise BenchError("QEMU's COM2 port did not open")

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def run(argv, timeout=120):
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
    return p


def kdbg(kdbg_path, kernel, port, commands):
    argv = [kdbg_path, "attach", f"127.0.0.1:{port}", "--kernel", kernel, "--json", "--timeout", "20"]
    for c in commands:
        argv += ["-ex", c]
    p = run(argv)
    results = [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]
    if p.returncode != 0 or not all(r.get("ok") for r in results):
        raise BenchError(f"kdbg failed (status {p.returncode}):\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    return results


def gdb(kernel, port, commands):
    argv = ["gdb", "-q", "-batch", "-nx", "-ex", "set pagination off", "-ex", "set confirm off",
            "-ex", f"target remote 127.0.0.1:{port}"]
    for c in commands:
        argv += ["-ex", c]
    p = run(argv + [kernel])
    values = {}
    for line in p.stdout.splitlines():
        if line.startswith("@@ "):
            _, key, value = line.split(" ", 2)
            values[key] = float(value)
    if p.returncode != 0 or not values:
        raise BenchError(f"gdb failed (status {p.returncode}):\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    return values


def timed(command, key):
    return [f"python import time; _t = time.monotonic()",
            f"python gdb.execute({command!r}, to_string=True); print('@@ {key}', time.monotonic() - _t)"]


def symbol_address(kernel, fragment):
    out = run(["nm", kernel]).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and fragment in parts[2]:
            return int(parts[0], 16)
    raise BenchError(f"no symbol containing {fragment} in {kernel}")


def round_dump(kdbg_path, kernel, tmp):
    out_k, out_g = os.path.join(tmp, "kdbg.bin"), os.path.join(tmp, "gdb.bin")
    m = Machine(kernel, "gdb=wait selftest=boot")
    try:
        r = kdbg(kdbg_path, kernel, m.port, [f"dump memory {out_k} {DUMP_START:#x} {DUMP_END:#x}", "kill"])
        k_seconds = r[0]["transferSeconds"]
    finally:
        m.close()
    m = Machine(kernel, "gdb=wait selftest=boot")
    try:
        g = gdb(kernel, m.port, timed(f"dump binary memory {out_g} {DUMP_START:#x} {DUMP_END:#x}", "dump") + ["kill"])
        g_seconds = g["dump"]
    finally:
        m.close()
    with open(out_k, "rb") as a, open(out_g, "rb") as b:
        if a.read() != b.read():
            raise BenchError("kdbg's and gdb's dumps of the same memory differ")
    return k_seconds, g_seconds


def round_bt(kdbg_path, kernel):
    recurse = symbol_address(kernel, "14FaultSelftestsO7recurse")
    m = Machine(kernel, "gdb=wait selftest=doublefault")
    try:
        r = kdbg(kdbg_path, kernel, m.port, ["break *%#x" % recurse] + ["continue"] * CONTINUES + ["bt", "kill"])
        bt = r[-2]
        k_seconds, k_frames = bt["seconds"], len(bt["frames"])
        k_machine = len([f for f in bt["frames"] if not f["inlined"]])
    finally:
        m.close()
    m = Machine(kernel, "gdb=wait selftest=doublefault")
    try:
        g = gdb(kernel, m.port, ["break *%#x" % recurse] + ["continue"] * CONTINUES
                + timed("bt", "bt") + ["python print('@@ frames', len(gdb.execute('bt', to_string=True).splitlines()))", "kill"])
    finally:
        m.close()
    return k_seconds, k_frames, k_machine, g["bt"], int(g["frames"])


def main():
    ap = argparse.ArgumentParser(prog=PROG, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kdbg", default=".build/release/kdbg")
    ap.add_argument("--kernel", default=".build/kernel/kernel.elf")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    for path in (args.kdbg, args.kernel):
        if not os.path.exists(path):
            print(f"{PROG}: {path}: not found (make kernel; swift build -c release --product kdbg)", file=sys.stderr)
            return 2
    dumps, bts = [], []
    try:
        with tempfile.TemporaryDirectory(prefix="kdbg-bench-") as tmp:
            for _ in range(args.runs):
                dumps.append(round_dump(args.kdbg, args.kernel, tmp))
                bts.append(round_bt(args.kdbg, args.kernel))
    except (BenchError, subprocess.TimeoutExpired) as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        return 1
    size = DUMP_END - DUMP_START
    k = statistics.median(d[0] for d in dumps)
    g = statistics.median(d[1] for d in dumps)
    print(f"kdbg bench ({args.runs} rounds, medians)")
    print(f"  dump 1 MiB through the kernel stub: kdbg {k:.3f} s ({size / k / 1024:.0f} KiB/s), "
          f"gdb {g:.3f} s ({size / g / 1024:.0f} KiB/s): kdbg/gdb speed {g / k:.2f}x "
          f"(goal >= 1.00x: {'met' if g / k >= 1.0 else 'NOT met'}); dumps identical")
    kb = statistics.median(b[0] for b in bts)
    gb = statistics.median(b[3] for b in bts)
    frames, machine, gframes = bts[0][1], bts[0][2], bts[0][4]
    print(f"  bt of a {machine}-frame stack ({frames} lines with inlined frames): kdbg {kb * 1000:.1f} ms, "
          f"gdb {gb * 1000:.1f} ms ({gframes} lines): gdb/kdbg time {gb / kb:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
