#!/usr/bin/env bash
# How a trial's cost grows with the world: instructions per war step (valgrind
# callgrind, which does not depend on what else the machine is doing) of the
# synthetic scenarios of `casus_core::testing::synthetic`, varying the states,
# the supply links and the horizon one at a time around 100 states, 1,000
# links, 52 steps. Writes docs/scale.csv; benches/scale_plot.py draws it.
#
#   benches/scale.sh            # about 5 minutes
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "scale.sh needs valgrind (apt-get install valgrind)" >&2; exit 2; }
cargo build --release -q -p casus-runner --example scale
bin=target/release/examples/scale

# Instructions of one run of the example, and its steps per trial.
measure() { # states links horizon trials
  local out
  out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" 1 2>&1)
  echo "$(grep -o 'Collected : [0-9]*' <<<"$out" | grep -o '[0-9]*$') $(grep -o 'steps_per_trial=[0-9.]*' <<<"$out" | cut -d= -f2)"
}

# A trial's instructions are the difference between two runs, so that building
# the world and starting the thread pool cancel out.
point() { # sweep states links horizon trials
  local sweep=$1 s=$2 l=$3 h=$4 n=$5
  read -r i1 _ < <(measure "$s" "$l" "$h" $((n / 4)))
  read -r i2 steps < <(measure "$s" "$l" "$h" "$n")
  awk -v sw="$sweep" -v s="$s" -v l="$l" -v h="$h" -v n="$n" -v a="$i1" -v b="$i2" -v st="$steps" 'BEGIN {
    per_trial = (b - a) / (n - n / 4);
    printf "%s,%d,%d,%d,%.1f,%.0f,%.0f\n", sw, s, l, h, st, per_trial, per_trial / st }'
}

out=docs/scale.csv
echo "sweep,states,links,horizon,steps_per_trial,instructions_per_trial,instructions_per_step" > "$out"
for s in 10 30 100 300 1000; do point states "$s" 1000 52 800 | tee -a "$out"; done
for l in 10 100 1000 10000; do point links 100 "$l" 52 800 | tee -a "$out"; done
for h in 10 26 52 130 260 520; do point horizon 100 1000 "$h" $((40000 / h)) | tee -a "$out"; done
point corner 1000 10000 52 400 | tee -a "$out"
echo "wrote $out"
