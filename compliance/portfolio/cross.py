"""The cross-project steps of a portfolio run: find conflicts, make facts, let the declarations decide.

A step is a function over every project of the portfolio, ``step(ctx) -> {project id: [Finding]}``.
It *finds* — joins and group-bys with pandas over one row per claim, never a loop over pairs of
projects — and turns each conflict into a fact of the kind its rule reads (only conflicts, so
there are few facts); the rule's conditions declared in ``compliance.rules.portfolio`` decide,
through the engine exactly like a single-project check (``decide``: rule in force on the owner
project's as-of date and in its jurisdiction, parameters resolved on that date, the compiled
conditions matched by the engine, findings explained by ``compliance.checker.explain``).

``ctx.join`` runs a step's keyed work: ``ctx.join.grouped(frame, keys, fn)`` applies ``fn`` to
parts of a pandas frame that each hold every row of the keys they hold, and concatenates the
results — one part in this process (``LocalJoin``), hash partitions of a shuffle on ``keys`` on a
Dask cluster (``backends.dask.DaskJoin``). The pair step sorts its output by a stable row id, so
the findings are the same, in the same order, either way.

The engine's matching of a rule over the conflict facts is ``local_match`` (the engine of this
process) unless ``run_steps`` is given another ``match``: the project library in the service
passes its check worker's (``compliance.library.decide.host_matcher``), a batch its worker pool's,
so that durable runs in a worker process there and never in the process serving or supervising.

X-double-claim, X-enclosure and X-overlap are registered here; another is added with
``register(rule_id, step)``. X-overlap (every project's plot geometry, an STRtree in
``compliance.submission.geometry.overlap``) runs in this process.
"""
from __future__ import annotations

import contextvars
import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Iterable

from compliance.rules import portfolio as declared     # the declarations, read at each run (never copied here)
from compliance.rules.base import holds
from compliance.rules.portfolio import Extract, enclosure_fact


# --------------------------------------------------------------------------- deciding
def decide(rule, facts: Iterable[dict], projects: dict[str, Extract]) -> dict[str, list]:
    """Findings per project id: ``rule``'s declared cases judged by the engine over ``facts``
    (each names its project in ``owner``), as a single-project check judges its facts. A fact of a
    project the rule does not apply to (outside its window or jurisdiction on the project's as-of
    date, a parameter not in force) is not judged; an unchecked project gets no finding."""
    out: dict[str, list] = {}
    for fact, finding in judge(rule, facts, projects):
        out.setdefault(fact["owner"], []).append(finding)
    return out


def local_match(rule, params: dict, facts: list[dict]) -> list[tuple[str, dict]]:
    """The engine of this process matching ``rule``'s cases over ``facts``: [(action, fact)]."""
    from compliance.checker.engine import get_engine

    engine = get_engine()
    return engine.run(engine.compile([rule], params), facts)


# what matches a rule over facts while ``run_steps`` runs (None: ``local_match``)
_MATCH: contextvars.ContextVar = contextvars.ContextVar("compliance_cross_match", default=None)


def judge(rule, facts: Iterable[dict], projects: dict[str, Extract]) -> list[tuple[dict, object]]:
    """(fact, finding) for every case of ``rule`` the engine finds to hold (see ``decide``)."""
    from compliance.checker import explain

    groups: dict[dt.date, list[dict]] = {}
    for f in facts:
        e = projects.get(f["owner"])
        if e is None or not rule.in_force(e.as_of) or not rule.jurisdiction.matches(e.province, e.mechanism, e.methodology):
            continue
        groups.setdefault(e.as_of, []).append(f)
    if not groups:
        return []
    match = _MATCH.get() or local_match
    out = []
    for as_of in sorted(groups):
        params = params_on(rule, as_of)
        if params is None:
            continue
        for action, fact in match(rule, params, groups[as_of]):
            out.append((fact, explain(rule, action.split(":", 1)[1], fact, params)))
    return out


def params_on(rule, as_of: dt.date) -> dict | None:
    """``rule``'s parameters on ``as_of`` (None when one has no value in force)."""
    from compliance.checker import all_params

    known = all_params()
    params = {n: known[n].at(as_of) for n in sorted(rule.params()) if n in known and known[n].in_force(as_of)}
    return None if rule.params() - params.keys() else params


# --------------------------------------------------------------------------- X-double-claim: the claims
CLAIM_COLUMNS = ["owner", "entity", "entity_mech", "is_project", "county", "plot_id", "cert", "path", "prio"]
LIVE_STATUS = ("registered", "applied")


def claims_frame(extracts: Iterable[Extract]):
    """One row per claim on a plot: each plot of each project, each plot a project declares
    registered elsewhere, and the mirror of a declaration that names another portfolio project."""
    import pandas as pd

    extracts = list(extracts)
    mech = {e.project_id: e.mechanism for e in extracts}
    cols: dict[str, list] = {c: [] for c in CLAIM_COLUMNS}

    def add(owner, entity, entity_mech, is_project, county, plot_id, cert, path, prio):
        cols["owner"].append(owner)
        cols["entity"].append(entity)
        cols["entity_mech"].append(entity_mech)
        cols["is_project"].append(is_project)
        cols["county"].append(county)
        cols["plot_id"].append(plot_id)
        cols["cert"].append(cert)
        cols["path"].append(path)
        cols["prio"].append(prio)

    for e in extracts:
        pid = e.project_id
        n = len(e.plots)
        if n:
            counties, ids, certs, _ = zip(*e.plots)
            cols["owner"].extend([pid] * n)
            cols["entity"].extend([pid] * n)
            cols["entity_mech"].extend([e.mechanism] * n)
            cols["is_project"].extend([True] * n)
            cols["county"].extend(counties)
            cols["plot_id"].extend(ids)
            cols["cert"].extend(certs)
            cols["path"].extend(f"plots[{i}]" for i in range(n))
            cols["prio"].extend([0] * n)
        for k, (m, reg_id, status, idxs) in enumerate(e.registrations):
            if status not in LIVE_STATUS:
                continue
            other = reg_id if reg_id in mech and reg_id != pid else None
            for j, i in enumerate(idxs):
                county, plot_id, cert, _ = e.plots[i]
                if other is None:
                    add(pid, f"{m}:{reg_id}", m, False, county, plot_id, cert, f"project.other_registrations[{k}]", 1)
                else:
                    add(pid, other, mech[other], True, county, plot_id, cert, f"project.other_registrations[{k}]", 1)
                    add(other, other, mech[other], True, county, plot_id, cert, "project", 2)
    frame = pd.DataFrame(cols, columns=CLAIM_COLUMNS)
    frame["rid"] = range(len(frame))       # claim order: pairs are reported in it, however they were joined
    return frame


def _registration_rows(extracts: list[Extract]) -> list[list[tuple]]:
    """Per extract, the claim rows its live other registrations make (as ``claims_frame`` makes them)."""
    mech = {e.project_id: e.mechanism for e in extracts}
    out = []
    for e in extracts:
        pid, rows = e.project_id, []
        for k, (m, reg_id, status, idxs) in enumerate(e.registrations):
            if status not in LIVE_STATUS:
                continue
            other = reg_id if reg_id in mech and reg_id != pid else None
            for i in idxs:
                county, plot_id, cert, _ = e.plots[i]
                if other is None:
                    rows.append((pid, f"{m}:{reg_id}", m, False, county, plot_id, cert, f"project.other_registrations[{k}]", 1))
                else:
                    rows.append((pid, other, mech[other], True, county, plot_id, cert, f"project.other_registrations[{k}]", 1))
                    rows.append((other, other, mech[other], True, county, plot_id, cert, "project", 2))
        out.append(rows)
    return out


def contested_claims(extracts: Iterable[Extract]):
    """The rows of ``claims_frame(extracts)`` — same columns, same ``rid`` — whose plot (county +
    plot id) or certificate is claimed by two or more entities: the only rows a pair can come from.
    One hash pass over every plot (numpy on the keys' codes) instead of a frame of every claim, so a
    portfolio of 200,000 plots with a few thousand contested ones builds a frame of those only.
    ``claim_pairs`` over it gives exactly the pairs it gives over ``claims_frame``."""
    import numpy as np
    import pandas as pd

    extracts = list(extracts)
    regs = _registration_rows(extracts)
    counties: list[str] = []
    ids: list[str] = []
    certs: list[str] = []
    sizes = np.fromiter((len(e.plots) for e in extracts), dtype=np.int64, count=len(extracts))
    nregs = np.fromiter((len(r) for r in regs), dtype=np.int64, count=len(extracts))
    for e in extracts:
        if e.plots:
            c, i, ce, _ = zip(*e.plots)
            counties.extend(c)
            ids.extend(i)
            certs.extend(ce)
    base = np.concatenate(([0], np.cumsum(sizes + nregs)[:-1])) if len(extracts) else np.zeros(0, dtype=np.int64)
    owner_of_plot = np.repeat(np.arange(len(extracts)), sizes)
    local = np.arange(len(counties)) - np.repeat(np.concatenate(([0], np.cumsum(sizes)[:-1])) if len(extracts) else
                                                   np.zeros(0, dtype=np.int64), sizes)
    rid_plot = base[owner_of_plot] + local if len(counties) else np.zeros(0, dtype=np.int64)
    # the registration rows, after the plots in these arrays (their rid says where they stand)
    entity_code = {e.project_id: j for j, e in enumerate(extracts)}
    reg_rows = [row for rows in regs for row in rows]
    reg_rid = [int(base[j] + sizes[j] + r) for j, rows in enumerate(regs) for r in range(len(rows))]
    ents = np.concatenate((owner_of_plot, np.fromiter(
        (entity_code.setdefault(row[1], len(entity_code)) for row in reg_rows), dtype=np.int64, count=len(reg_rows))))
    counties.extend(row[4] for row in reg_rows)
    ids.extend(row[5] for row in reg_rows)
    certs.extend(row[6] for row in reg_rows)
    n_ent = max(1, len(entity_code))

    def codes_of(values: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Integer codes of the values, and where a value is empty (no key)."""
        codes, uniques = pd.factorize(np.asarray(values, dtype=object))
        empty = np.flatnonzero(np.asarray(uniques, dtype=object) == "")
        return codes.astype(np.int64), (codes == empty[0]) if len(empty) else np.zeros(len(codes), dtype=bool)

    def contested(codes: np.ndarray, empty: np.ndarray) -> np.ndarray:
        """Rows whose key some other entity also claims: a key's rows all name one entity unless one
        differs from the entity written last for that key."""
        codes = np.where(empty, -1, codes)
        valid = codes >= 0
        if not valid.any():
            return np.zeros(len(codes), dtype=bool)
        keys = pd.factorize(codes[valid])[0]
        last = np.full(int(keys.max()) + 1, -1, dtype=np.int64)
        last[keys] = ents[valid]
        hit = np.zeros(len(last), dtype=bool)
        hit[keys[ents[valid] != last[keys]]] = True
        out = np.zeros(len(codes), dtype=bool)
        out[valid] = hit[keys]
        return out

    c_codes, c_empty = codes_of(counties)
    p_codes, p_empty = codes_of(ids)
    plot_codes = c_codes * (int(p_codes.max(initial=0)) + 1) + p_codes
    keep = contested(plot_codes, c_empty | p_empty) | contested(*codes_of(certs))
    rows = []
    n_plots = len(owner_of_plot)
    for r in np.flatnonzero(keep).tolist():
        if r < n_plots:
            e = extracts[owner_of_plot[r]]
            i = int(local[r])
            county, plot_id, cert, _ = e.plots[i]
            rows.append((e.project_id, e.project_id, e.mechanism, True, county, plot_id, cert, f"plots[{i}]", 0,
                         int(rid_plot[r])))
        else:
            rows.append((*reg_rows[r - n_plots], reg_rid[r - n_plots]))
    rows.sort(key=lambda row: row[-1])
    return pd.DataFrame(rows, columns=[*CLAIM_COLUMNS, "rid"]).astype({"is_project": bool, "prio": "int64", "rid": "int64"})


@dataclass
class DoubleClaim:
    """A plot (or certificate) of ``owner`` that someone else claims too: a conflict, not yet a finding."""

    owner: str
    path: str               # plots[i], or project for a declared claim
    case: str               # plot | certificate | declared: how the other claims matched
    county: str
    plot_id: str
    cert: str
    others: list[tuple[str, str, bool]]       # (entity, mechanism, is portfolio project)
    other_plots: list[str] = field(default_factory=list)


PAIR_COLUMNS = ["owner", "entity", "entity_mech", "is_project", "county", "plot_id", "cert", "path", "prio", "rid",
                "o_entity", "o_mech", "o_project", "o_plot", "o_rid"]


def _pairs(c, keycols: list[str]):
    """Rows whose key is claimed by two or more entities, joined with every other claimant.

    Works on any subset of the claims that holds every row of each key it holds (one hash
    partition of a shuffle on ``keycols``): the result of the whole is the union of the parts'."""
    import pandas as pd

    sub = c
    for k in keycols:
        sub = sub[sub[k] != ""]
    key = sub.groupby(keycols, sort=False).ngroup().to_numpy()
    ent = pd.factorize(sub["entity"])[0]
    ke = pd.DataFrame({"key": key, "ent": ent}).drop_duplicates()
    counts = ke["key"].value_counts()
    multi = counts.index[counts.to_numpy() > 1]
    mask = pd.Series(key).isin(multi).to_numpy()
    d = sub[mask].assign(key=key[mask])
    right = d[["key", "entity", "entity_mech", "is_project", "plot_id", "rid"]].drop_duplicates(
        subset=["key", "entity", "entity_mech", "is_project", "plot_id"])
    right = right.rename(columns={"entity": "o_entity", "entity_mech": "o_mech", "is_project": "o_project", "plot_id": "o_plot",
                                  "rid": "o_rid"})
    pairs = d.merge(right, on="key")
    return pairs[pairs["o_entity"] != pairs["owner"]][PAIR_COLUMNS]


class LocalJoin:
    """The join step in this process: a keyed function sees the whole frame at once."""

    def grouped(self, frame, keys: list[str], fn):
        """``fn`` applied to parts of ``frame`` that each hold every row of the keys they hold
        (here: one part, the frame); the parts' results concatenated."""
        return fn(frame)


LOCAL_JOIN = LocalJoin()


def claim_pairs(claims, keycols: list[str], join=LOCAL_JOIN):
    """Every pair of claimants of one key, in claim order (``rid``, then the other claimant's
    first claim): the same rows in the same order whichever join step produced them."""
    from functools import partial

    sub = claims
    for k in keycols:
        sub = sub[sub[k] != ""]
    out = join.grouped(sub, keycols, partial(_pairs, keycols=keycols))
    return out.sort_values(["rid", "o_rid"], kind="stable").reset_index(drop=True)


def find_double_claims(claims, join=LOCAL_JOIN) -> list[DoubleClaim]:
    """Every conflict: one per (project, plot) and way the other claims matched (same plot id,
    same certificate, a declaration naming the project), with every other claimant. Whether a
    conflict is a finding is X-double-claim's to decide (``double_claim_facts`` / ``decide``).
    ``join`` does the keyed joins (``LocalJoin`` here; ``backends.dask.DaskJoin`` on a cluster)."""
    out: dict[tuple[str, str, str, str], DoubleClaim] = {}
    best: dict[tuple[str, str, str, str], int] = {}
    same_plot: set[tuple[str, str, str, str]] = set()     # (owner, county, plot id, other)

    def collect(pairs, case_of):
        for r in pairs.itertuples(index=False):
            case = case_of(r)
            k = (r.owner, r.county, r.plot_id, case)
            dc = out.get(k)
            if dc is None or r.prio < best[k]:
                prev = dc
                dc = DoubleClaim(r.owner, r.path, case, r.county, r.plot_id, r.cert, [], [])
                if prev is not None:
                    dc.others, dc.other_plots = prev.others, prev.other_plots
                out[k] = dc
                best[k] = r.prio
            other = (r.o_entity, r.o_mech, bool(r.o_project))
            if other not in dc.others:
                dc.others.append(other)
            if case == "certificate" and r.o_plot not in dc.other_plots:
                dc.other_plots.append(r.o_plot)

    plot_pairs = claim_pairs(claims, ["county", "plot_id"], join)
    for o, c, p, e in zip(plot_pairs["owner"], plot_pairs["county"], plot_pairs["plot_id"], plot_pairs["o_entity"]):
        same_plot.add((o, c, p, e))
    collect(plot_pairs, lambda r: "declared" if r.prio == 2 else "plot")
    cert_pairs = claim_pairs(claims, ["cert"], join)
    if len(cert_pairs):
        # a pair already found by its (county, plot id) is that case's; the same plot id declared in
        # another county is not the same key, so the shared certificate is what finds it
        keep = [(o, c, p, e) not in same_plot
                for o, c, p, e in zip(cert_pairs["owner"], cert_pairs["county"], cert_pairs["plot_id"],
                                      cert_pairs["o_entity"])]
        collect(cert_pairs[keep], lambda r: "certificate")
    found = list(out.values())
    for dc in found:
        dc.others.sort()
        dc.other_plots.sort()
    found.sort(key=lambda d: (d.owner, d.path, d.case))
    return found


# --------------------------------------------------------------------------- X-double-claim: the facts
def _mech_label(code: str, lang: str) -> str:
    from compliance.reference.vocab import Mechanism

    m = Mechanism.lookup(code)
    if m is None:
        return code
    return m.zh if lang == "zh" else m.value


def _others_text(others: list[tuple[str, str, bool]], lang: str) -> str:
    parts = []
    for entity, mech, is_project in others:
        if is_project:
            parts.append(f"项目 {entity}（{_mech_label(mech, lang)}）" if lang == "zh" else f"project {entity} ({_mech_label(mech, lang)})")
        else:
            reg = entity.split(":", 1)[1] if ":" in entity else entity
            parts.append(f"{_mech_label(mech, lang)}登记 {reg}" if lang == "zh" else f"{_mech_label(mech, lang)} registration {reg}")
    return ("、" if lang == "zh" else ", ").join(parts)


def double_claim_facts(conflicts: list[DoubleClaim], projects: dict[str, Extract]) -> list[dict]:
    """One ``x.double_claim`` fact per conflict of a checked project (``claim``: its index)."""
    from compliance.reference import divisions

    listed = {(dc.owner, dc.county, dc.plot_id) for dc in conflicts if dc.case == "plot"}
    facts = []
    for n, dc in enumerate(conflicts):
        e = projects.get(dc.owner)
        if e is None:
            continue
        k = len(dc.others)
        facts.append({
            "kind": "x.double_claim", "owner": dc.owner, "claim": n, "path": dc.path, "plot_id": dc.plot_id,
            "county": dc.county, "county_name": divisions.full_name(dc.county), "certificate": dc.cert,
            "others_zh": _others_text(dc.others, "zh"), "others_en": _others_text(dc.others, "en"),
            "other_projects": ", ".join(o[0] for o in dc.others),
            "other_plots": ", ".join(dc.other_plots),
            "same_plot_claims": k if dc.case == "plot" else 0,
            "same_certificate_claims": k if dc.case == "certificate" else 0,
            "declared_claims": k if dc.case == "declared" else 0,
            "listed": (dc.owner, dc.county, dc.plot_id) in listed,
            "portfolio_claims": sum(1 for o in dc.others if o[2]),
            "other_mechanism_claims": sum(1 for o in dc.others if not o[2] and o[1] != e.mechanism),
            "mechanism": e.mechanism,
        })
    return facts


def double_claims(extracts: list[Extract], unchecked: list[Extract] = (), join=LOCAL_JOIN) -> tuple[dict, list]:
    """X-double-claim: findings per project id, and the conflicts that became findings."""
    projects = {e.project_id: e for e in extracts}
    every = [*extracts, *unchecked]
    # in this process only the contested rows are framed; a cluster join shuffles every claim
    claims = contested_claims(every) if isinstance(join, LocalJoin) else claims_frame(every)
    conflicts = find_double_claims(claims, join)
    facts = double_claim_facts(conflicts, projects)
    found: dict[str, list] = {}
    fired: set[int] = set()
    for fact, finding in judge(declared.X_DOUBLE_CLAIM, facts, projects):
        found.setdefault(fact["owner"], []).append(finding)
        fired.add(fact["claim"])
    return found, [conflicts[i] for i in sorted(fired)]


# --------------------------------------------------------------------------- X-enclosure
def enclosure_facts(extracts: Iterable[Extract]) -> list[dict]:
    """One ``x.enclosure`` fact per project the rule applies to, with its developer's counts of
    stale projects — each project judged stale by the declared ``STALE_BY_MONTHS`` /
    ``STALE_BY_DEADLINE`` on its own as-of date — and the listing of those projects."""
    rule, by_months, by_deadline = declared.X_ENCLOSURE, declared.STALE_BY_MONTHS, declared.STALE_BY_DEADLINE
    read = sorted(by_months.fields() | by_deadline.fields())
    params: dict[dt.date, dict | None] = {}
    stale: dict[tuple, tuple[bool, bool]] = {}     # the two conditions over the fields they read, per date
    facts: list[dict] = []
    for e in extracts:
        if not rule.in_force(e.as_of) or not rule.jurisdiction.matches(e.province, e.mechanism, e.methodology):
            continue
        f = enclosure_fact(e)
        if f is None:
            continue
        if e.as_of not in params:
            params[e.as_of] = params_on(rule, e.as_of)
        p = params[e.as_of]
        if p is None:
            continue
        key = (e.as_of, *(f.get(k) for k in read))
        if key not in stale:
            stale[key] = (holds(by_months, f, p), holds(by_deadline, f, p))
        f["_months"], f["_deadline"] = stale[key]
        facts.append(f)
    by_dev: dict[str, list[dict]] = {}
    for f in facts:
        by_dev.setdefault(f["developer_code"], []).append(f)
    for group in by_dev.values():
        stale = sorted((f for f in group if f["_months"] or f["_deadline"]), key=lambda f: f["owner"])
        total = round(sum(f["area_ha"] for f in stale), 4)
        zh, en = [], []
        for f in stale:
            if f["_months"]:
                zh.append(f"{f['owner']}（{f['oldest_months']} 个月，{f['area_ha']:g} 公顷）")
                en.append(f"{f['owner']} ({f['oldest_months']} months, {f['area_ha']:g} ha)")
            else:
                zh.append(f"{f['owner']}（开发期限 {f['deadline']} 已届满，{f['area_ha']:g} 公顷）")
                en.append(f"{f['owner']} (development deadline {f['deadline']} passed, {f['area_ha']:g} ha)")
        counts = dict(stale_projects=len(stale), deadline_projects=sum(1 for f in stale if not f["_months"]),
                      projects_zh="、".join(zh), projects_en=", ".join(en), total_area_ha=f"{total:g}")
        for f in group:
            f.update(counts)
    for f in facts:
        del f["_months"], f["_deadline"]
    return facts


def enclosure(extracts: list[Extract]) -> dict[str, list]:
    """X-enclosure findings per project id."""
    projects = {e.project_id: e for e in extracts}
    return decide(declared.X_ENCLOSURE, enclosure_facts(extracts), projects)


# --------------------------------------------------------------------------- X-overlap
def overlap_facts(extracts: list[Extract]) -> list[dict]:
    """One ``x.overlap`` fact per pair of plots of two projects on the same ground under different
    plot ids (same 不动产单元代码, same county+林班+小班, or polygons overlapping by more than the
    declared GEO.overlap_min_m2 / GEO.overlap_min_pct on the latest as-of date, the prefilter of the
    spatial index; the declared polygon case decides on each project's own date). Same plot id or
    same certificate is X-double-claim's, so it is not a fact here."""
    from compliance.checker import all_params
    from compliance.submission.geometry.overlap import cross_project_overlaps

    with_refs = [e for e in extracts if e.refs]
    if len(with_refs) < 2:
        return []
    known = all_params()
    names = {e.project_id: e.name for e in extracts}

    def value(name, day):
        p = known[name]
        return p.at(day) if p.in_force(day) else p.versions[0][1]

    day = max(e.as_of for e in extracts)
    min_m2, min_pct = float(value("GEO.overlap_min_m2", day)), float(value("GEO.overlap_min_pct", day))
    facts = []
    for m in cross_project_overlaps([e.refs for e in with_refs], min_m2=min_m2, min_share=min_pct / 100):
        if m.tier == "certificate" or (m.a.county, m.a.plot_id) == (m.b.county, m.b.plot_id):
            continue
        other = m.b.project_id
        facts.append({
            "kind": "x.overlap", "owner": m.a.project_id, "path": f"plots[{m.a.index}]", "plot_id": m.a.plot_id,
            "other_plot": m.b.plot_id, "other_project_id": other,
            "other_project": f"项目 {other}（{names.get(other, '')}）", "other_project_en": f"project {other} ({names.get(other, '')})",
            "unit_code": m.a.unit_code, "xiaoban": f"{m.a.county} 林班 {m.a.lin_ban} 小班 {m.a.xiao_ban}",
            "same_unit_code": 1 if m.tier == "unit_code" else 0, "same_xiaoban": 1 if m.tier == "xiaoban" else 0,
            "overlap_m2": round(m.overlap_m2, 1), "overlap_ha": round(m.overlap_m2 / 10000, 4),
            "share_pct": round(m.share * 100, 2),
        })
    return facts


def overlaps(extracts: list[Extract]) -> dict[str, list]:
    """X-overlap findings per project id."""
    return decide(declared.X_OVERLAP, overlap_facts(extracts), {e.project_id: e for e in extracts})


# --------------------------------------------------------------------------- steps
@dataclass
class CrossContext:
    extracts: list[Extract]          # checked projects (they get findings)
    unchecked: list[Extract]         # projects with invalid input: their plots still count as claims
    join: object = LOCAL_JOIN        # .grouped(frame, keys, fn)
    double_claims: list = field(default_factory=list)      # set by the X-double-claim step


Step = Callable[[CrossContext], dict]
STEPS: dict[str, Step] = {}


def register(rule_id: str, step: Step) -> None:
    """Add (or replace) the cross-project step of ``rule_id``; steps run in registration order."""
    STEPS[rule_id] = step


def double_claim_step(ctx: CrossContext) -> dict:
    found, ctx.double_claims = double_claims(ctx.extracts, ctx.unchecked, ctx.join)
    return found


def enclosure_step(ctx: CrossContext) -> dict:
    # one fact per Hunan project with binding agreements; a group-by per developer in this process
    return enclosure(ctx.extracts)


def overlap_step(ctx: CrossContext) -> dict:
    return overlaps(ctx.extracts)


register("X-double-claim", double_claim_step)
register("X-enclosure", enclosure_step)
register("X-overlap", overlap_step)


def run_steps(extracts: list[Extract], unchecked: list[Extract] = (), join=LOCAL_JOIN, match=None) -> tuple[dict, list]:
    """Every registered step's findings per project id, and the double claims found. ``match``
    (``match(rule, params, facts) -> [(action, fact)]``, default ``local_match``): what the steps'
    decisions ask the engine through."""
    ctx = CrossContext(list(extracts), list(unchecked), join)
    out: dict[str, list] = {}
    token = _MATCH.set(match)
    try:
        for step in STEPS.values():
            for pid, fs in step(ctx).items():
                out.setdefault(pid, []).extend(fs)
    finally:
        _MATCH.reset(token)
    return out, ctx.double_claims


def portfolio_findings(extracts: list[Extract], unchecked: list[Extract] = (), join=LOCAL_JOIN, match=None
                       ) -> tuple[dict[str, list], list[DoubleClaim]]:
    """All cross-project findings per project id, and the double claims that became findings.
    ``unchecked``: projects with invalid input, whose plots still count as claims but which get
    no findings (the project library and the feature steps call this; a batch goes through the
    backend's ``cross``, the same steps). ``match``: see ``run_steps``."""
    return run_steps(extracts, unchecked, join, match)
