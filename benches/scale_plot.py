#!/usr/bin/env python3
"""Draws docs/scale.csv (written by benches/scale.sh) as docs/scale.svg.

Three log-log panels, one per swept dimension (states, supply links, horizon),
each showing instructions per war step and per trial against the swept value,
the other two held at 100 states, 1,000 links and 52 steps. Plain Python, no
packages: the SVG is written by hand.

    python3 benches/scale_plot.py            # docs/scale.csv -> docs/scale.svg
"""

import csv
import math
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = ROOT / "docs" / "scale.csv"
TARGET = ROOT / "docs" / "scale.svg"

PANELS = [("states", "states"), ("links", "supply links"), ("horizon", "horizon (steps)")]
SERIES = [  # column, label, colour (Okabe-Ito), marker
    ("instructions_per_step", "per war step", "#0072B2", "circle"),
    ("instructions_per_trial", "per trial", "#D55E00", "square"),
]
W, H = 900, 340
PANEL_W, TOP, BOTTOM, LEFT = 270, 60, 280, 60


def log_ticks(lo, hi):
    """Powers of ten covering [lo, hi]."""
    return [10**k for k in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)]


def fmt(v):
    return f"{v:,.0f}" if v < 1e6 else f"{v / 1e6:g}M"


def panel(x0, sweep, title, rows):
    xs = [float(r[sweep]) for r in rows]
    ys = [float(r[c]) for r in rows for c, *_ in SERIES]
    xt, yt = log_ticks(min(xs), max(xs)), log_ticks(min(ys), max(ys))
    x_lo, x_hi, y_lo, y_hi = math.log10(xt[0]), math.log10(xt[-1]), math.log10(yt[0]), math.log10(yt[-1])
    inner = PANEL_W - 40

    def px(v):
        return x0 + (math.log10(v) - x_lo) / (x_hi - x_lo) * inner

    def py(v):
        return BOTTOM - (math.log10(v) - y_lo) / (y_hi - y_lo) * (BOTTOM - TOP)

    out = [f'<text x="{x0 + inner / 2:.1f}" y="{TOP - 12}" text-anchor="middle" font-size="13">{title}</text>']
    for t in xt:
        out.append(f'<line x1="{px(t):.1f}" y1="{TOP}" x2="{px(t):.1f}" y2="{BOTTOM}" stroke="#ddd"/>')
        out.append(f'<text x="{px(t):.1f}" y="{BOTTOM + 16}" text-anchor="middle">{fmt(t)}</text>')
    for t in yt:
        out.append(f'<line x1="{x0}" y1="{py(t):.1f}" x2="{x0 + inner}" y2="{py(t):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{x0 - 4}" y="{py(t) + 4:.1f}" text-anchor="end">{fmt(t)}</text>')
    for column, _, colour, shape in SERIES:
        pts = sorted((float(r[sweep]), float(r[column])) for r in rows)
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y in pts:
            if shape == "circle":
                out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="4" fill="{colour}"/>')
            else:
                out.append(f'<rect x="{px(x) - 4:.1f}" y="{py(y) - 4:.1f}" width="8" height="8" fill="{colour}"/>')
    return out


def main():
    rows = list(csv.DictReader(SOURCE.open()))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
        'role="img" font-family="sans-serif" font-size="11">',
        "<title>Instructions per war step and per trial against the size of the world</title>",
        "<desc>Synthetic scenarios (casus_core::testing::synthetic), one dimension varied at a time "
        "around 100 states, 1,000 supply links and a 52-step horizon; valgrind callgrind instruction "
        "counts from benches/scale.sh, drawn by benches/scale_plot.py.</desc>",
        f'<rect width="{W}" height="{H}" fill="white"/>',
        f'<text x="{W / 2}" y="20" text-anchor="middle" font-size="14">'
        "Instructions per war step and per trial (log–log), one dimension varied at a time</text>",
    ]
    for i, (sweep, title) in enumerate(PANELS):
        parts += panel(LEFT + i * (PANEL_W + 25), sweep, title, [r for r in rows if r["sweep"] == sweep])
    for i, (_, label, colour, shape) in enumerate(SERIES):
        x = LEFT + i * 140
        mark = (
            f'<circle cx="{x}" cy="{H - 20}" r="4" fill="{colour}"/>'
            if shape == "circle"
            else f'<rect x="{x - 4}" y="{H - 24}" width="8" height="8" fill="{colour}"/>'
        )
        parts += [mark, f'<text x="{x + 10}" y="{H - 16}">{label}</text>']
    parts.append("</svg>")
    TARGET.write_text("\n".join(parts) + "\n")
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
