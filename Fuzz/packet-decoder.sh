#!/usr/bin/env bash
# Fuzz/packet-decoder.sh [SECONDS]: build the GDB remote protocol fuzz target
# (decoder, server session over a fake target, client) and run it for SECONDS
# (default 10) from the recorded gdb conversations in Fuzz/PacketDecoderFuzz/seeds.
# Exits non-zero if the build fails or libFuzzer finds a crash.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${1:-10}"
SWIFTC="${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}"
out=.build/fuzz
mkdir -p "$out/artifacts" "$out/packet-decoder-corpus"

"$SWIFTC" -sanitize=fuzzer -parse-as-library -O -module-name PacketDecoderFuzz \
  $(find Sources/GDBStub -name '*.swift') Fuzz/PacketDecoderFuzz/main.swift -o "$out/packet-decoder"

SWIFT_BACKTRACE=enable=no "$out/packet-decoder" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$out/artifacts/" -print_final_stats=1 "$out/packet-decoder-corpus" Fuzz/PacketDecoderFuzz/seeds
