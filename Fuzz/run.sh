#!/usr/bin/env bash
# Fuzz/run.sh [SECONDS]: build the ELF reader fuzz target and run it for
# SECONDS (default 20) from a seed corpus of small real ELF files.
# Exits non-zero if the build fails or libFuzzer finds a crash (the
# reproducer is left in .build/fuzz/artifacts/).
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${1:-20}"
SWIFTC="${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}"
CLANG="${CLANG:-$(dirname "$SWIFTC")/clang}"
out=.build/fuzz
mkdir -p "$out/artifacts"

# One module: ElfKit's sources plus the target, so nothing else can break the build.
"$SWIFTC" -sanitize=fuzzer -parse-as-library -O -module-name ElfKit \
  Sources/ElfKit/*.swift Fuzz/ElfReaderFuzz/main.swift -o "$out/elf-reader"

corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
# Seeds: small objects of every class and byte order, plus small real binaries.
cat > "$corpus/seed.c" <<'C'
__thread int tls = 3;
int common_var;
static int counter;
extern int ext(int);
int add(int a, int b) { return a + b + counter++ + ext(a); }
C
for target in x86_64-linux-gnu i686-linux-gnu powerpc64-unknown-linux-gnu aarch64-linux-gnu; do
  "$CLANG" --target=$target -c -O1 "$corpus/seed.c" -o "$corpus/seed-$target.o" 2>/dev/null || true
done
rm -f "$corpus/seed.c"
for f in /bin/true /bin/ls /usr/bin/env .build/kernel/kernel.elf; do
  [ -f "$f" ] && [ "$(stat -c %s "$f")" -le 1000000 ] && cp "$f" "$corpus/$(basename "$f")"
done

# Swift's own backtracer would take the crash signal before libFuzzer could
# save the reproducer; leave crashes to libFuzzer.
SWIFT_BACKTRACE=enable=no "$out/elf-reader" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$out/artifacts/" -print_final_stats=1 "$corpus"
