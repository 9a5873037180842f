#!/usr/bin/env python3
"""Boot archive pack/unpack throughput: elfkit against tar + lz4, side by side.

Usage: Benchmarks/archive_bench.py [--runs N] [--elfkit PATH] [--programs N] [--size MiB]

Builds the inputs itself: N static x86_64 executables (default 8) linked
with the toolchain's clang and ld.lld, each carrying SIZE MiB (default 4)
of real machine code (a slice of swift-frontend's bytes) as read-only
data, so compression sees what a program looks like. Then it times, with
the median of RUNS runs (default 5):

  pack             elfkit pack             vs  tar -cf
  pack --compress  elfkit pack --compress  vs  tar -cf - | lz4 -9 (the same LZ4 HC codec and level)
  list             elfkit list (verifies every CRC-32C, decompresses)  vs  lz4 -t (decompress and check)
  unpack           elfkit unpack (compressed archive)  vs  lz4 -dc | tar -x

and prints MB/s of program bytes and the ratio (other / elfkit: above 1,
elfkit is faster). Expects a release build (swift build -c release --product elfkit).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOLCHAIN = "/opt/swift/usr/bin"
SOURCE_BYTES = os.path.join(TOOLCHAIN, "swift-frontend")


def make_programs(directory: str, count: int, size_mib: int) -> list:
    clang = shutil.which("clang") or os.path.join(TOOLCHAIN, "clang")
    lld = shutil.which("ld.lld") or os.path.join(TOOLCHAIN, "ld.lld")
    blob = open(SOURCE_BYTES, "rb").read()
    size = size_mib << 20
    programs = []
    for i in range(count):
        start = (len(blob) // 3 + i * size) % max(1, len(blob) - size)
        data = os.path.join(directory, f"data{i}.bin")
        with open(data, "wb") as f:
            f.write(blob[start:start + size])
        src = os.path.join(directory, f"p{i}.S")
        with open(src, "w") as f:
            f.write(".text\n.global _start\n_start: hlt\n"
                    f".section .rodata\n.incbin \"{data}\"\n"
                    ".section .note.GNU-stack,\"\",@progbits\n")
        obj = os.path.join(directory, f"p{i}.o")
        exe = os.path.join(directory, f"prog{i}")
        subprocess.run([clang, "--target=x86_64-unknown-none-elf", "-c", src, "-o", obj], check=True)
        subprocess.run([lld, "-static", "-nostdlib", "-e", "_start", obj, "-o", exe], check=True)
        programs.append(exe)
    return programs


def median_time(argv, runs: int, shell: bool = False, cwd=None, before=None) -> float:
    def once() -> float:
        if before:
            before()
        start = time.perf_counter()
        r = subprocess.run(argv, shell=shell, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if r.returncode != 0:
            raise SystemExit(f"archive_bench: {argv} failed: {r.stderr.decode(errors='replace')}")
        return elapsed
    once()  # warm the page cache
    return statistics.median(once() for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--elfkit", default=os.path.join(ROOT, ".build", "release", "elfkit"))
    parser.add_argument("--programs", type=int, default=8)
    parser.add_argument("--size", type=int, default=4, help="MiB of machine code per program")
    args = parser.parse_args()
    if not os.access(args.elfkit, os.X_OK):
        print(f"archive_bench: {args.elfkit}: not built (swift build -c release --product elfkit)", file=sys.stderr)
        return 1
    for tool in ("tar", "lz4"):
        if shutil.which(tool) is None:
            print(f"archive_bench: {tool} not found", file=sys.stderr)
            return 1

    tmp = tempfile.TemporaryDirectory()
    d = tmp.name
    programs = make_programs(d, args.programs, args.size)
    names = [os.path.basename(p) for p in programs]
    total = sum(os.path.getsize(p) for p in programs)
    e = args.elfkit
    plain, packed, tar, tarlz4 = (os.path.join(d, n) for n in ("plain.img", "packed.img", "plain.tar", "plain.tar.lz4"))
    out1, out2 = os.path.join(d, "out-elfkit"), os.path.join(d, "out-tar")
    os.makedirs(out2, exist_ok=True)

    def clean(path):
        return lambda: (shutil.rmtree(path, ignore_errors=True), os.makedirs(path, exist_ok=True))

    rows = [
        ("pack", [e, "pack", "-o", plain] + programs, False, None, None,
         ["tar", "-cf", tar] + names, False, d, "tar -cf"),
        ("pack --compress", [e, "pack", "--compress", "-o", packed] + programs, False, None, None,
         f"tar -cf - {' '.join(names)} | lz4 -9 -q -f - {tarlz4}", True, d, "tar | lz4 -9"),
        ("list (verify)", [e, "list", packed], False, None, None,
         ["lz4", "-t", "-q", tarlz4], False, None, "lz4 -t"),
        ("unpack", [e, "unpack", packed, "-C", out1], False, None, clean(out1),
         f"lz4 -dc -q {tarlz4} | tar -xf - -C {out2}", True, None, "lz4 -d | tar -x"),
    ]
    print(f"boot archive benchmarks: {args.programs} static x86_64 programs, {total / 1e6:.1f} MB in total, "
          f"median of {args.runs} runs; MB/s of program bytes; ratio = other / elfkit (above 1: elfkit is faster)")
    print(f"  {'operation':<17} {'elfkit':>10} {'MB/s':>8}   {'reference':<17} {'time':>10} {'MB/s':>8} {'ratio':>7}")
    for (title, ours, ours_shell, ours_cwd, ours_before, ref, ref_shell, ref_cwd, ref_label) in rows:
        t_ours = median_time(ours, args.runs, ours_shell, ours_cwd, ours_before)
        t_ref = median_time(ref, args.runs, ref_shell, ref_cwd, clean(out2) if title == "unpack" else None)
        print(f"  {title:<17} {t_ours * 1000:8.1f}ms {total / t_ours / 1e6:8.1f}   {ref_label:<17} "
              f"{t_ref * 1000:8.1f}ms {total / t_ref / 1e6:8.1f} {t_ref / t_ours:6.2f}x")
        if title == "pack --compress":
            print(f"  {'':<17} archive {os.path.getsize(packed) / 1e6:.1f} MB "
                  f"({100.0 * os.path.getsize(packed) / total:.1f}%), tar.lz4 {os.path.getsize(tarlz4) / 1e6:.1f} MB "
                  f"({100.0 * os.path.getsize(tarlz4) / total:.1f}%)")
    # The round trip is exact.
    for p in programs:
        with open(p, "rb") as a, open(os.path.join(out1, os.path.basename(p)), "rb") as b:
            if a.read() != b.read():
                print(f"archive_bench: {p}: unpacked bytes differ", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
