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
when the host's speed drifts, as it does here.

The first line, a comment, names the host's processor: the same build ran
1.5 to 1.8 times as fast on one host as on another (docs/performance.md), so a
figure means little without it. The last line, another comment, gives the issue's
headline: the median over the variants whose P(war), from a 1,000,000-trial
report and rounded to two decimals as docs/performance.md prints it, is between
0.30 and 0.85 (a 30,000-trial estimate puts two variants near the edges on
either side of them). docs/performance.md quotes its output.
"""

import argparse
import json
import pathlib
import statistics
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def war_shares(binary, scenario):
    """Each variant's P(war) (one minus P(deterred)) to two decimals, in the
    report's order."""
    out = subprocess.run(
        [binary, "run", scenario, "--trials", "1000000", "--format", "json"],
        capture_output=True, text=True, check=True,
    ).stdout
    return {v["name"]: round(1 - v["outcomes"]["deterred"]["p"], 2)
            for v in json.loads(out)["variants"]}


def host():
    """The processor as Linux names it: model name, family, model, clock, count."""
    try:
        info = pathlib.Path("/proc/cpuinfo").read_text()
    except OSError:
        return "unknown (no /proc/cpuinfo)"
    first_cpu = info.split("\n\n")[0]
    field = {}
    for line in first_cpu.splitlines():
        key, colon, value = line.partition(":")
        if colon:
            field[key.strip()] = value.strip()
    return (f"{field.get('model name', '?')}, family {field.get('cpu family', '?')} "
            f"model {field.get('model', '?')}, {field.get('cpu MHz', '?')} MHz, "
            f"{sum(line.startswith('processor') for line in info.splitlines())} logical CPUs")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=str(ROOT / "target/pgo/casus"))
    ap.add_argument("--trials", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--baseline", help="another casus binary to time side by side")
    args = ap.parse_args()

    shares = {f: war_shares(args.binary, f)
              for f in sorted((ROOT / "scenarios").glob("*.toml"))}
    runs = [(f, v) for f, vs in shares.items() for v in vs]
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
    print(f"# host: {host()}")
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
    in_range = [(f, v) for f, v in runs if 0.30 <= shares[f][v] <= 0.85]
    if in_range:
        rates = [args.trials / statistics.median(seconds[(args.binary, r)]) for r in in_range]
        fastest = statistics.median(
            args.trials / min(seconds[(args.binary, r)]) for r in in_range)
        print(f"# the {len(in_range)} variants with P(war) in 0.30-0.85: median"
              f" {statistics.median(rates):.0f}/s (median of the fastest runs {fastest:.0f}/s),"
              f" {min(rates):.0f}-{max(rates):.0f}")

if __name__ == "__main__":
    main()
