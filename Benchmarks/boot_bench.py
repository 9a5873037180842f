#!/usr/bin/env python3
"""Kernel foundation benchmark (make bench).

- boot to banner: wall time from starting QEMU (TCG) to the banner line on
  COM1, median of N runs; goal <= 0.25 s on the 2-core CI machine;
- kernel image size: the ELF file, its loadable bytes and its text;
- the embedded symbol table: bytes per symbol.
"""
import argparse
import os
import shutil
import statistics
import struct
import subprocess
import sys
import time

BANNER = b"Keel kernel"
GOAL_SECONDS = 0.25


def qemu_command(kernel):
    return ["qemu-system-x86_64", "-kernel", kernel, "-append", "selftest=boot", "-m", "256M",
            "-display", "none", "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-serial", "stdio", "-serial", "null", "-monitor", "none"]


def boot_to_banner(kernel):
    start = time.perf_counter()
    proc = subprocess.Popen(qemu_command(kernel), stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            stderr=subprocess.STDOUT)
    seen = b""
    banner_at = None
    try:
        while True:
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                break
            seen += chunk
            if banner_at is None and BANNER in seen:
                banner_at = time.perf_counter() - start
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    total = time.perf_counter() - start
    if banner_at is None:
        sys.exit(f"boot_bench: no banner in the console output:\n{seen.decode(errors='replace')}")
    return banner_at, total, proc.returncode


def elf_sizes(path):
    """File size, loadable bytes (PT_LOAD filesz) and .text size, read from the ELF64 headers."""
    data = open(path, "rb").read()
    phoff, shoff = struct.unpack_from("<QQ", data, 0x20)
    phentsize, phnum, shentsize, shnum, shstrndx = struct.unpack_from("<HHHHH", data, 0x36)
    loadable = 0
    for i in range(phnum):
        p_type, _, _, _, _, p_filesz, _, _ = struct.unpack_from("<IIQQQQQQ", data, phoff + i * phentsize)
        if p_type == 1:
            loadable += p_filesz
    strtab_off = struct.unpack_from("<Q", data, shoff + shstrndx * shentsize + 0x18)[0]
    sections = {}
    for i in range(shnum):
        name, _, _, _, off, size = struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize)
        end = data.index(b"\0", strtab_off + name)
        sections[data[strtab_off + name:end].decode()] = size
    return len(data), loadable, sections


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernel", default=".build/kernel/kernel.elf")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    if not os.path.exists(args.kernel):
        sys.exit(f"boot_bench: {args.kernel} not found; run `make kernel`")
    if shutil.which("qemu-system-x86_64") is None:
        sys.exit("boot_bench: qemu-system-x86_64 not found; run `make deps`")

    boot_to_banner(args.kernel)  # warm the page cache
    runs = [boot_to_banner(args.kernel) for _ in range(args.runs)]
    banners = sorted(r[0] for r in runs)
    totals = sorted(r[1] for r in runs)
    median = statistics.median(banners)

    file_size, loadable, sections = elf_sizes(args.kernel)
    ksymtab = sections.get(".ksymtab", 0)
    table = open(os.path.join(os.path.dirname(args.kernel), "ksymtab.bin"), "rb").read(12)
    count = struct.unpack_from("<I", table, 8)[0] if table[:4] == b"KSYM" else 0

    print(f"Boot to banner (QEMU TCG start -> '{BANNER.decode()}' on COM1), {args.runs} runs:")
    print(f"  median {median * 1000:7.1f} ms   min {banners[0] * 1000:7.1f} ms   max {banners[-1] * 1000:7.1f} ms")
    print(f"  goal   {GOAL_SECONDS * 1000:7.1f} ms   ratio median/goal {median / GOAL_SECONDS:.2f} "
          f"({'met' if median <= GOAL_SECONDS else 'NOT met'})")
    print(f"  whole selftest=boot run (QEMU start to exit): median {statistics.median(totals) * 1000:.1f} ms")
    print("Kernel image:")
    print(f"  {args.kernel}: {file_size / 1024:.1f} KiB on disk (with DWARF), {loadable / 1024:.1f} KiB loaded, "
          f".text {sections.get('.text', 0) / 1024:.1f} KiB")
    print("Embedded symbol table (.ksymtab):")
    if count:
        print(f"  {count} symbols in {ksymtab} bytes: {ksymtab / count:.1f} bytes per symbol")
    else:
        print("  missing or unreadable")


if __name__ == "__main__":
    main()
