#!/usr/bin/env bash
# Submits a sharded casus run: an array of N shard tasks, then the merge job
# after all of them succeeded (--dependency=afterok).
#
#   contrib/slurm/submit.sh SCENARIO OUTDIR N [casus run flags…]
#
# Prints the two job ids. The report is OUTDIR/report.FORMAT, FORMAT from
# CASUS_FORMAT (default json). Extra sbatch options (partition, account, time
# limit…) go in SBATCH_* environment variables, e.g. SBATCH_PARTITION=long.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scenario="${1:?usage: submit.sh SCENARIO OUTDIR N [casus run flags…]}"
outdir="${2:?usage: submit.sh SCENARIO OUTDIR N [casus run flags…]}"
n="${3:?usage: submit.sh SCENARIO OUTDIR N [casus run flags…]}"
shift 3
format="${CASUS_FORMAT:-json}"
mkdir -p "$outdir"
array="$(sbatch --parsable --array="0-$((n - 1))" \
  --output="$outdir/shard-%a.out" \
  "$here/casus-array.sbatch" "$scenario" "$outdir" "$@")"
array="${array%%;*}"
merge="$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --output="$outdir/merge.out" \
  "$here/casus-merge.sbatch" "$outdir" "$n" --format "$format" --out "$outdir/report.$format")"
merge="${merge%%;*}"
echo "array $array"
echo "merge $merge"
