#!/usr/bin/env python3
"""User-space benchmark (make bench): system call, context switch and IPC
costs in TSC cycles under TCG, as the `sysbench` user program measures them
(median of 20,000 samples each, inside the guest), over N boots:

- null syscall: an unknown number (entry, dispatch, sysret, nothing else);
- yield round trip: yield to another task and back (two context switches,
  each with a CR3 load and an FPU state swap);
- IPC round trip: a 4-byte message to ipc-pong and its echo over a
  synchronous channel (four system calls, two context switches).

Also 1,000 spawn/exit cycles (selftest=spawnloop) in wall time per cycle.
There is no reference to compare against on this machine (KVM is not
usable), so the figures are printed as they are. TSC cycles under TCG follow
QEMU's virtual clock, not the host CPU's.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

PATTERNS = {
    "null syscall": re.compile(rb"sysbench: null syscall (\d+) cycles"),
    "yield round trip (2 switches)": re.compile(rb"sysbench: yield round trip \(2 context switches\) (\d+) cycles"),
    "IPC round trip": re.compile(rb"sysbench: IPC round trip (\d+) cycles"),
}


def qemu(kernel, initrd, append):
    # The user programs come from the boot archive only.
    command = ["qemu-system-x86_64", "-kernel", kernel, "-initrd", initrd, "-append", append, "-m", "256M",
               "-display", "none", "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
               "-serial", "stdio", "-serial", "null", "-monitor", "none"]
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            timeout=120)
    elapsed = time.perf_counter() - start
    if result.returncode != 1:
        sys.exit(f"userspace_bench: {append} failed (QEMU status {result.returncode}):\n"
                 f"{result.stdout.decode(errors='replace')[-3000:]}")
    return result.stdout, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernel", default=".build/kernel/kernel.elf")
    parser.add_argument("--initrd", default=".build/kernel/initrd.img", help="the boot archive with the programs")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for path in (args.kernel, args.initrd):
        if not os.path.exists(path):
            sys.exit(f"userspace_bench: {path} not found; run `make kernel`")
    if shutil.which("qemu-system-x86_64") is None:
        sys.exit("userspace_bench: qemu-system-x86_64 not found; run `make deps`")

    samples = {name: [] for name in PATTERNS}
    for _ in range(args.runs):
        output, _ = qemu(args.kernel, args.initrd, "selftest=sysbench")
        for name, pattern in PATTERNS.items():
            m = pattern.search(output)
            if not m:
                sys.exit(f"userspace_bench: no '{name}' figure in:\n{output.decode(errors='replace')[-2000:]}")
            samples[name].append(int(m.group(1)))

    print(f"User space (TCG, TSC cycles, median of 20,000 per boot; {args.runs} boots):")
    for name, values in samples.items():
        print(f"  {name:32} median {statistics.median(values):>9,.0f}   min {min(values):>9,}   max {max(values):>9,}")

    spawn = []
    for _ in range(max(1, args.runs // 2)):
        output, elapsed = qemu(args.kernel, args.initrd, "selftest=spawnloop")
        m = re.search(rb"\[\s*(\d+)\.(\d+)\] info: spawnloop: 1000 spawn/exit cycles", output)
        start = re.search(rb"\[\s*(\d+)\.(\d+)\] info: user: true", output)
        if m and start:
            ms = (int(m.group(1)) * 1000 + int(m.group(2))) - (int(start.group(1)) * 1000 + int(start.group(2)))
            spawn.append(ms / 1000.0)
    if spawn:
        print(f"  {'spawn + exit + wait (true)':32} median {statistics.median(spawn) * 1000:>9,.0f} µs per cycle "
              f"(guest uptime, {len(spawn)} runs)")


if __name__ == "__main__":
    main()
