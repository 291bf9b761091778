#!/usr/bin/env bash
# Regenerates the reference results that tests/integration/crosscheck.rs compares
# casus against: every variant of every cross-check scenario, 20,000 trials at the
# file's seed, from the independent Python implementation. Takes about 20 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
for f in tests/scenarios/xcheck/*.toml scenarios/smda-india-pakistan.toml; do
  b=$(basename "$f" .toml)
  for v in $(python3 - "$f" <<'PY'
import sys, tomllib
d = tomllib.load(open(sys.argv[1], "rb"))
print("base", *[v["name"] for v in d.get("variant", [])])
PY
  ); do
    out="tools/reference/results/$b.$v.json"
    [ -f "$out" ] && continue
    python3 tools/reference/casus_ref.py "$f" --variant "$v" --trials 20000 --out "$out"
    echo "wrote $out"
  done
done
