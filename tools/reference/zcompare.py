#!/usr/bin/env python3
"""zcompare.py: compare two casus JSON reports of the same variant, figure by figure.

    python3 tools/reference/zcompare.py A.json B.json [--variant NAME] [--limit 4] [--quiet]

Every proportion ({p, lo, hi}) and every mean ({mean, ...}) found in both reports is compared
with a z-score of the difference:
  - proportion: se^2 = p(1-p)/n, where n is the figure's own `n` if given, else the variant's
    `trials`; for a conditional share without `n` (pacts' honoured/declined/conflicted) the se
    is read off the interval: (hi - lo) / (2 z).
  - mean: se = sd / sqrt(n); without `sd`, se = (hi - lo) / (2 z), z = 1.959964 at level 0.95.
  - `clamped` counts are compared as proportions count / trials.
Quantiles are printed for information only (no z).  Figures present on one side only are
listed.  Exit status 1 if any |z| > limit (default 4), else 0.
"""

import argparse
import json
import math
import statistics
import sys

CONDITIONAL_SHARES = {"honoured", "declined", "conflicted"}


def pick_variant(report, name):
    vs = report.get("variants")
    if vs is None:                       # tolerate a bare variant object
        return report
    if name is not None:
        for v in vs:
            if v.get("name") == name:
                return v
        sys.exit(f"zcompare: no variant `{name}` in report")
    return vs[0]


def flatten(node, prefix, out):
    """Collect figures: path -> ('prop', dict) | ('mean', dict) | ('count', number)."""
    if isinstance(node, dict):
        if "p" in node and ("lo" in node or "hi" in node or len(node) <= 2):
            out[prefix] = ("prop", node)
            return
        if "mean" in node:
            out[prefix] = ("mean", node)
            return
        for k, v in node.items():
            flatten(v, f"{prefix}.{k}" if prefix else k, out)
    elif prefix.startswith("clamped.") and isinstance(node, (int, float)) and not isinstance(node, bool):
        out[prefix] = ("count", node)


def estimate(kind, fig, trials, z):
    """Return (estimate, se) or None when the figure is null / has no size."""
    if kind == "count":
        if not trials:
            return None
        p = fig / trials
        return p, math.sqrt(p * (1 - p) / trials), trials
    if kind == "prop":
        p = fig.get("p")
        if p is None:
            return None
        n = fig.get("n")
        leaf = None
        if n is None:
            if fig.get("_leaf") in CONDITIONAL_SHARES:
                lo, hi = fig.get("lo"), fig.get("hi")
                if lo is None or hi is None:
                    return None
                return p, (hi - lo) / (2 * z), None
            n = trials
        if not n:
            return None
        return p, math.sqrt(max(p * (1 - p), 0.0) / n), n
    m = fig.get("mean")
    if m is None:
        return None
    n = fig.get("n")
    sd = fig.get("sd")
    if n is not None and n < 2:
        return None                             # one value: no standard error to judge by
    if sd is not None and n:
        return m, sd / math.sqrt(n), None
    lo, hi = fig.get("lo"), fig.get("hi")
    if lo is None or hi is None:
        return None
    return m, (hi - lo) / (2 * z), None


def fmt(x):
    if x is None:
        return "null"
    if isinstance(x, float):
        return f"{x:.5g}"
    return str(x)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--variant", help="variant name (default: the first in each report)")
    ap.add_argument("--limit", type=float, default=4.0)
    ap.add_argument("--quiet", action="store_true", help="print only |z| > 2 lines and the summary")
    args = ap.parse_args(argv)

    reports = []
    for path in (args.a, args.b):
        with open(path) as f:
            rep = json.load(f)
        v = pick_variant(rep, args.variant)
        level = rep.get("level", 0.95) or 0.95
        z = statistics.NormalDist().inv_cdf(0.5 + level / 2)
        trials = v.get("trials", rep.get("trials"))
        figs = {}
        flatten({k: val for k, val in v.items() if k not in ("name", "trials", "description")}, "", figs)
        for path_, (kind, fig) in figs.items():
            if isinstance(fig, dict):
                fig["_leaf"] = path_.rsplit(".", 1)[-1]
        reports.append((path, v.get("name"), trials, z, figs))

    (pa, na, ta, za, fa), (pb, nb, tb, zb, fb) = reports
    print(f"# A = {pa} (variant {na}, {ta} trials)")
    print(f"# B = {pb} (variant {nb}, {tb} trials)")
    if na != nb:
        print(f"# warning: variant names differ ({na} vs {nb})")
    print(f"{'figure':<48} {'A':>12} {'B':>12} {'z':>8}")
    results = []
    skipped = []
    for path in sorted(set(fa) & set(fb)):
        ka, figa = fa[path]
        kb, figb = fb[path]
        ea = estimate(ka, figa, ta, za)
        eb = estimate(kb, figb, tb, zb)
        if ea is None or eb is None:
            va = None if ea is None else ea[0]
            vb = None if eb is None else eb[0]
            if va is None and vb is None:
                continue                        # both null (e.g. n = 0 on both sides)
            skipped.append(f"{path} (A={fmt(va)}, B={fmt(vb)})")
            continue
        d = eb[0] - ea[0]
        se = math.sqrt(ea[1] ** 2 + eb[1] ** 2)
        if se == 0 and ea[2] and eb[2]:
            # Both proportions at 0 or 1: the pooled two-proportion standard error.
            pooled = (ea[0] * ea[2] + eb[0] * eb[2]) / (ea[2] + eb[2])
            se = math.sqrt(pooled * (1 - pooled) * (1 / ea[2] + 1 / eb[2]))
        if se > 0:
            zz = d / se
        else:
            zz = 0.0 if abs(d) < 1e-12 else math.copysign(math.inf, d)
        results.append((path, ea[0], eb[0], zz))
        if not args.quiet or abs(zz) > 2:
            flag = "  <-- |z|>%g" % args.limit if abs(zz) > args.limit else ""
            print(f"{path:<48} {fmt(ea[0]):>12} {fmt(eb[0]):>12} {zz:>8.2f}{flag}")
        # quantiles, for information
        if ka == "mean" and not args.quiet:
            qs = [q for q in ("q05", "q50", "q95") if figa.get(q) is not None and figb.get(q) is not None]
            if qs:
                print(f"{'':<4}" + "  ".join(f"{q}: {fmt(figa[q])} vs {fmt(figb[q])}" for q in qs))

    only_a = sorted(set(fa) - set(fb))
    only_b = sorted(set(fb) - set(fa))
    if only_a:
        print(f"\n# only in A ({len(only_a)}): " + ", ".join(only_a))
    if only_b:
        print(f"\n# only in B ({len(only_b)}): " + ", ".join(only_b))
    if skipped:
        print(f"\n# null on one side ({len(skipped)}): " + "; ".join(skipped))
    bad = [r for r in results if abs(r[3]) > args.limit]
    maxz = max((abs(r[3]) for r in results), default=0.0)
    print(f"\n# figures compared: {len(results)}   max |z| = {maxz:.2f}   |z| > {args.limit:g}: {len(bad)}")
    for path, a, b, zz in sorted(bad, key=lambda r: -abs(r[3])):
        print(f"#   {path}: A={fmt(a)} B={fmt(b)} z={zz:.2f}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
