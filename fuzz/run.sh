#!/usr/bin/env bash
# Runs every fuzz target for a bounded time: `fuzz/run.sh [SECONDS]` (default 60).
#
# The corpus of each target starts from the bundled and test scenarios and
# fuzz/seeds/, and grows in fuzz/corpus/ (not committed). A crash, a hang
# (-timeout) or a runaway allocation (-rss_limit_mb) stops the target with its
# input saved under fuzz/artifacts/ and fails this script.
#
# cargo fuzz needs nightly-only compiler flags; with only a stable toolchain,
# RUSTC_BOOTSTRAP=1 allows them. No sanitizer (`-s none`): casus-scenario has
# no unsafe code, and libFuzzer still catches panics, stack overflows, hangs
# and memory exhaustion. Debug assertions are on (`-a`), so integer overflow
# panics too.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install --locked cargo-fuzz
fi
for t in scenario play set_path; do
  mkdir -p "corpus/$t"
  case "$t" in
    set_path) cp seeds/set_path/* "corpus/$t/" ;;
    *)
      cp seeds/scenario/*.toml ../scenarios/*.toml "corpus/$t/"
      for f in ../tests/scenarios/*/*.toml; do
        cp "$f" "corpus/$t/$(basename "$(dirname "$f")")-$(basename "$f")"
      done
      ;;
  esac
done
cargo fuzz build -s none -a
for t in scenario play set_path; do
  rm -rf "artifacts/$t"
  echo "fuzz: $t for ${secs}s"
  # -max_len fits the bundled scenario (37 kB); -timeout is per input.
  cargo fuzz run -s none -a "$t" "corpus/$t" -- \
    -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -dict=scenario.dict -print_final_stats=1 2>&1 |
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|stat::new_units_added|Done|==|SUMMARY|thread .* panicked|INFO: Running|.*ERROR)' || true
  if compgen -G "artifacts/$t/*" >/dev/null; then
    echo "fuzz: $t found a failing input:" artifacts/"$t"/*
    exit 1
  fi
done
echo "fuzz: no crash, hang or memory exhaustion found"
