#!/usr/bin/env bash
# Fuzz/boot-archive.sh [SECONDS]: build the boot archive fuzz target (reader,
# entry checks, LZ4 decompressor; with AddressSanitizer) and run it for
# SECONDS (default 10) from seeds written by the BootArchiveBuilder and
# liblz4 (Fuzz/BootArchiveFuzz/seeds). Exits non-zero if the build fails or
# libFuzzer finds a crash (the reproducer is left in .build/fuzz/artifacts/).
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${1:-10}"
SWIFTC="${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}"
out=.build/fuzz
mkdir -p "$out/artifacts" "$out/boot-archive-corpus"

"$SWIFTC" -sanitize=fuzzer,address -parse-as-library -O -module-name BootArchiveFuzz \
  Sources/BootArchive/*.swift Fuzz/BootArchiveFuzz/main.swift -o "$out/boot-archive"

SWIFT_BACKTRACE=enable=no "$out/boot-archive" -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$out/artifacts/" -print_final_stats=1 "$out/boot-archive-corpus" Fuzz/BootArchiveFuzz/seeds
