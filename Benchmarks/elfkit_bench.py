#!/usr/bin/env python3
"""elfkit against the reference tools, side by side in one run.

Usage: Benchmarks/elfkit_bench.py [--runs N] [--file ELF] [--elfkit PATH]

Builds nothing: it expects a release build at .build/release/elfkit
(`swift build -c release --product elfkit`). Each benchmark runs every
command N times (default 5) with stdout to /dev/null, and reports the
median wall time, the peak RSS, and the ratio to elfkit. Add a benchmark
by writing a function that returns a list of Case and listing it in
BENCHMARKS (the symbolizer comparison will go there).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import List, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_FILE = "/opt/swift/usr/bin/swift-frontend"


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


# (title, function) pairs; each function gets (elfkit path, input file).
BENCHMARKS: List[tuple] = [
    ("symbols", bench_symbols),
    ("sections", bench_sections),
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
    args = parser.parse_args()

    if not os.access(args.elfkit, os.X_OK):
        print(f"elfkit_bench: {args.elfkit}: not built (swift build -c release --product elfkit)",
              file=sys.stderr)
        return 1
    if not os.path.isfile(args.file):
        print(f"elfkit_bench: {args.file}: no such file", file=sys.stderr)
        return 1

    print(f"elfkit benchmarks: median of {args.runs} runs, stdout to /dev/null, "
          f"ratio = other / elfkit (above 1: elfkit is faster)")
    for title, fn in BENCHMARKS:
        if args.only and args.only != title:
            continue
        results = [r for r in (time_command(c, args.runs) for c in fn(args.elfkit, args.file)) if r]
        report(title, args.file, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
