#!/usr/bin/env python3
"""Where a trial's time goes, phase by phase, next to its instructions.

    tools/time_profile.py [--binary target/release/casus] [--scenario FILE]
                          [--variant base] [--depth 2] [--focus PHASE] [--top 40]

This machine has no hardware performance counters, but Linux's `cpu-clock`
software event still samples where the time goes. The tool runs the binary
twice on the same variant, on one thread:

* `perf record -e cpu-clock` (2,000,000 trials): a sample every 50 µs of CPU
  time, at the instruction the processor was retiring;
* `valgrind --tool=callgrind --dump-instr=yes` (20,000 trials): the exact
  count of every instruction executed.

Both are keyed by instruction address. Each address is named by its inline
chain (`addr2line -i`: the release build keeps line tables), outermost
first, cut to `--depth` frames: `war > update_supply` is the supply step,
whatever it inlined. The table gives each phase's share of the samples
(time), its share of the instructions, and their ratio `t/i`: above 1, a
phase waits (on a dependency chain or a mispredicted branch) more than the
average; below 1, it runs at a higher rate of instructions per cycle than
the average. `--focus PHASE` lists that phase's source lines instead.

Needs `perf`, `valgrind` and `addr2line` (Debian: linux-perf, valgrind,
binutils). docs/performance.md quotes its output.
"""

import argparse
import collections
import pathlib
import re
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def short(name):
    """`casus_core::trial::Trial::war` -> `war`, generics and impls dropped."""
    name = re.sub(r"<impl [^>]*>", "", name)
    while re.search(r"<[^<>]*>", name):
        name = re.sub(r"<[^<>]*>", "", name)
    return name.rsplit("::", 1)[-1]


def callgrind_counts(path, binary):
    """Instructions per address of `binary`, and per function name elsewhere."""
    names, own, other = {}, collections.Counter(), collections.Counter()
    obj = fn = None
    last, after_call = 0, False
    for line in open(path, encoding="utf-8", errors="replace"):
        m = re.match(r"(c?)(ob|fn)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if m:
            called, kind, ident, name = m.groups()
            if name is not None:
                names[kind + ident] = name
            if not called:
                if kind == "ob":
                    obj = names.get(kind + ident)
                else:
                    fn = names.get(kind + ident)
            continue
        if line.startswith("calls="):
            # The next cost line is the call's inclusive cost: not this
            # function's own instructions.
            after_call = True
            continue
        if not line[:1] or not (line[0].isdigit() or line[0] in "+-*"):
            continue
        fields = line.split()
        pos = fields[0]
        if pos == "*":
            addr = last
        elif pos[0] in "+-":
            addr = last + int(pos, 0)
        else:
            addr = int(pos, 16)
        last = addr
        if after_call:
            after_call = False
            continue
        cost = int(fields[-1])
        if obj is not None and pathlib.Path(obj).name == binary.name:
            own[addr] += cost
        else:
            other[short(fn or "?")] += cost
    return own, other


def perf_samples(path, binary):
    """Samples per address of `binary` (as a file address), and per symbol elsewhere."""
    mmaps = subprocess.run(["perf", "script", "-i", path, "--show-mmap-events"],
                           capture_output=True, text=True, check=True).stdout
    base = None
    for line in mmaps.splitlines():
        if "MMAP" in line and str(binary) in line and "r-xp" in line:
            m = re.search(r"\[0x([0-9a-f]+)\(0x[0-9a-f]+\) @ 0x([0-9a-f]+)", line)
            base = (int(m.group(1), 16), int(m.group(2), 16))
            break
    segments = []
    for line in subprocess.run(["readelf", "-lW", str(binary)], capture_output=True,
                               text=True, check=True).stdout.splitlines():
        f = line.split()
        if f and f[0] == "LOAD":
            segments.append((int(f[1], 16), int(f[2], 16), int(f[4], 16)))
    own, other = collections.Counter(), collections.Counter()
    script = subprocess.run(["perf", "script", "-i", path, "-F", "ip,sym,dso"],
                            capture_output=True, text=True, check=True).stdout
    for line in script.splitlines():
        f = line.split()
        if not f:
            continue
        if str(binary) in line and base is not None:
            offset = int(f[0], 16) - base[0] + base[1]
            for file_off, vaddr, size in segments:
                if file_off <= offset < file_off + size:
                    own[offset - file_off + vaddr] += 1
        else:
            other[short(" ".join(f[1:-1]) or "?")] += 1
    return own, other


def inline_chains(binary, addresses):
    """Each address's inline chain, innermost first: [(function, file:line)]."""
    out = subprocess.run(["addr2line", "-a", "-i", "-f", "-C", "-e", str(binary)]
                         + [hex(a) for a in addresses],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    chains, current, i = {}, None, 0
    while i < len(out):
        if out[i].startswith("0x"):
            current = int(out[i], 16)
            chains[current] = []
            i += 1
        else:
            chains[current].append((out[i], out[i + 1]))
            i += 2
    return chains


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=str(ROOT / "target/release/casus"))
    ap.add_argument("--scenario", default=str(ROOT / "scenarios/smda-india-pakistan.toml"))
    ap.add_argument("--variant", default="base")
    ap.add_argument("--depth", type=int, default=2)
    ap.add_argument("--focus", help="list the source lines of this phase")
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()
    binary = pathlib.Path(args.binary).resolve()

    def run(trials):
        return [str(binary), "run", args.scenario, "--variant", args.variant,
                "--trials", str(trials), "--threads", "1", "--format", "json"]

    with tempfile.TemporaryDirectory() as tmp:
        perf_data, cg_out = f"{tmp}/perf.data", f"{tmp}/callgrind.out"
        subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", "20000",
                        "-o", perf_data] + run(2_000_000),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        subprocess.run(["valgrind", "--tool=callgrind", "--dump-instr=yes",
                        f"--callgrind-out-file={cg_out}"] + run(20_000),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        instr, instr_lib = callgrind_counts(cg_out, binary)
        time, time_lib = perf_samples(perf_data, binary)

    chains = inline_chains(binary, sorted(set(instr) | set(time)))

    def key(addr):
        chain = chains.get(addr, [])
        outer = [short(fn) for fn, _ in reversed(chain)]
        phase = " > ".join(outer[:args.depth]) or "?"
        if not args.focus:
            return phase
        if phase != args.focus:
            return None
        lines = [loc for _, loc in chain if "/crates/" in loc]
        return lines[0].split("/crates/")[-1] if lines else chain[0][1]

    by_instr, by_time = collections.Counter(), collections.Counter()
    for addr, n in instr.items():
        by_instr[key(addr)] += n
    for addr, n in time.items():
        by_time[key(addr)] += n
    if not args.focus:
        for name, n in instr_lib.items():
            by_instr["[lib] " + name] += n
        for name, n in time_lib.items():
            by_time["[lib] " + name] += n
    total_i = sum(instr.values()) + sum(instr_lib.values())
    total_t = sum(time.values()) + sum(time_lib.values())
    print(f"{args.variant} of {pathlib.Path(args.scenario).name}: "
          f"{total_t} samples, {total_i} instructions")
    print(f"{'time %':>7} {'instr %':>8} {'t/i':>6}  {'source line' if args.focus else 'phase'}")
    rows = [k for k in by_time.keys() | by_instr.keys() if k is not None]
    for k in sorted(rows, key=lambda k: -by_time[k])[:args.top]:
        t, i = 100 * by_time[k] / total_t, 100 * by_instr[k] / total_i
        ratio = f"{t / i:6.2f}" if i > 0 else "     -"
        print(f"{t:7.2f} {i:8.2f} {ratio}  {k}")


if __name__ == "__main__":
    main()
