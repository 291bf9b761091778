#!/usr/bin/env python3
"""Trials a second on one thread, for every variant of every bundled scenario.

    tools/throughput.py [--binary target/pgo/casus] [--trials 1000000] [--rounds 8]
                        [--baseline OTHER_BINARY]

Runs `casus run FILE --variant V --trials N --threads 1 --format json` for each
variant in turn, the whole list `--rounds` times over, so that the host's slow
and fast spells fall on every variant alike rather than on whichever ran
during them. Prints one tab-separated line per variant: file, variant, the
median and the fastest of its rounds in trials a second (wall clock, start-up
and report included: under 1% at a million trials). With `--baseline`, each
run of the binary sits next to a run of the baseline on the same variant (which
goes first alternates by round), and a third column gives the median of the
per-round speed-ups, binary over baseline: a ratio taken side by side holds
when the host's speed drifts, as it does here. docs/performance.md quotes its
output.
"""

import argparse
import json
import pathlib
import statistics
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def variants(binary, scenario):
    """The variant names of a scenario file, as its report lists them."""
    out = subprocess.run(
        [binary, "run", scenario, "--trials", "10", "--format", "json"],
        capture_output=True, text=True, check=True,
    ).stdout
    return [v["name"] for v in json.loads(out)["variants"]]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=str(ROOT / "target/pgo/casus"))
    ap.add_argument("--trials", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--baseline", help="another casus binary to time side by side")
    args = ap.parse_args()

    runs = [(f, v) for f in sorted((ROOT / "scenarios").glob("*.toml"))
            for v in variants(args.binary, f)]
    binaries = [args.binary] + ([args.baseline] if args.baseline else [])
    seconds = {(b, run): [] for b in binaries for run in runs}
    for r in range(args.rounds):
        for f, v in runs:
            for b in binaries if r % 2 == 0 else binaries[::-1]:
                start = time.perf_counter()
                subprocess.run(
                    [b, "run", f, "--variant", v, "--trials", str(args.trials),
                     "--threads", "1", "--format", "json"],
                    stdout=subprocess.DEVNULL, check=True,
                )
                seconds[(b, (f, v))].append(time.perf_counter() - start)
    header = "file\tvariant\ttrials/s median\ttrials/s fastest"
    print(header + ("\tspeed-up over baseline (median of rounds)" if args.baseline else ""))
    for f, v in runs:
        ts = seconds[(args.binary, (f, v))]
        line = (f"{f.stem}\t{v}\t{args.trials / statistics.median(ts):.0f}"
                f"\t{args.trials / min(ts):.0f}")
        if args.baseline:
            base = seconds[(args.baseline, (f, v))]
            line += f"\t{statistics.median(b / t for b, t in zip(base, ts)):.3f}"
        print(line)

if __name__ == "__main__":
    main()
