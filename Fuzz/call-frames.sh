#!/usr/bin/env bash
# Fuzz/call-frames.sh [SECONDS]: build the call frame (CFI) reader fuzz
# target and run it for SECONDS (default 10) from seeds cut out of real
# binaries: the kernel's .eh_frame and .debug_frame, /bin/true's .eh_frame.
# Exits non-zero if the build fails or libFuzzer finds a crash or hang.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${1:-10}"
SWIFTC="${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}"
OBJCOPY="${OBJCOPY:-$(dirname "$SWIFTC")/llvm-objcopy}"
out=.build/fuzz
mkdir -p "$out/artifacts"

"$SWIFTC" -sanitize=fuzzer -parse-as-library -O -module-name ElfKitDWARF \
  Sources/ElfKitDWARF/DWARFCursor.swift Sources/ElfKitDWARF/CallFrames/CallFrameConstants.swift \
  Sources/ElfKitDWARF/CallFrames/CallFrameError.swift Sources/ElfKitDWARF/CallFrames/CommonInformationEntry.swift \
  Sources/ElfKitDWARF/CallFrames/FrameDescriptionEntry.swift Sources/ElfKitDWARF/CallFrames/CallFrameSection.swift \
  Sources/ElfKitDWARF/CallFrames/CFIInstruction.swift Sources/ElfKitDWARF/CallFrames/CFIInstructionDecoder.swift \
  Sources/ElfKitDWARF/CallFrames/UnwindRow.swift Sources/ElfKitDWARF/CallFrames/UnwindTableBuilder.swift \
  Fuzz/CallFrameFuzz/main.swift -o "$out/call-frames"

corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
# A seed is one kind byte (0: .eh_frame, 1: .debug_frame) and a section's
# contents, cut to the first 8 KiB so mutations reach every entry kind.
seed() {  # FILE SECTION KIND NAME
  [ -f "$1" ] || return 0
  "$OBJCOPY" -O binary --only-section="$2" "$1" "$corpus/raw" 2>/dev/null || return 0
  { printf "\\x$3"; head -c 8192 "$corpus/raw"; } > "$corpus/$4"
  rm -f "$corpus/raw"
}
seed .build/kernel/kernel.elf .eh_frame 00 kernel-eh
seed .build/kernel/kernel.elf .debug_frame 01 kernel-debug
seed /bin/true .eh_frame 00 true-eh

SWIFT_BACKTRACE=enable=no "$out/call-frames" -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$out/artifacts/" -print_final_stats=1 "$corpus"
