#!/usr/bin/env bash
# Builds casus with profile-guided optimisation (PGO): target/pgo/casus.
#
#   tools/pgo.sh            # build it (about 4 minutes on 2 cores)
#   tools/pgo.sh --check    # build it, then check it prints the same bytes
#                           # as target/release/casus on every bundled and
#                           # cross-check scenario
#
# PGO changes how the compiler lays out and inlines the code, never what it
# computes: no fast-math, no reassociation, so every result is bit-identical
# to the ordinary release build (`--check` verifies this; CI runs it). What it
# buys is time: the trial loop branches on random draws, and a layout
# trained on real runs keeps the common paths straight (docs/performance.md).
#
# It needs `llvm-profdata` of the toolchain's own LLVM version: from rustup's
# `llvm-tools` component, which it installs when it is missing, else from
# Debian's `llvm-N` package of the same major version.
set -euo pipefail
cd "$(dirname "$0")/.."

check=0
case "${1:-}" in
  --check) check=1 ;;
  "") ;;
  *) echo "usage: tools/pgo.sh [--check]" >&2; exit 2 ;;
esac

# llvm-profdata must read the profiles of rustc's own LLVM: rustup's
# llvm-tools ship exactly that version; failing that, Debian's llvm-N of the
# same major version reads them too.
host="$(rustc -vV | sed -n 's/^host: //p')"
llvm_major="$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')"
profdata="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
  echo "tools/pgo.sh: installing rustup's llvm-tools for llvm-profdata" >&2
  if ! rustup component add llvm-tools; then
    profdata="/usr/lib/llvm-$llvm_major/bin/llvm-profdata"
    if [ ! -x "$profdata" ]; then
      echo "tools/pgo.sh: rustup failed; trying apt-get install llvm-$llvm_major" >&2
      sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "llvm-$llvm_major"
    fi
  fi
fi
if [ ! -x "$profdata" ]; then
  echo "tools/pgo.sh: no llvm-profdata for LLVM $llvm_major; install rustup's llvm-tools" >&2
  exit 1
fi

root="$PWD/target/pgo"
profiles="$root/profiles"

# 1. An instrumented build counts every branch and call as it runs.
RUSTFLAGS="-Cprofile-generate=$profiles" \
  cargo build --release --locked -p casus-cli --target-dir "$root/instrumented"
# Build scripts and proc-macros were instrumented too, and may have written
# counts while the build ran: only the training's counts are wanted.
rm -rf "$profiles"
mkdir -p "$profiles"

# 2. Training: every variant of every bundled scenario, the runs users make.
# One thread: the counters are plain increments, which threads would race on.
for f in scenarios/*.toml; do
  "$root/instrumented/release/casus" run "$f" --trials 20000 --threads 1 --format json > /dev/null
done
"$profdata" merge -o "$profiles/merged.profdata" "$profiles"

# 3. The optimised build reads the counts.
RUSTFLAGS="-Cprofile-use=$profiles/merged.profdata" \
  cargo build --release --locked -p casus-cli --target-dir "$root/optimised"
cp "$root/optimised/release/casus" "$root/casus"
echo "tools/pgo.sh: built $root/casus" >&2

if [ "$check" = 1 ]; then
  cargo build --release --locked -p casus-cli
  # Scenarios the training never saw, as well as the bundled ones; the report
  # of every variant, and one trial's trace (the code path with an observer).
  # Each output goes to a file first, so that a run that fails stops the script
  # (set -e) instead of comparing two empty outputs.
  for f in scenarios/*.toml tests/scenarios/xcheck/*.toml; do
    for bin in release pgo; do
      exe="target/release/casus"; [ "$bin" = pgo ] && exe="$root/casus"
      "$exe" run "$f" --trials 20000 --format json > "$root/check-$bin.json"
      "$exe" trace "$f" --trial 7 --format json > "$root/check-$bin-trace.json"
    done
    if ! cmp -s "$root/check-release.json" "$root/check-pgo.json" ||
       ! cmp -s "$root/check-release-trace.json" "$root/check-pgo-trace.json"; then
      echo "tools/pgo.sh: $f: the PGO build's output differs from the release build's" >&2
      exit 1
    fi
  done
  echo "tools/pgo.sh: same reports and traces, byte for byte, on every bundled and cross-check scenario" >&2
fi
