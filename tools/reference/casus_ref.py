#!/usr/bin/env python3
"""casus_ref.py: an independent, plain-Python reference implementation of the casus model v1.

Written from MODEL.md (sections 1-5) and INTERFACE.md alone, to cross-check the Rust engine
statistically (not bit-for-bit).  Standard library only.

    python3 tools/reference/casus_ref.py FILE.toml [--variant NAME] [--trials N] [--seed S]
                                                  [--level 0.95] [--out PATH]
                                                  [--check] [--trace K]

Prints a JSON report shaped like INTERFACE.md (one variant), where every mean also carries
`sd` and `n`, and every proportion carries `n`.  The choices made where MODEL.md is open are
listed in README.md next to this file, and marked "CHOICE" in the code below.
"""

import argparse
import hashlib
import json
import math
import random
import re
import statistics
import sys
import tomllib

VERSION = "reference-0.1"
INF = float("inf")
OPEN_LO = 1e-9          # open lower bounds (> 0) clamp to 1e-9 (section 5.20)
A, B = 1, 2             # sides; 0 = not at war
SIDE_NAME = {0: "-", A: "A", B: "B"}

DIST_KINDS = {"normal": 2, "lognormal": 2, "uniform": 2, "triangular": 3, "beta": 2, "pert": 3}

MODEL_DEFAULTS = {
    "csf_exponent": 1.0, "war_cost": 0.5, "nuclear_dread": 0.3, "misperception": 0.15,
    "entry_lag_p": 0.5, "lean_threshold": 0.5, "opportunism": 0.02, "consult_bonus": 0.05,
    "friend_threshold": 0.5, "arms_support_share": 0.15, "finance_support_share": 0.10,
    "sustain_floor": 0.2, "attrition": 0.05, "intensity": [0.25, 1.0, 2.0], "combat_noise": 0.3,
    "esc_base": 0.05, "esc_entry": 0.25, "esc_loss": 2.0, "nuclear_use": 0.25, "collapse": 0.3,
    "peace_base": 0.03, "mediation": 0.15, "exhaustion": 0.3,
}
# valid range of each constant: (lo, hi, lo_is_open)
MODEL_RANGES = {
    "csf_exponent": (0, INF, True), "war_cost": (0, INF, False), "nuclear_dread": (0, INF, False),
    "misperception": (0, INF, False), "entry_lag_p": (0, 1, True), "lean_threshold": (0, INF, False),
    "opportunism": (0, INF, False), "consult_bonus": (0, INF, False),
    "friend_threshold": (-1, 1, False), "arms_support_share": (0, 1, False),
    "finance_support_share": (0, 1, False), "sustain_floor": (0, 1, False),
    "attrition": (0, INF, False), "intensity": (0, INF, False), "combat_noise": (0, INF, False),
    "esc_base": (0, INF, False), "esc_entry": (0, INF, False), "esc_loss": (0, INF, False),
    "nuclear_use": (0, 1, False), "collapse": (0, 1, False), "peace_base": (0, INF, False),
    "mediation": (0, INF, False), "exhaustion": (0, INF, False),
}

PACT_KINDS = ("defense", "offense", "neutrality", "nonaggression", "consultation")
DEFAULT_RELIABILITY = {"defense": 0.41, "offense": 0.74, "neutrality": 0.78,
                       "nonaggression": 0.37, "consultation": 0.5}
SUPPORT_KINDS = ("full", "arms", "finance")
LINK_KINDS = ("arms", "munitions", "components", "energy", "finance")
EMBARGO_WHEN = ("never", "if-initiator", "if-belligerent", "if-hostile")
EVENT_KINDS = ("embargo", "lift", "accession", "exit", "ceasefire-offer")
OUTCOMES = ("deterred", "challenger-victory", "target-victory", "ceasefire", "stalemate", "nuclear")

STATE_ID = re.compile(r"^[A-Z][A-Z0-9_]{1,15}$")
OTHER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


class ScenarioError(Exception):
    pass


def fail(msg):
    raise ScenarioError(msg)


def warn(msg):
    print(f"casus_ref: warning: {msg}", file=sys.stderr)


# --------------------------------------------------------------------------------------------
# Uncertain numbers
# --------------------------------------------------------------------------------------------

class Dist:
    """A distribution standing in for a number; drawn once per trial, then clamped (and rounded
    for whole-number fields)."""

    def __init__(self, kind, params, path, lo, hi, lo_open, integer):
        self.kind, self.params, self.path = kind, params, path
        self.lo = OPEN_LO if lo_open else lo
        self.hi, self.integer = hi, integer

    def mean(self):
        p = self.params
        if self.kind == "normal":
            return p[0]
        if self.kind == "lognormal":
            return p[0] * math.exp(p[1] ** 2 / 2)
        if self.kind == "uniform":
            return (p[0] + p[1]) / 2
        if self.kind == "triangular":
            return (p[0] + p[1] + p[2]) / 3
        if self.kind == "beta":
            return p[0] / (p[0] + p[1])
        return (p[0] + 4 * p[1] + p[2]) / 6          # pert

    def draw(self, rng):
        p, k = self.params, self.kind
        if k == "normal":
            x = rng.gauss(p[0], p[1])
        elif k == "lognormal":
            x = p[0] * math.exp(rng.gauss(0.0, p[1]))
        elif k == "uniform":
            x = rng.uniform(p[0], p[1])
        elif k == "triangular":
            x = rng.triangular(p[0], p[2], p[1])     # python order: low, high, mode
        elif k == "beta":
            x = rng.betavariate(p[0], p[1])
        else:                                        # pert
            lo, mode, hi = p
            if hi == lo:
                x = lo
            else:
                a = 1 + 4 * (mode - lo) / (hi - lo)
                b = 1 + 4 * (hi - mode) / (hi - lo)
                x = lo + (hi - lo) * rng.betavariate(a, b)
        clamped = False
        if x < self.lo:
            x, clamped = self.lo, True
        elif x > self.hi:
            x, clamped = self.hi, True
        if self.integer:
            x = math.floor(x + 0.5)                  # CHOICE: round half up
        return x, clamped


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def is_dist(v):
    return isinstance(v, dict) and len(v) == 1 and next(iter(v)) in DIST_KINDS


def number(v, path, lo, hi, lo_open=False, integer=False):
    """Validate a number field; return a float/int or a Dist."""
    if is_dist(v):
        kind, params = next(iter(v.items()))
        if not isinstance(params, list) or len(params) != DIST_KINDS[kind] or \
                not all(is_number(x) for x in params):
            fail(f"{path}: `{kind}` takes {DIST_KINDS[kind]} numbers")
        params = [float(x) for x in params]
        if kind in ("normal", "lognormal") and params[1] < 0:
            fail(f"{path}: {kind} spread must be >= 0")
        if kind == "lognormal" and params[0] <= 0:
            fail(f"{path}: lognormal median must be > 0")
        if kind == "uniform" and params[0] > params[1]:
            fail(f"{path}: uniform needs lo <= hi")
        if kind in ("triangular", "pert") and not (params[0] <= params[1] <= params[2]):
            fail(f"{path}: {kind} needs lo <= mode <= hi")
        if kind == "beta" and (params[0] <= 0 or params[1] <= 0):
            fail(f"{path}: beta parameters must be > 0")
        return Dist(kind, params, path, lo, hi, lo_open, integer)
    if not is_number(v):
        fail(f"{path}: expected a number or a distribution, got {v!r}")
    if (lo_open and v <= lo) or (not lo_open and v < lo) or v > hi:
        fail(f"{path}: {v} is outside its valid range")
    if integer:
        if v != int(v):
            fail(f"{path}: must be a whole number")
        return int(v)
    return float(v)


# --------------------------------------------------------------------------------------------
# Loading, variants, validation
# --------------------------------------------------------------------------------------------

LIST_SECTIONS = ("state", "relation", "pact", "supply", "chokepoint", "event")
KNOWN_FIELDS = {
    "state": {"id", "name", "power", "economy", "position", "reach", "resolve", "stockpile", "nuclear"},
    "relation": {"a", "b", "affinity"},
    "pact": {"id", "name", "kind", "members", "reliability", "defensive_only", "adversaries", "support",
             "contributions", "nuclear_umbrella"},
    "supply": {"id", "from", "to", "kind", "share", "via", "licence", "embargo"},
    "chokepoint": {"id", "name", "controller", "regime"},
    "event": {"id", "at", "p", "kind", "link", "state", "pact", "strength"},
    "crisis": {"challenger", "target", "theatre", "stakes", "horizon", "step", "assume_attack"},
    "model": set(),    # filled below from MODEL_DEFAULTS
    "scenario": {"name", "description", "trials", "seed", "level"},
}
KNOWN_FIELDS["model"] = set(MODEL_DEFAULTS)


def entry_key(section, entry, index):
    """The id by which remove/set address an entry."""
    if section == "relation":
        return frozenset((entry.get("a"), entry.get("b")))
    if section == "supply":
        if "id" in entry:
            return entry["id"]
        return f"{entry.get('from')}-{entry.get('to')}-{entry.get('kind')}"
    if section == "event":
        return entry.get("id", str(index))
    return entry.get("id")


def lookup_key(section, ident):
    if section == "relation":
        parts = ident.split("-")
        if len(parts) != 2:
            fail(f"relation address `{ident}` must be A-B")
        return frozenset(parts)
    return ident


def split_path(path):
    """'crisis.theatre[0]' -> ['crisis', 'theatre', 0]"""
    out = []
    for seg in path.split("."):
        m = re.fullmatch(r"([^\[\]]+)((?:\[\d+\])*)", seg)
        if not m:
            fail(f"bad path `{path}`")
        out.append(m.group(1))
        out.extend(int(i) for i in re.findall(r"\[(\d+)\]", m.group(2)))
    return out


def apply_variant(raw, name):
    """Return a deep copy of the scenario with variant `name` applied (remove, add, set)."""
    doc = json.loads(json.dumps(raw))               # deep copy (TOML values are JSON-able)
    variants = doc.pop("variant", [])
    if name == "base":
        return doc
    matches = [v for v in variants if v.get("name") == name]
    if not matches:
        fail(f"no variant named `{name}` (have: base, {', '.join(v.get('name', '?') for v in variants)})")
    var = matches[0]
    for k in var:
        if k not in ("name", "description", "set", "add", "remove"):
            fail(f"variant {name}: unknown key `{k}`")
    # remove, on the base file
    for section, ids in var.get("remove", {}).items():
        if section not in LIST_SECTIONS:
            fail(f"variant {name}: cannot remove from `{section}`")
        entries = doc.get(section, [])
        keys = [entry_key(section, e, i) for i, e in enumerate(entries)]
        drop = set()
        for ident in ids:
            key = lookup_key(section, ident)
            if key not in keys:
                fail(f"variant {name}: remove: no {section} `{ident}`")
            drop.add(keys.index(key))
        doc[section] = [e for i, e in enumerate(entries) if i not in drop]
    # add
    for section, entries in var.get("add", {}).items():
        if section not in LIST_SECTIONS:
            fail(f"variant {name}: cannot add to `{section}`")
        if isinstance(entries, dict):
            entries = [entries]
        doc.setdefault(section, []).extend(entries)
    # set
    for path, value in var.get("set", {}).items():
        parts = split_path(path)
        section = parts[0]
        if section in LIST_SECTIONS:
            if len(parts) < 3:
                fail(f"variant {name}: path `{path}` needs section.id.field")
            ident = parts[1]
            entries = doc.setdefault(section, [])
            keys = [entry_key(section, e, i) for i, e in enumerate(entries)]
            key = lookup_key(section, ident)
            if key in keys:
                node = entries[keys.index(key)]
            elif section == "relation":                # CHOICE: setting an unlisted pair adds it
                a, b = ident.split("-")
                node = {"a": a, "b": b, "affinity": 0.0}
                entries.append(node)
            else:
                fail(f"variant {name}: path `{path}`: no {section} `{ident}`")
            rest = parts[2:]
        elif section in ("crisis", "model", "scenario"):
            node = doc.setdefault(section, {})
            rest = parts[1:]
        else:
            fail(f"variant {name}: path `{path}`: unknown section `{section}`")
        if not rest:
            fail(f"variant {name}: path `{path}` names no field")
        if rest[0] not in KNOWN_FIELDS[section]:
            fail(f"variant {name}: path `{path}`: {section} has no field `{rest[0]}`")
        for i, part in enumerate(rest[:-1]):
            nxt = rest[i + 1]
            if isinstance(part, int):
                node = node[part]
            else:
                if part not in node:
                    if section == "model" and part == "intensity":
                        node[part] = list(MODEL_DEFAULTS["intensity"])
                    else:
                        node[part] = [] if isinstance(nxt, int) else {}
                node = node[part]
        last = rest[-1]
        if isinstance(last, int):
            if not isinstance(node, list) or last >= len(node):
                fail(f"variant {name}: path `{path}`: index out of range")
        node[last] = value
    return doc


def great_circle(p, q):
    lat1, lon1, lat2, lon2 = map(math.radians, (p[0], p[1], q[0], q[1]))
    a = math.sin((lat2 - lat1) / 2) ** 2 + \
        math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


class Scenario:
    """A validated scenario (one variant); numbers may still be Dist objects."""

    def __init__(self, doc, variant):
        self.variant = variant
        self.uncertain = []          # Dist objects, in file order
        known_top = {"scenario", "state", "relation", "pact", "supply", "chokepoint", "crisis",
                     "event", "model", "variant"}
        for k in doc:
            if k not in known_top:
                warn(f"unknown table `{k}` ignored")
        sc = doc.get("scenario", {})
        self.name = sc.get("name", "scenario")
        self.trials = sc.get("trials")
        self.seed = sc.get("seed")
        self.level = sc.get("level", 0.95)

        def num(v, path, lo, hi, lo_open=False, integer=False):
            x = number(v, path, lo, hi, lo_open, integer)
            if isinstance(x, Dist):
                self.uncertain.append(x)
            return x

        def check_keys(tbl, allowed, where):
            for k in tbl:
                if k not in allowed:
                    warn(f"{where}: unknown key `{k}` ignored")

        # states
        self.states = []
        self.index = {}
        for i, s in enumerate(doc.get("state", [])):
            sid = s.get("id")
            if not isinstance(sid, str) or not STATE_ID.match(sid):
                fail(f"state[{i}]: bad id {sid!r}")
            if sid in self.index:
                fail(f"state {sid}: duplicate id")
            check_keys(s, {"id", "name", "power", "economy", "position", "reach", "resolve",
                           "stockpile", "nuclear"}, f"state {sid}")
            p = f"state.{sid}"
            for req in ("power", "economy", "position"):
                if req not in s:
                    fail(f"{p}: `{req}` is required")
            pos = s["position"]
            if not isinstance(pos, list) or len(pos) != 2:
                fail(f"{p}.position: expected [lat, lon]")
            st = {
                "id": sid, "name": s.get("name", sid),
                "power": num(s["power"], f"{p}.power", 0, INF, True),
                "economy": num(s["economy"], f"{p}.economy", 0, INF, True),
                "position": [num(pos[0], f"{p}.position[0]", -90, 90),
                             num(pos[1], f"{p}.position[1]", -180, 180)],
                "reach": num(s.get("reach", 1000.0), f"{p}.reach", 0, INF, True),
                "resolve": num(s.get("resolve", 0.5), f"{p}.resolve", 0, 1),
                "stockpile": num(s.get("stockpile", 4.0), f"{p}.stockpile", 0, INF),
                "warheads": 0, "threshold": 1.0,
            }
            if "nuclear" in s:
                nu = s["nuclear"]
                if not isinstance(nu, dict):
                    fail(f"{p}.nuclear: expected a table")
                check_keys(nu, {"warheads", "threshold"}, f"{p}.nuclear")
                if "warheads" not in nu:
                    fail(f"{p}.nuclear: `warheads` is required")
                st["warheads"] = num(nu["warheads"], f"{p}.nuclear.warheads", 0, INF, integer=True)
                # CHOICE: threshold defaults to 0.5 when the nuclear table omits it
                st["threshold"] = num(nu.get("threshold", 0.5), f"{p}.nuclear.threshold", 0, 1)
            self.index[sid] = len(self.states)
            self.states.append(st)
        if len(self.states) < 2:
            fail("a scenario needs at least two states")

        def state_ref(v, where):
            if v not in self.index:
                fail(f"{where}: unknown state {v!r}")
            return self.index[v]

        # relations
        self.relations = []
        seen = set()
        for i, r in enumerate(doc.get("relation", [])):
            a, b = r.get("a"), r.get("b")
            ia, ib = state_ref(a, f"relation[{i}].a"), state_ref(b, f"relation[{i}].b")
            if ia == ib:
                fail(f"relation {a}-{b}: a state's affinity with itself is fixed at 1")
            key = frozenset((ia, ib))
            if key in seen:
                fail(f"relation {a}-{b}: listed twice")
            seen.add(key)
            check_keys(r, {"a", "b", "affinity"}, f"relation {a}-{b}")
            if "affinity" not in r:
                fail(f"relation {a}-{b}: `affinity` is required")
            self.relations.append({"a": ia, "b": ib,
                                   "affinity": num(r["affinity"], f"relation.{a}-{b}.affinity", -1, 1)})

        # pacts
        self.pacts = []
        pids = set()
        for i, pc in enumerate(doc.get("pact", [])):
            pid = pc.get("id")
            if not isinstance(pid, str) or not OTHER_ID.match(pid):
                fail(f"pact[{i}]: bad id {pid!r}")
            if pid in pids:
                fail(f"pact {pid}: duplicate id")
            pids.add(pid)
            check_keys(pc, {"id", "name", "kind", "members", "reliability", "defensive_only",
                            "adversaries", "support", "contributions", "nuclear_umbrella"},
                       f"pact {pid}")
            kind = pc.get("kind")
            if kind not in PACT_KINDS:
                fail(f"pact {pid}: kind must be one of {', '.join(PACT_KINDS)}")
            members = [state_ref(m, f"pact {pid}.members") for m in pc.get("members", [])]
            if len(set(members)) != len(members):
                fail(f"pact {pid}: a member is listed twice")
            if len(members) < 2:
                fail(f"pact {pid}: needs at least two members")
            support = pc.get("support", "full")
            if support not in SUPPORT_KINDS:
                fail(f"pact {pid}: support must be full, arms or finance")
            contrib = {}
            for k, v in pc.get("contributions", {}).items():
                ik = state_ref(k, f"pact {pid}.contributions")
                if v not in SUPPORT_KINDS:
                    fail(f"pact {pid}.contributions.{k}: must be full, arms or finance")
                contrib[ik] = v
            for flag in ("defensive_only", "nuclear_umbrella"):
                if flag in pc and not isinstance(pc[flag], bool):
                    fail(f"pact {pid}.{flag}: expected true or false")
            self.pacts.append({
                "id": pid, "name": pc.get("name", pid), "kind": kind, "members": members,
                "reliability": num(pc.get("reliability", DEFAULT_RELIABILITY[kind]),
                                   f"pact.{pid}.reliability", 0, 1),
                "defensive_only": pc.get("defensive_only", True),
                "adversaries": [state_ref(a, f"pact {pid}.adversaries") for a in pc.get("adversaries", [])],
                "support": support, "contributions": contrib,
                "nuclear_umbrella": pc.get("nuclear_umbrella", False),
            })

        # chokepoints
        self.chokepoints = []
        self.choke_index = {}
        for i, ck in enumerate(doc.get("chokepoint", [])):
            cid = ck.get("id")
            if not isinstance(cid, str) or not OTHER_ID.match(cid) or cid in self.choke_index:
                fail(f"chokepoint[{i}]: bad or duplicate id {cid!r}")
            check_keys(ck, {"id", "name", "controller", "regime"}, f"chokepoint {cid}")
            if ck.get("regime", "montreux") != "montreux":
                fail(f"chokepoint {cid}: the only regime is montreux")
            self.choke_index[cid] = len(self.chokepoints)
            self.chokepoints.append({"id": cid, "name": ck.get("name", cid),
                                     "controller": state_ref(ck.get("controller"), f"chokepoint {cid}.controller")})

        # supply links
        self.links = []
        lids = set()
        for i, ln in enumerate(doc.get("supply", [])):
            kind = ln.get("kind")
            if kind not in LINK_KINDS:
                fail(f"supply[{i}]: kind must be one of {', '.join(LINK_KINDS)}")
            fr = state_ref(ln.get("from"), f"supply[{i}].from")
            to = state_ref(ln.get("to"), f"supply[{i}].to")
            lid = ln.get("id", f"{ln['from']}-{ln['to']}-{kind}")
            if not OTHER_ID.match(lid):
                fail(f"supply[{i}]: bad id {lid!r}")
            if lid in lids:
                fail(f"supply {lid}: duplicate id (two links with the same default id need explicit ids)")
            lids.add(lid)
            check_keys(ln, {"id", "from", "to", "kind", "share", "via", "licence", "embargo"}, f"supply {lid}")
            if "share" not in ln:
                fail(f"supply {lid}: `share` is required")
            emb = ln.get("embargo", {})
            check_keys(emb, {"when", "p"}, f"supply {lid}.embargo")
            when = emb.get("when", "if-hostile")
            if when not in EMBARGO_WHEN:
                fail(f"supply {lid}.embargo.when: one of {', '.join(EMBARGO_WHEN)}")
            via = ln.get("via")
            if via is not None and via not in self.choke_index:
                fail(f"supply {lid}.via: unknown chokepoint {via!r}")
            self.links.append({
                "id": lid, "from": fr, "to": to, "kind": kind,
                "share": num(ln["share"], f"supply.{lid}.share", 0, 1),
                "via": None if via is None else self.choke_index[via],
                "licence": None if ln.get("licence") is None else state_ref(ln["licence"], f"supply {lid}.licence"),
                "when": when,
                "p": num(emb.get("p", 1.0), f"supply.{lid}.embargo.p", 0, 1),
            })
        totals = {}
        for ln in self.links:
            s = ln["share"]
            totals[ln["to"]] = totals.get(ln["to"], 0.0) + (s.mean() if isinstance(s, Dist) else s)
        for r, tot in totals.items():
            if tot > 1 + 1e-9:
                fail(f"supply: the shares into {self.states[r]['id']} sum to {tot:.3f} > 1")

        # crisis
        cr = doc.get("crisis")
        if cr is None:
            fail("[crisis] is required")
        check_keys(cr, {"challenger", "target", "theatre", "stakes", "horizon", "step", "assume_attack"}, "crisis")
        self.c = state_ref(cr.get("challenger"), "crisis.challenger")
        self.t = state_ref(cr.get("target"), "crisis.target")
        if self.c == self.t:
            fail("crisis: challenger and target must differ")
        th = cr.get("theatre")
        if not isinstance(th, list) or len(th) != 2:
            fail("crisis.theatre: expected [lat, lon]")
        if "stakes" not in cr:
            fail("crisis.stakes is required")
        if cr.get("step", "week") not in ("day", "week", "month", "year"):
            fail("crisis.step: one of day, week, month, year")
        if not isinstance(cr.get("assume_attack", False), bool):
            fail("crisis.assume_attack: expected true or false")
        self.crisis = {
            "theatre": [num(th[0], "crisis.theatre[0]", -90, 90), num(th[1], "crisis.theatre[1]", -180, 180)],
            "stakes": num(cr["stakes"], "crisis.stakes", 0, 1),
            "horizon": num(cr.get("horizon", 52), "crisis.horizon", 1, 10000, integer=True),
            "assume_attack": cr.get("assume_attack", False),
        }

        # events
        self.events = []
        pact_index = {p["id"]: k for k, p in enumerate(self.pacts)}
        link_index = {ln["id"]: k for k, ln in enumerate(self.links)}
        labels = set()
        for i, ev in enumerate(doc.get("event", [])):
            label = ev.get("id", str(i))
            if "id" in ev and not OTHER_ID.match(label):
                fail(f"event[{i}]: bad id {label!r}")
            if label in labels:
                fail(f"event {label}: duplicate id")
            labels.add(label)
            check_keys(ev, {"id", "at", "p", "kind", "link", "state", "pact", "strength"}, f"event {label}")
            kind = ev.get("kind")
            if kind not in EVENT_KINDS:
                fail(f"event {label}: kind must be one of {', '.join(EVENT_KINDS)}")
            if ("at" in ev) == ("p" in ev):
                fail(f"event {label}: give exactly one of `at` and `p`")
            e = {"label": label, "kind": kind, "at": None, "p": None, "link": None, "state": None,
                 "pact": None, "strength": 0.0}
            if "at" in ev:
                # CHOICE: `at` is a step >= 1 (steps are numbered from 1)
                e["at"] = num(ev["at"], f"event.{label}.at", 1, INF, integer=True)
            else:
                e["p"] = num(ev["p"], f"event.{label}.p", 0, 1)
            if kind in ("embargo", "lift"):
                if ev.get("link") not in link_index:
                    fail(f"event {label}: unknown link {ev.get('link')!r}")
                e["link"] = link_index[ev["link"]]
            elif kind in ("accession", "exit"):
                e["state"] = state_ref(ev.get("state"), f"event {label}.state")
                if ev.get("pact") not in pact_index:
                    fail(f"event {label}: unknown pact {ev.get('pact')!r}")
                e["pact"] = pact_index[ev["pact"]]
            else:
                if "strength" not in ev:
                    fail(f"event {label}: ceasefire-offer needs `strength`")
                e["strength"] = num(ev["strength"], f"event.{label}.strength", 0, INF)
            self.events.append(e)

        # model constants
        md = doc.get("model", {})
        self.model = {}
        for k in md:
            if k not in MODEL_DEFAULTS:
                fail(f"model: unknown constant `{k}`")
        for k, default in MODEL_DEFAULTS.items():
            lo, hi, lo_open = MODEL_RANGES[k]
            v = md.get(k, default)
            if k == "intensity":
                if not isinstance(v, list) or len(v) != 3:
                    fail("model.intensity: expected three numbers")
                self.model[k] = [num(x, f"model.intensity[{i}]", lo, hi, lo_open) for i, x in enumerate(v)]
            else:
                self.model[k] = num(v, f"model.{k}", lo, hi, lo_open)

        # static, trial-independent geometry helpers
        self.n = len(self.states)
        self.ids = [s["id"] for s in self.states]


def val(x, draws):
    return draws[x.path] if isinstance(x, Dist) else x


# --------------------------------------------------------------------------------------------
# Random streams keyed by (seed, trial, purpose, entity)
# --------------------------------------------------------------------------------------------

class Streams:
    def __init__(self, seed, trial):
        self.prefix = f"{seed}/{trial}/"
        self.cache = {}

    def get(self, purpose, entity=""):
        key = (purpose, entity)
        r = self.cache.get(key)
        if r is None:
            h = hashlib.blake2b((self.prefix + purpose + "/" + entity).encode(), digest_size=8).digest()
            r = random.Random(int.from_bytes(h, "little"))
            self.cache[key] = r
        return r


# --------------------------------------------------------------------------------------------
# One trial
# --------------------------------------------------------------------------------------------

class World:
    """The sampled numbers of one trial."""

    def __init__(self, S, draws):
        n = S.n
        v = lambda x: val(x, draws)
        self.power = [v(s["power"]) for s in S.states]
        self.economy = [v(s["economy"]) for s in S.states]
        self.reach = [v(s["reach"]) for s in S.states]
        self.resolve = [v(s["resolve"]) for s in S.states]
        self.stockpile = [v(s["stockpile"]) for s in S.states]
        self.warheads = [v(s["warheads"]) for s in S.states]
        self.threshold = [v(s["threshold"]) for s in S.states]
        self.nuclear = [w >= 1 for w in self.warheads]
        theatre = [v(S.crisis["theatre"][0]), v(S.crisis["theatre"][1])]
        self.g = []
        for i, s in enumerate(S.states):
            d = great_circle([v(s["position"][0]), v(s["position"][1])], theatre)
            self.g.append(self.reach[i] / (self.reach[i] + d))
        self.aff = [[0.0] * n for _ in range(n)]
        for i in range(n):
            self.aff[i][i] = 1.0
        for r in S.relations:
            a = v(r["affinity"])
            self.aff[r["a"]][r["b"]] = a
            self.aff[r["b"]][r["a"]] = a
        self.reliability = [v(p["reliability"]) for p in S.pacts]
        self.share = [v(ln["share"]) for ln in S.links]
        self.embargo_p = [v(ln["p"]) for ln in S.links]
        self.stakes = v(S.crisis["stakes"])
        self.horizon = v(S.crisis["horizon"])
        self.ev_at = [None if e["at"] is None else v(e["at"]) for e in S.events]
        self.ev_p = [None if e["p"] is None else v(e["p"]) for e in S.events]
        self.ev_strength = [v(e["strength"]) for e in S.events]
        self.m = {k: ([v(x) for x in x0] if isinstance(x0, list) else v(x0)) for k, x0 in S.model.items()}


class Trial:
    """The record of one trial (Phase 4)."""
    __slots__ = ("outcome", "duration", "max_level", "side", "entry", "loss", "invoked",
                 "honoured", "declined", "conflicted", "cut_step", "war_size", "clamped",
                 "fired", "log", "economy")


def run_trial(S, seed, k, trace=False):
    st = Streams(seed, k)
    log = [] if trace else None

    def say(t, msg):
        if log is not None:
            log.append(f"t={t:>3}  {msg}")

    # ---- Phase 1: sampling
    draws, clamped = {}, []
    for d in S.uncertain:
        x, was_clamped = d.draw(st.get("sample", d.path))
        draws[d.path] = x
        if was_clamped:
            clamped.append(d.path)
    W = World(S, draws)
    M = W.m
    n, c, tau = S.n, S.c, S.t
    aff, g = W.aff, W.g
    ids = S.ids
    npact, nlink, nev = len(S.pacts), len(S.links), len(S.events)

    R = Trial()
    R.clamped, R.log = clamped, log
    R.economy = W.economy
    R.side = [0] * n
    R.entry = [None] * n
    R.loss = [0.0] * n
    R.invoked = [False] * npact
    R.honoured = [0] * npact
    R.declined = [0] * npact
    R.conflicted = [0] * npact
    R.cut_step = [None] * nlink
    R.fired = [False] * nev
    R.war_size = 0

    # ---- Phase 2: deterrence
    if not S.crisis["assume_attack"]:
        eA, eB = [0.0] * n, [0.0] * n
        for j in range(n):
            if j == c or j == tau:
                continue
            xB = 1 - max(0.0, aff[j][c])        # e_B uses x(j, {c})     (5.5)
            xA = 1 - max(0.0, aff[j][tau])      # e_A uses x(j, {tau})
            for pi, p in enumerate(S.pacts):
                if j not in p["members"]:
                    continue
                adv = p["adversaries"]
                if p["kind"] == "defense" and tau in p["members"] and (not adv or c in adv):
                    eB[j] = max(eB[j], W.reliability[pi] * xB)
                if p["kind"] == "offense" and c in p["members"] and (not adv or tau in adv):
                    eA[j] = max(eA[j], W.reliability[pi] * xA)
        SA = W.power[c] * g[c] + sum(eA[j] * W.power[j] * g[j] for j in range(n))
        SB = W.power[tau] * g[tau] + sum(eB[j] * W.power[j] * g[j] for j in range(n))
        gam = M["csf_exponent"]
        pwin = SA ** gam / (SA ** gam + SB ** gam)
        cost = M["war_cost"] * SB / (SA + SB) * (1 - W.resolve[c])
        w = 1.0 if W.nuclear[tau] else 0.0
        for kk in range(n):
            if not W.nuclear[kk] or kk == c or kk == tau:
                continue
            w = max(w, eB[kk])
            for p in S.pacts:                    # umbrella (5.7): any pact kind shared with tau
                if p["nuclear_umbrella"] and kk in p["members"] and tau in p["members"]:
                    w = 1.0
        Nd = M["nuclear_dread"] * w
        EU = W.stakes * pwin - cost - Nd
        eps = st.get("deter").gauss(0.0, M["misperception"])
        say(0, f"deterrence: S_A={SA:.4g} S_B={SB:.4g} p_win={pwin:.3f} cost={cost:.3f} N={Nd:.3f} "
               f"EU={EU:.3f} eps={eps:.3f} -> {'attack' if EU + eps > 0 else 'deterred'}")
        if not EU + eps > 0:
            R.outcome, R.duration, R.max_level = "deterred", 0, 0
            return R

    # ---- Phase 3: war
    side = R.side
    side[c], side[tau] = A, B
    R.entry[c] = R.entry[tau] = 1
    P0 = W.power
    P = list(W.power)
    level = 1
    max_level = 1
    members = [set(p["members"]) for p in S.pacts]
    acceded = {}                     # (state, pact) -> step of accession
    decided = set()                  # (state, pact) decisions taken this war
    pending = {}                     # state -> [side, due step]
    pledges = {}                     # state -> list of partner sets (kept pledges)
    supporters = []                  # (supporter, recipient, share)
    # link state
    war_cut = [False] * nlink
    event_cut = [False] * nlink
    rule_cut = [False] * nlink
    lic_cut = [False] * nlink
    rule_done = [False] * nlink
    lic_done = [False] * nlink
    is_cut = [False] * nlink
    cut_start = [None] * nlink
    peak = {A: 0.0, B: 0.0}
    horizon = W.horizon
    intensity = M["intensity"]

    def defense_pact_shared(a, b):
        for pi, p in enumerate(S.pacts):
            if p["kind"] == "defense" and a in members[pi] and b in members[pi]:
                return True
        return False

    def hostile_holds(viewer, r):
        """if-hostile from `viewer`'s point of view: r at war against a state the viewer is
        friendly with (affinity >= friend_threshold) or shares a defense pact with."""
        if side[r] == 0:
            return False
        enemy = 3 - side[r]
        for kk in range(n):
            if side[kk] == enemy and (aff[viewer][kk] >= M["friend_threshold"] or
                                      defense_pact_shared(viewer, kk)):
                return True
        return False

    def maxaff(j, X, sides):
        best = None
        for kk in range(n):
            if sides[kk] == X and (best is None or aff[j][kk] > best):
                best = aff[j][kk]
        return best

    def x_factor(j, enemy_side, sides):
        m = maxaff(j, enemy_side, sides)
        return 1 - max(0.0, m if m is not None else 0.0)

    def obligation_dirs(pi, sides, j=None):
        """Sides toward which pact pi's casus foederis holds (for member j, or for anyone)."""
        p = S.pacts[pi]
        kind = p["kind"]
        if kind == "defense":
            cand = (A, B) if not p["defensive_only"] else (B,)
        elif kind == "offense":
            cand = (A,)
        else:
            return ()
        out = []
        adv = p["adversaries"]
        for X in cand:
            if any(sides[m] == X for m in members[pi] if m != j):
                if not adv or any(sides[a] == 3 - X for a in adv):
                    out.append(X)
        return out

    outcome = None
    t = 0
    for t in range(1, horizon + 1):
        # -- events (5.8), at the start of the step
        offer = 0.0
        for ei, e in enumerate(S.events):
            if W.ev_p[ei] is not None:
                u = st.get("event", e["label"]).random()     # drawn every step
                fires = u < W.ev_p[ei]
            else:
                fires = (t == W.ev_at[ei])
            if R.fired[ei] or not fires:
                continue
            R.fired[ei] = True
            kind = e["kind"]
            if kind == "embargo":
                event_cut[e["link"]] = True
            elif kind == "lift":
                li = e["link"]
                event_cut[li] = rule_cut[li] = lic_cut[li] = False
            elif kind == "accession":
                if e["state"] not in members[e["pact"]]:
                    members[e["pact"]].add(e["state"])
                    acceded[(e["state"], e["pact"])] = t
            elif kind == "exit":
                members[e["pact"]].discard(e["state"])
            else:
                offer += W.ev_strength[ei]
            say(t, f"event {e['label']} ({kind}) fires")

        prev = list(side)            # sides as of the end of the last step
        # -- invoked (5.6), judged on the same world as step 1
        for pi, p in enumerate(S.pacts):
            if R.invoked[pi]:
                continue
            if p["kind"] in ("defense", "offense"):
                if obligation_dirs(pi, prev):
                    R.invoked[pi] = True
            elif any(prev[m] for m in members[pi]):
                R.invoked[pi] = True

        # -- steps 1 and 2: per-state decisions on the world as of the end of the last step
        for j in range(n):
            if prev[j]:
                continue
            # step 1: obligations and pledges
            obligations = []     # (pact index, [sides])
            for pi, p in enumerate(S.pacts):
                if j not in members[pi] or (j, pi) in decided:
                    continue
                if acceded.get((j, pi)) == t:          # checked from the next step on
                    continue
                kind = p["kind"]
                if kind in ("defense", "offense"):
                    dirs = obligation_dirs(pi, prev, j)
                    if dirs:
                        obligations.append((pi, dirs))
                elif kind in ("neutrality", "nonaggression"):
                    if any(prev[m] for m in members[pi] if m != j):
                        decided.add((j, pi))
                        u = st.get("pledge", f"{ids[j]}/{p['id']}").random()
                        if u < W.reliability[pi]:
                            R.honoured[pi] += 1
                            pledges.setdefault(j, []).append(set(members[pi]) - {j})
                            say(t, f"{ids[j]} keeps its {kind} pledge in {p['id']}")
                        else:
                            R.declined[pi] += 1
                            say(t, f"{ids[j]} drops its {kind} pledge in {p['id']}")
            if obligations:
                toward = set()
                for _, dirs in obligations:
                    toward.update(dirs)
                if len(toward) == 2:                    # conflicted (5.2)
                    for pi, _ in obligations:
                        decided.add((j, pi))
                        R.conflicted[pi] += 1
                    say(t, f"{ids[j]} is conflicted ({', '.join(S.pacts[pi]['id'] for pi, _ in obligations)})")
                else:
                    X = toward.pop()
                    for pi, _ in obligations:
                        p = S.pacts[pi]
                        decided.add((j, pi))
                        r = st.get("honour", f"{ids[j]}/{p['id']}")
                        u = r.random()
                        ul = r.random()
                        prob = W.reliability[pi] * x_factor(j, 3 - X, prev)
                        if u >= prob:
                            R.declined[pi] += 1
                            say(t, f"{ids[j]} declines {p['id']} (p={prob:.3f})")
                            continue
                        R.honoured[pi] += 1
                        support = p["contributions"].get(j, p["support"])
                        if support == "full":
                            lp = M["entry_lag_p"]
                            lag = 0 if lp >= 1 else int(math.log(1.0 - ul) / math.log1p(-lp))
                            if j not in pending:     # 5.15: an earlier commitment stands
                                pending[j] = [X, t + lag]
                            say(t, f"{ids[j]} honours {p['id']}: joins side {SIDE_NAME[X]} "
                                   f"at step {pending[j][1]} (lag {lag})")
                        else:
                            share = M["arms_support_share"] if support == "arms" else M["finance_support_share"]
                            for m in sorted(members[pi]):
                                if prev[m] == X:
                                    supporters.append((j, m, share))
                            say(t, f"{ids[j]} honours {p['id']} with {support} for side {SIDE_NAME[X]}")
            # step 2: opportunism and consultation, competing hazards (5.3)
            r = st.get("entry", ids[j])
            u1, u2 = r.random(), r.random()              # drawn every step
            if j in pending or j in pledges:
                continue
            hA = hB = 0.0
            mb, ma = maxaff(j, B, prev), maxaff(j, A, prev)
            lean = (mb if mb is not None else 0.0) - (ma if ma is not None else 0.0)
            if lean != 0 and abs(lean) >= M["lean_threshold"]:
                if lean > 0:
                    hB += M["opportunism"] * abs(lean)
                else:
                    hA += M["opportunism"] * abs(lean)
            for pi, p in enumerate(S.pacts):
                if p["kind"] != "consultation" or j not in members[pi] or acceded.get((j, pi)) == t:
                    continue
                if any(prev[m] == A for m in members[pi] if m != j):
                    hA += M["consult_bonus"]
                if any(prev[m] == B for m in members[pi] if m != j):
                    hB += M["consult_bonus"]
            h = hA + hB
            if h > 0 and u1 < 1 - math.exp(-h):
                X = A if u2 < hA / h else B
                pending[j] = [X, t]
                say(t, f"{ids[j]} enters side {SIDE_NAME[X]} (hA={hA:.3f} hB={hB:.3f})")

        # -- entries falling due take effect
        entered = 0
        for j in range(n):
            pe = pending.get(j)
            if pe is None or pe[1] != t:
                continue
            del pending[j]
            X = pe[0]
            blocked = any(prev[kk] == 3 - X for partners in pledges.get(j, ()) for kk in partners)
            if blocked:
                say(t, f"{ids[j]}'s entry on side {SIDE_NAME[X]} is dropped (pledge)")
                continue
            side[j] = X
            R.entry[j] = t
            entered += 1
            say(t, f"{ids[j]} now fights on side {SIDE_NAME[X]}")

        # -- step 3: supply
        for li, ln in enumerate(S.links):
            s, r = ln["from"], ln["to"]
            if not war_cut[li] and side[s] and side[r] and side[s] != side[r]:
                war_cut[li] = True
            closed = False
            if not war_cut[li]:
                if not rule_done[li]:
                    when = ln["when"]
                    holds = (when == "if-initiator" and side[r] == A) or \
                            (when == "if-belligerent" and side[r] != 0) or \
                            (when == "if-hostile" and hostile_holds(s, r))
                    if holds:
                        rule_done[li] = True
                        if st.get("embargo", ln["id"]).random() < W.embargo_p[li]:
                            rule_cut[li] = True
                            say(t, f"{ln['id']}: embargo ({when}) cuts")
                if ln["licence"] is not None and not lic_done[li] and hostile_holds(ln["licence"], r):
                    lic_done[li] = True
                    if st.get("licence", ln["id"]).random() < W.embargo_p[li]:
                        lic_cut[li] = True
                        say(t, f"{ln['id']}: licence holder {ids[ln['licence']]} cuts")
                if ln["via"] is not None:
                    ctrl = S.chokepoints[ln["via"]]["controller"]
                    closed = (side[s] != 0 or side[r] != 0) and not (side[ctrl] != 0 and side[ctrl] == side[r])
            cut = war_cut[li] or event_cut[li] or rule_cut[li] or lic_cut[li] or closed
            if cut and not is_cut[li]:
                cut_start[li] = t
                if R.cut_step[li] is None:
                    R.cut_step[li] = t
                say(t, f"{ln['id']} cut")
            elif is_cut[li] and not cut:
                say(t, f"{ln['id']} restored")
            is_cut[li] = cut
        deficit = [0.0] * n
        for li, ln in enumerate(S.links):
            if is_cut[li]:
                r = ln["to"]
                deficit[r] += W.share[li] * min(1.0, (t - cut_start[li]) / max(1.0, W.stockpile[r]))
        support_in = [0.0] * n
        for (sp, rc, share) in supporters:
            if not (side[sp] and side[rc] and side[sp] != side[rc]):
                support_in[rc] += share
        sustain = [max(M["sustain_floor"], min(1.0, 1 - deficit[i] + support_in[i])) for i in range(n)]

        # -- step 4: combat
        SA = sum(P[i] * g[i] * sustain[i] for i in range(n) if side[i] == A)
        SB = sum(P[i] * g[i] * sustain[i] for i in range(n) if side[i] == B)
        peak[A] = max(peak[A], SA)
        peak[B] = max(peak[B], SB)
        cr = st.get("combat")
        epsA = math.exp(cr.gauss(0.0, M["combat_noise"]))
        epsB = math.exp(cr.gauss(0.0, M["combat_noise"]))
        I = intensity[min(level, 3) - 1]
        fA = 1.0 if SA <= 0 else min(1.0, M["attrition"] * I * SB * epsA / SA)
        fB = 1.0 if SB <= 0 else min(1.0, M["attrition"] * I * SA * epsB / SB)
        for i in range(n):
            if side[i] == A:
                P[i] *= (1 - fA)
            elif side[i] == B:
                P[i] *= (1 - fB)
        SA2 = sum(P[i] * g[i] * sustain[i] for i in range(n) if side[i] == A)
        SB2 = sum(P[i] * g[i] * sustain[i] for i in range(n) if side[i] == B)
        say(t, f"combat: S_A={SA:.4g} S_B={SB:.4g} f_A={fA:.4f} f_B={fB:.4f} level={level}")

        # -- step 5: escalation, then nuclear use (5.13)
        h = M["esc_base"] + M["esc_entry"] * entered + M["esc_loss"] * max(fA, fB)
        u = st.get("escalation").random()
        if level < 3 and u < 1 - math.exp(-h):
            level += 1
            say(t, f"escalation to level {level}")
        max_level = max(max_level, level)
        nuked = False
        for i in range(n):
            if not W.nuclear[i]:
                continue
            u = st.get("nuclear", ids[i]).random()       # drawn every step
            if side[i] and level >= 2 and 1 - P[i] / P0[i] >= W.threshold[i] and u < M["nuclear_use"]:
                nuked = True
                say(t, f"{ids[i]} uses nuclear weapons")
        if nuked:
            outcome, max_level = "nuclear", 4
            break

        # -- step 6: termination
        uend = st.get("termination").random()
        colA = SA2 < M["collapse"] * peak[A]
        colB = SB2 < M["collapse"] * peak[B]
        if colA or colB:
            if colA and colB:
                rA = SA2 / peak[A] if peak[A] > 0 else 0.0
                rB = SB2 / peak[B] if peak[B] > 0 else 0.0
                loser = A if rA <= rB else B
            else:
                loser = A if colA else B
            outcome = "target-victory" if loser == A else "challenger-victory"
            say(t, f"side {SIDE_NAME[loser]} collapses")
            break
        med = 0.0
        for m in range(n):
            if side[m] == 0:
                med = max(med, min(aff[m][c], aff[m][tau]))
        exh = max(1 - SA2 / peak[A] if peak[A] > 0 else 0.0, 1 - SB2 / peak[B] if peak[B] > 0 else 0.0)
        h_end = M["peace_base"] + M["mediation"] * med + M["exhaustion"] * exh + offer
        if uend < 1 - math.exp(-h_end):
            outcome = "ceasefire"
            say(t, f"ceasefire (h_end={h_end:.3f})")
            break
        if t == horizon:
            outcome = "stalemate"
            say(t, "stalemate at the horizon")
            break

    R.outcome = outcome
    R.duration = t
    R.max_level = max_level
    R.war_size = sum(1 for i in range(n) if side[i])
    for i in range(n):
        if side[i]:
            R.loss[i] = 1 - P[i] / P0[i]
    return R


# --------------------------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------------------------

def zval(level):
    return statistics.NormalDist().inv_cdf(0.5 + level / 2)


def wilson(k, n, z):
    if n == 0:
        return {"p": None, "lo": None, "hi": None, "n": 0}
    p = k / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return {"p": p, "lo": max(0.0, centre - half), "hi": min(1.0, centre + half), "n": n}


def quantile7(xs, q):
    if not xs:
        return None
    h = (len(xs) - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (h - lo) * (xs[hi] - xs[lo])


def mean_fig(xs, z, quantiles=False):
    n = len(xs)
    if n == 0:
        out = {"mean": None, "sd": None, "n": 0, "lo": None, "hi": None}
        if quantiles:
            out.update({"q05": None, "q50": None, "q95": None})
        return out
    mu = math.fsum(xs) / n
    sd = math.sqrt(math.fsum((x - mu) ** 2 for x in xs) / (n - 1)) if n > 1 else 0.0
    se = sd / math.sqrt(n)
    out = {"mean": mu, "sd": sd, "n": n, "lo": mu - z * se, "hi": mu + z * se}
    if quantiles:
        s = sorted(xs)
        out.update({"q05": quantile7(s, 0.05), "q50": quantile7(s, 0.50), "q95": quantile7(s, 0.95)})
    return out


def run(S, seed, trials, level):
    z = zval(level)
    n = S.n
    out_counts = {o: 0 for o in OUTCOMES}
    esc = {"ge1": 0, "ge2": 0, "ge3": 0, "nuclear": 0}
    fights = [0] * n
    sa = [0] * n
    sb = [0] * n
    entry = [[] for _ in range(n)]
    loss = [[] for _ in range(n)]
    loss_f = [[] for _ in range(n)]
    cost = [[] for _ in range(n)]
    npact = len(S.pacts)
    invoked = [0] * npact
    hon, dec, con = [0] * npact, [0] * npact, [0] * npact
    nlink = len(S.links)
    cut = [0] * nlink
    cut_step = [[] for _ in range(nlink)]
    duration, war_size = [], []
    clamped = {d.path: 0 for d in S.uncertain}
    fired = [0] * len(S.events)
    for k in range(trials):
        R = run_trial(S, seed, k)
        out_counts[R.outcome] += 1
        for path in R.clamped:
            clamped[path] += 1
        if R.max_level >= 1:
            esc["ge1"] += 1
        if R.max_level >= 2:
            esc["ge2"] += 1
        if R.max_level >= 3:
            esc["ge3"] += 1
        if R.max_level >= 4:
            esc["nuclear"] += 1
        if R.outcome != "deterred":
            duration.append(R.duration)
            war_size.append(R.war_size)
        for i in range(n):
            if R.side[i]:
                fights[i] += 1
                if R.side[i] == A:
                    sa[i] += 1
                else:
                    sb[i] += 1
                entry[i].append(R.entry[i])
                loss_f[i].append(R.loss[i])
            loss[i].append(R.loss[i])
            cost[i].append(R.loss[i] * R.economy[i])
        for pi in range(npact):
            invoked[pi] += R.invoked[pi]
            hon[pi] += R.honoured[pi]
            dec[pi] += R.declined[pi]
            con[pi] += R.conflicted[pi]
        for li in range(nlink):
            if R.cut_step[li] is not None:
                cut[li] += 1
                cut_step[li].append(R.cut_step[li])
        for ei in range(len(S.events)):
            fired[ei] += R.fired[ei]

    v = {"name": S.variant, "trials": trials}
    v["outcomes"] = {o: wilson(out_counts[o], trials, z) for o in OUTCOMES}
    v["escalation"] = {key: wilson(cnt, trials, z) for key, cnt in esc.items()}
    v["states"] = {}
    for i, sid in enumerate(S.ids):
        v["states"][sid] = {
            "fights": wilson(fights[i], trials, z),
            "side_a": wilson(sa[i], trials, z),
            "side_b": wilson(sb[i], trials, z),
            "entry_step": mean_fig(entry[i], z),
            "loss": mean_fig(loss[i], z, True),
            "loss_if_fought": mean_fig(loss_f[i], z, True),
            "cost": mean_fig(cost[i], z),
        }
    v["pacts"] = {}
    for pi, p in enumerate(S.pacts):
        nd = hon[pi] + dec[pi] + con[pi]
        v["pacts"][p["id"]] = {
            "invoked": wilson(invoked[pi], trials, z),
            "honoured": wilson(hon[pi], nd, z),
            "declined": wilson(dec[pi], nd, z),
            "conflicted": wilson(con[pi], nd, z),
            "decisions": nd,
        }
    v["supply"] = {ln["id"]: {"cut": wilson(cut[li], trials, z), "cut_step": mean_fig(cut_step[li], z)}
                   for li, ln in enumerate(S.links)}
    v["duration"] = mean_fig(duration, z, True)
    v["war_size"] = mean_fig(war_size, z, True)
    v["clamped"] = clamped
    v["events"] = {e["label"]: {"fired": wilson(fired[ei], trials, z)} for ei, e in enumerate(S.events)}
    return v


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------

def load_scenario(path, variant):
    with open(path, "rb") as f:
        data = f.read()
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except tomllib.TOMLDecodeError as e:
        fail(f"{path}: {e}")
    names = [v.get("name") for v in raw.get("variant", [])]
    if len(set(names)) != len(names) or "base" in names:
        fail("variant names must be unique and not `base`")
    doc = apply_variant(raw, variant)
    return Scenario(doc, variant), hashlib.sha256(data).hexdigest(), raw


def main(argv=None):
    ap = argparse.ArgumentParser(description="casus reference implementation (plain Python)")
    ap.add_argument("file")
    ap.add_argument("--variant", default="base")
    ap.add_argument("--trials", type=int)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--level", type=float)
    ap.add_argument("--out")
    ap.add_argument("--check", action="store_true", help="validate the file and every variant, then exit")
    ap.add_argument("--trace", type=int, metavar="K", help="print what happened in trial K")
    args = ap.parse_args(argv)
    try:
        S, sha, raw = load_scenario(args.file, args.variant)
        if args.check:
            for v in raw.get("variant", []):
                Scenario(apply_variant(raw, v["name"]), v["name"])
            print(f"{args.file}: ok ({S.n} states, {len(S.pacts)} pacts, {len(S.links)} links, "
                  f"{len(S.uncertain)} uncertain fields, {len(raw.get('variant', []))} variants)")
            return 0
    except ScenarioError as e:
        print(f"casus_ref: {e}", file=sys.stderr)
        return 1
    seed = args.seed if args.seed is not None else (S.seed if S.seed is not None else 0)
    trials = args.trials if args.trials is not None else (S.trials if S.trials is not None else 10000)
    level = args.level if args.level is not None else S.level
    if args.trace is not None:
        R = run_trial(S, seed, args.trace, trace=True)
        print("\n".join(R.log))
        print(f"outcome={R.outcome} duration={R.duration} max_level={R.max_level} war_size={R.war_size}")
        print("clamped:", R.clamped)
        return 0
    v = run(S, seed, trials, level)
    report = {
        "casus_version": VERSION,
        "scenario": {"name": S.name, "file": args.file, "sha256": sha},
        "seed": seed, "trials": trials, "level": level,
        "variants": [v],
    }
    text = json.dumps(report, indent=1)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
