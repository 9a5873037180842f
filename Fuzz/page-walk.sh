#!/usr/bin/env bash
# Fuzz/page-walk.sh [SECONDS]: build the page-table walker fuzz target and run
# it for SECONDS (default 5) from seeds made of real page tables (the same
# synthetic layouts as the unit tests: every scheme, huge/block pages).
# Exits non-zero if the build fails or libFuzzer finds a crash or hang.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${1:-5}"
SWIFTC="${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}"
out=.build/fuzz
mkdir -p "$out/artifacts" "$out/page-walk-corpus"

"$SWIFTC" -sanitize=fuzzer -parse-as-library -O -module-name Paging \
  Sources/Paging/*.swift Fuzz/PageWalkFuzz/main.swift -o "$out/page-walk"

SWIFT_BACKTRACE=enable=no "$out/page-walk" -max_total_time="$seconds" -max_len=32768 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$out/artifacts/" -print_final_stats=1 "$out/page-walk-corpus" Fuzz/PageWalkFuzz/seeds
