#!/usr/bin/env python3
"""paging-calc walk --all against QEMU's `info mem`, on the same 1 GiB mapping.

Usage: Benchmarks/paging_bench.py [--runs N] [--paging-calc PATH] [--keep DIR]

What it does, all in one run:
1. Writes x86_64 4-level page tables mapping 1 GiB (virtual 0..1 GiB,
   identity) with 4 KiB pages: 262,144 PTEs in 512 page tables, plus one
   PD, PDPT and PML4 (2 MiB + 12 KiB of tables at physical 16 MiB). The
   flags vary so the map has structure: every 16th page read-only, the
   upper 512 MiB user-accessible, pages 512..1023 of every 1024 NX.
2. Boots a tiny guest under QEMU (TCG): a PVH ELF, assembled here with
   the toolchain's clang and ld.lld, whose tables come from QEMU's generic
   loader device; the guest loads CR3, sets CR4.PAE, EFER.LME/NXE and
   CR0.PG, and halts in IA-32e mode. QEMU is then stopped (QMP `stop`),
   guest RAM saved with `pmemsave`, and `info mem` timed N times through
   QMP's human-monitor-command (QEMU walks the same tables in the same
   physical memory and prints its merged map).
3. Times `paging-calc walk --root 0x1000000 --memory DUMP --all x86_64`
   (release build; text memory map, and --json) N times, output read
   through a pipe as a terminal would, and checks it agrees with
   `info mem`: paging-calc's ranges, merged by effective user/write
   rights like QEMU merges, must equal QEMU's lines.

Prints the median and best wall times and the ratio paging-calc/QEMU.
"""

import argparse
import json
import os
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLES = 0x100_0000          # physical address of the PML4; PDPT, PD and PTs follow
PAGES = 262_144              # 1 GiB / 4 KiB
RAM = 64 << 20

GUEST_ASM = r"""
    .section .note.pvh, "a", @note
    .balign 4
    .long 4, 4, 18              # namesz "Xen\0", descsz, XEN_ELFNOTE_PHYS32_ENTRY
    .asciz "Xen"
    .long _start

    .text
    .code32
    .globl _start
_start:
    cli
    mov $0x1000000, %eax        # the PML4 the loader device placed
    mov %eax, %cr3
    mov %cr4, %eax
    or $0x20, %eax              # CR4.PAE
    mov %eax, %cr4
    mov $0xC0000080, %ecx       # IA32_EFER
    rdmsr
    or $0x900, %eax             # LME | NXE
    wrmsr
    mov %cr0, %eax
    or $0x80000001, %eax        # PG | PE: IA-32e (compatibility) mode
    mov %eax, %cr0
1:  hlt
    jmp 1b
"""

GUEST_LD = """
ENTRY(_start)
SECTIONS {
  . = 0x100000;
  .text : { *(.text) }
  .note.pvh : { *(.note.pvh) }
  /DISCARD/ : { *(.note.gnu*) }
}
"""


def page_flags(i):
    flags = 0x1                                  # P
    if i % 16 != 0:
        flags |= 0x2                             # R/W
    if i >= PAGES // 2:
        flags |= 0x4                             # U/S
    if i % 1024 >= 512:
        flags |= 1 << 63                         # XD
    return flags


def build_tables(path):
    """PML4, PDPT, PD, then 512 PTs, laid out from TABLES."""
    pml4, pdpt, pd, pts = TABLES, TABLES + 0x1000, TABLES + 0x2000, TABLES + 0x3000
    out = bytearray(0x3000 + 512 * 0x1000)
    upper = 0x7                                  # P, R/W, U/S: the leaves decide
    struct.pack_into("<Q", out, 0, pdpt | upper)
    struct.pack_into("<Q", out, 0x1000, pd | upper)
    for t in range(512):
        struct.pack_into("<Q", out, 0x2000 + 8 * t, (pts + t * 0x1000) | upper)
    leaves = [(i * 0x1000) | page_flags(i) for i in range(PAGES)]
    struct.pack_into("<%dQ" % PAGES, out, 0x3000, *leaves)
    with open(path, "wb") as f:
        f.write(out)


def toolchain_tool(name):
    swiftc = shutil.which("swiftc") or "/opt/swift/usr/bin/swiftc"
    candidate = os.path.join(os.path.dirname(os.path.realpath(swiftc)), name)
    return candidate if os.path.exists(candidate) else shutil.which(name)


def build_guest(work):
    asm, ld, obj, elf = (os.path.join(work, n) for n in ("guest.S", "guest.ld", "guest.o", "guest.elf"))
    with open(asm, "w") as f:
        f.write(GUEST_ASM)
    with open(ld, "w") as f:
        f.write(GUEST_LD)
    subprocess.run([toolchain_tool("clang"), "--target=x86_64-unknown-none-elf", "-c", asm, "-o", obj], check=True)
    subprocess.run([toolchain_tool("ld.lld"), "-T", ld, "-nostdlib", "-static", obj, "-o", elf], check=True)
    return elf


class QMP:
    def __init__(self, path, timeout=15):
        deadline = time.time() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.05)
        self.sock.settimeout(120)
        self.buffer = b""
        self._message()                          # greeting
        self.execute({"execute": "qmp_capabilities"})

    def _message(self):
        while b"\n" not in self.buffer:
            data = self.sock.recv(1 << 20)
            if not data:
                raise RuntimeError("QMP connection closed")
            self.buffer += data
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def execute(self, command):
        self.sock.sendall(json.dumps(command).encode() + b"\n")
        while True:
            m = self._message()
            if "return" in m:
                return m["return"]
            if "error" in m:
                raise RuntimeError("%s: %s" % (command, m["error"]))

    def human(self, line):
        return self.execute({"execute": "human-monitor-command", "arguments": {"command-line": line}})


def parse_info_mem(text):
    ranges = []
    for line in text.splitlines():
        f = line.split()
        if len(f) == 3 and "-" in f[0] and len(f[2]) == 3:
            start, end = (int(x, 16) for x in f[0].split("-"))
            ranges.append((start, end, f[2][0] == "u", f[2][2] == "w"))
    return ranges


def project(mappings):
    """paging-calc's mappings merged as `info mem` merges: adjacent, equal user/write."""
    out = []
    for m in mappings:
        start = int(m["start"], 16)
        end = start + m["size"]
        user, writable = m["flags"][3] == "u", m["flags"][1] == "w"
        if out and out[-1][1] == start and out[-1][2:] == (user, writable):
            out[-1] = (out[-1][0], end, user, writable)
        else:
            out.append((start, end, user, writable))
    return out


def time_runs(runs, fn):
    times = []
    result = None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times), result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--paging-calc", default=os.path.join(ROOT, ".build/release/paging-calc"))
    ap.add_argument("--keep", help="keep the tables, guest and dump in this folder")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")

    if args.paging_calc == os.path.join(ROOT, ".build/release/paging-calc"):
        subprocess.run(["swift", "build", "-c", "release", "--product", "paging-calc"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    if not os.access(args.paging_calc, os.X_OK):
        sys.exit("paging_bench: no paging-calc at %s" % args.paging_calc)

    work = args.keep or tempfile.mkdtemp(prefix="paging-bench-")
    os.makedirs(work, exist_ok=True)
    tables, dump, sock = (os.path.join(work, n) for n in ("tables.bin", "ram.bin", "qmp.sock"))
    build_tables(tables)
    guest = build_guest(work)

    qemu = subprocess.Popen(
        ["qemu-system-x86_64", "-kernel", guest, "-m", "%dM" % (RAM >> 20), "-display", "none", "-no-reboot",
         "-device", "loader,file=%s,addr=0x%x,force-raw=on" % (tables, TABLES),
         "-qmp", "unix:%s,server=on,wait=off" % sock, "-serial", "none", "-monitor", "none"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        qmp = QMP(sock)
        deadline = time.time() + 30
        while True:                              # wait for CR0.PG
            regs = qmp.human("info registers")
            cr0 = int(regs.split("CR0=")[1].split()[0], 16)
            if cr0 & 0x8000_0000:
                break
            if time.time() > deadline:
                sys.exit("paging_bench: the guest never enabled paging:\n" + regs)
            time.sleep(0.05)
        qmp.human("stop")
        qmp.human('pmemsave 0 0x%x "%s"' % (RAM, dump))
        qemu_median, qemu_best, info_mem = time_runs(args.runs, lambda: qmp.human("info mem"))
        try:
            qmp.execute({"execute": "quit"})
        except (RuntimeError, OSError):
            pass
    finally:
        try:
            qemu.wait(timeout=10)
        except subprocess.TimeoutExpired:
            qemu.kill()

    walk = [args.paging_calc, "walk", "--root", "0x%x" % TABLES, "--memory", dump, "--all", "x86_64"]

    def run(extra):
        p = subprocess.run(walk[:-1] + extra + walk[-1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            sys.exit("paging_bench: %s failed: %s" % (" ".join(walk), p.stderr.decode()))
        return p.stdout

    text_median, text_best, text = time_runs(args.runs, lambda: run(["--no-color", "--width", "100"]))
    json_median, json_best, js = time_runs(args.runs, lambda: run(["--json"]))
    doc = json.loads(js)
    ours = project(doc["mappings"])
    theirs = parse_info_mem(info_mem)

    print("paging benchmark: 1 GiB mapped with 4 KiB pages (%d PTEs), %d runs each" % (PAGES, args.runs))
    print("  guest RAM dump: %d MiB%s, tables at 0x%x" % (RAM >> 20, " in " + dump if args.keep else "", TABLES))
    print("  %-46s %9s %9s %8s" % ("", "median", "best", "ratio"))
    rows = [("paging-calc walk --all (memory map, text)", text_median, text_best),
            ("paging-calc walk --all --json", json_median, json_best),
            ("QEMU info mem (HMP through QMP)", qemu_median, qemu_best)]
    for label, median, best in rows:
        print("  %-46s %8.3fs %8.3fs %7.2fx" % (label, median, best, median / text_median))
    print("  paging-calc: %d leaves read, %d merged ranges (attributes incl. NX), %d lines of text output"
          % (doc["leaves"], len(doc["mappings"]), text.count(b"\n")))
    print("  QEMU info mem: %d ranges (user/write only); paging-calc merged the same way: %d ranges"
          % (len(theirs), len(ours)))
    same = ours == theirs
    print("  agreement with info mem: %s" % ("identical" if same else "DIFFERENT"))
    print("  paging-calc / QEMU time: %.2f (below 1: paging-calc is faster)" % (text_median / qemu_median))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    if not same or doc["leaves"] != PAGES:
        sys.exit(1)


if __name__ == "__main__":
    main()
