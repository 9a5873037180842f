#!/usr/bin/env python3
"""elfkit against the reference tools, side by side in one run.

Usage: Benchmarks/elfkit_bench.py [--runs N] [--file ELF] [--elfkit PATH]
                                  [--debug-file ELF] [--addresses N] [--only TITLE]

Builds nothing: it expects a release build at .build/release/elfkit
(`swift build -c release --product elfkit`). Each benchmark runs every
command N times (default 5) with stdout to /dev/null, and reports the
median wall time, the peak RSS, and the ratio to elfkit. Add a benchmark
by writing a function that returns a list of Case and listing it in
BENCHMARKS.

The symbolize benchmark feeds the same 20,000 random .text addresses
(fixed seed) of glibc's separate debug file (found through the build ID
of /lib/x86_64-linux-gnu/libc.so.6) on stdin to `elfkit symbolize -e`,
`llvm-symbolizer --obj` and `addr2line -f -i -e`, and checks agreement:
the percentage of per-address output blocks identical to llvm-symbolizer's
(for addr2line, whose format differs, the same function names and
file basename:line per frame).
"""

import argparse
import json
import os
import random
import tempfile
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import List, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_FILE = "/opt/swift/usr/bin/swift-frontend"
LLVM_SYMBOLIZER = "/opt/swift/usr/bin/llvm-symbolizer"
LIBC = "/lib/x86_64-linux-gnu/libc.so.6"
SEED = 20240611


@dataclass
class Case:
    """One command line to time; `ours` marks the row the ratios refer to."""
    label: str
    argv: List[str]
    ours: bool = False
    stdin: Optional[str] = None


@dataclass
class Result:
    case: Case
    median: float
    best: float
    rss_kb: int


def time_command(case: Case, runs: int) -> Optional[Result]:
    """Median wall time of `runs` runs (after one warm-up) and the peak RSS."""
    if shutil.which(case.argv[0]) is None and not os.access(case.argv[0], os.X_OK):
        return None
    stdin_bytes = open(case.stdin, "rb").read() if case.stdin else None

    def once() -> float:
        start = time.perf_counter()
        subprocess.run(case.argv, input=stdin_bytes, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        return time.perf_counter() - start

    once()  # warm the page cache
    times = [once() for _ in range(runs)]
    # Peak RSS from one more run of the command alone (see peak_rss_kb).
    peak = peak_rss_kb(case, stdin_bytes)
    return Result(case, statistics.median(times), min(times), peak)


def peak_rss_kb(case: Case, stdin_bytes: Optional[bytes]) -> int:
    """Peak RSS in KiB: GNU time's %M, or else RUSAGE_CHILDREN's ru_maxrss in
    a fresh interpreter (whose only child is the command), since that value
    is a maximum over all children and cannot be diffed within one process."""
    gnu_time = "/usr/bin/time"
    if os.access(gnu_time, os.X_OK):
        proc = subprocess.run([gnu_time, "-f", "%M"] + case.argv, input=stdin_bytes,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        lines = proc.stderr.decode(errors="replace").strip().splitlines()
        if lines and lines[-1].strip().isdigit():
            return int(lines[-1].strip())
    # Fallback: a fresh interpreter has no earlier children, so its
    # RUSAGE_CHILDREN maximum is this command's.
    code = ("import resource,subprocess,sys;"
            "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    proc = subprocess.run([sys.executable, "-c", code] + case.argv, capture_output=True, check=False)
    try:
        return int(proc.stdout.strip())
    except ValueError:
        return 0


def bench_symbols(elfkit: str, path: str) -> List[Case]:
    """`elfkit symbols` against eu-readelf -s and readelf -sW (the full symbol listing)."""
    return [
        Case("elfkit symbols", [elfkit, "symbols", path], ours=True),
        Case("eu-readelf -s", ["eu-readelf", "-s", path]),
        Case("readelf -sW", ["readelf", "-sW", path]),
        Case("llvm-readelf -sW", ["llvm-readelf", "-sW", path]),
    ]


def bench_sections(elfkit: str, path: str) -> List[Case]:
    """`elfkit sections` against readelf -SW (small output: start-up cost dominates)."""
    return [
        Case("elfkit sections", [elfkit, "sections", path], ours=True),
        Case("eu-readelf -S", ["eu-readelf", "-S", path]),
        Case("readelf -SW", ["readelf", "-SW", path]),
    ]


def glibc_debug_file(elfkit: str) -> Optional[str]:
    """/usr/lib/debug/.build-id/NN/REST.debug for the installed libc, if present."""
    proc = subprocess.run([elfkit, "notes", "--json", LIBC], capture_output=True, check=False)
    if proc.returncode != 0:
        return None
    for container in json.loads(proc.stdout)["containers"]:
        for note in container["notes"]:
            build_id = note.get("buildID")
            if build_id:
                path = f"/usr/lib/debug/.build-id/{build_id[:2]}/{build_id[2:]}.debug"
                return path if os.path.isfile(path) else None
    return None


def text_addresses(elfkit: str, path: str, count: int) -> List[int]:
    """`count` random addresses (fixed seed) inside the .text section of `path`."""
    proc = subprocess.run([elfkit, "sections", "--json", path], capture_output=True, check=True)
    text = next(s for s in json.loads(proc.stdout)["sections"] if s["name"] == ".text")
    rng = random.Random(SEED)
    return [text["address"] + rng.randrange(text["size"]) for _ in range(count)]


class SymbolizeInput:
    """The debug file and the address list (written once to a temporary file)."""
    elfkit: str = ""
    path: Optional[str] = None
    addresses_file: Optional[str] = None
    count = 20000


def bench_symbolize(elfkit: str, _path: str) -> List[Case]:
    """`elfkit symbolize` against llvm-symbolizer and addr2line on the same addresses."""
    debug, stdin = SymbolizeInput.path, SymbolizeInput.addresses_file
    if debug is None or stdin is None:
        return []
    return [
        Case("elfkit symbolize", [elfkit, "symbolize", "-e", debug], ours=True, stdin=stdin),
        Case("llvm-symbolizer", [LLVM_SYMBOLIZER, f"--obj={debug}"], stdin=stdin),
        Case("addr2line -f -i", ["addr2line", "-f", "-i", "-e", debug], stdin=stdin),
    ]


def blocks_llvm(text: str) -> List[str]:
    """llvm-symbolizer output: one block per address, separated by blank lines."""
    return text.split("\n\n")[:-1] if text else []


def frames_of_llvm_block(block: str) -> List[tuple]:
    lines = block.split("\n")
    return [(lines[i], location_key(lines[i + 1])) for i in range(0, len(lines) - 1, 2)]


def location_key(location: str) -> str:
    """basename:line of FILE:LINE[:COLUMN] or FILE:LINE (discriminator N)."""
    location = location.split(" (discriminator")[0]
    parts = location.rsplit(":", 2)
    if len(parts) == 3 and parts[2].isdigit() and parts[1].isdigit():
        location = parts[0] + ":" + parts[1]
    file, _, line = location.rpartition(":")
    return os.path.basename(file) + ":" + line


def addr2line_blocks(debug: str, stdin: str) -> List[List[tuple]]:
    """addr2line -a -f -i: an address line, then function/location pairs."""
    with open(stdin, "rb") as f:
        proc = subprocess.run(["addr2line", "-a", "-f", "-i", "-e", debug], stdin=f,
                              capture_output=True, check=False)
    result: List[List[tuple]] = []
    lines = proc.stdout.decode(errors="replace").split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith("0x"):
            result.append([])
            i += 1
            continue
        if i + 1 < len(lines) and result is not None and result:
            result[-1].append((lines[i], location_key(lines[i + 1])))
        i += 2
    return result


def agreement() -> None:
    """Percentage of identical per-address answers against llvm-symbolizer."""
    debug, stdin = SymbolizeInput.path, SymbolizeInput.addresses_file
    if debug is None or stdin is None:
        return

    def run(argv: List[str]) -> str:
        with open(stdin, "rb") as f:
            return subprocess.run(argv, stdin=f, capture_output=True, check=False).stdout.decode(errors="replace")

    reference = blocks_llvm(run([LLVM_SYMBOLIZER, f"--obj={debug}"]))
    ours = blocks_llvm(run([SymbolizeInput.elfkit, "symbolize", "-e", debug]))
    same = sum(1 for a, b in zip(ours, reference) if a == b)
    print(f"  agreement with llvm-symbolizer: elfkit {100.0 * same / max(1, len(reference)):.2f}% "
          f"of {len(reference)} output blocks identical", end="")
    if shutil.which("addr2line"):
        theirs = addr2line_blocks(debug, stdin)
        ref_frames = [frames_of_llvm_block(b) for b in reference]
        same = sum(1 for a, b in zip(theirs, ref_frames) if a == b)
        print(f"; addr2line {100.0 * same / max(1, len(reference)):.2f}% "
              f"(same functions and basename:line per frame)")
    else:
        print()


# (title, function) pairs; each function gets (elfkit path, input file).
BENCHMARKS: List[tuple] = [
    ("symbols", bench_symbols),
    ("sections", bench_sections),
    ("symbolize", bench_symbolize),
]


def report(title: str, path: str, results: List[Result]) -> None:
    ours = next((r for r in results if r.case.ours), None)
    print(f"\n{title}: {path}")
    print(f"  {'command':<20} {'median':>10} {'best':>10} {'peak RSS':>11} {'vs elfkit':>10}")
    for r in results:
        ratio = "" if ours is None or r is ours else f"{r.median / ours.median:9.2f}x"
        print(f"  {r.case.label:<20} {r.median * 1000:8.1f}ms {r.best * 1000:8.1f}ms "
              f"{r.rss_kb / 1024:8.1f} MB {ratio:>10}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--file", default=DEFAULT_FILE)
    parser.add_argument("--elfkit", default=os.path.join(ROOT, ".build", "release", "elfkit"))
    parser.add_argument("--only", help="run only the benchmark with this title")
    parser.add_argument("--debug-file", help="the ELF file to symbolize (default: glibc's debug file)")
    parser.add_argument("--addresses", type=int, default=20000, help="addresses to symbolize")
    args = parser.parse_args()

    if not os.access(args.elfkit, os.X_OK):
        print(f"elfkit_bench: {args.elfkit}: not built (swift build -c release --product elfkit)",
              file=sys.stderr)
        return 1
    if not os.path.isfile(args.file):
        print(f"elfkit_bench: {args.file}: no such file", file=sys.stderr)
        return 1

    SymbolizeInput.elfkit = args.elfkit
    SymbolizeInput.count = args.addresses
    SymbolizeInput.path = args.debug_file or glibc_debug_file(args.elfkit)
    tmp = tempfile.TemporaryDirectory()
    if SymbolizeInput.path and (not args.only or args.only == "symbolize"):
        addresses = text_addresses(args.elfkit, SymbolizeInput.path, args.addresses)
        SymbolizeInput.addresses_file = os.path.join(tmp.name, "addresses")
        with open(SymbolizeInput.addresses_file, "w") as f:
            f.write("".join(f"{a:#x}\n" for a in addresses))
    elif not SymbolizeInput.path:
        print("elfkit_bench: glibc's debug file (libc6-dbg) is missing; skipping symbolize "
              "(`make deps` installs it)", file=sys.stderr)

    print(f"elfkit benchmarks: median of {args.runs} runs, stdout to /dev/null, "
          f"ratio = other / elfkit (above 1: elfkit is faster)")
    for title, fn in BENCHMARKS:
        if args.only and args.only != title:
            continue
        cases = fn(args.elfkit, args.file)
        if not cases:
            continue
        results = [r for r in (time_command(c, args.runs) for c in cases) if r]
        if title == "symbolize":
            report(f"symbolize ({args.addresses} random .text addresses on stdin)", SymbolizeInput.path, results)
            agreement()
        else:
            report(title, args.file, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
