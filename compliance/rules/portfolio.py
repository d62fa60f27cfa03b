"""Cross-project rules (RULES.md "Across a portfolio"): declared once, decided with pandas.

These rules compare projects with each other, so they are not single-project rules: the
checker does not discover them (no ``RULESET`` here). Each is a ``compliance.rules.base.Rule``
with its citation, severity, zh/en messages and fix, listed in ``PORTFOLIO_RULES`` so the
catalogue can show them; the conditions written in ``when`` document what the pandas step
decides, and every finding is made by ``compliance.checker.explain`` from a prepared fact, like
the engine's.

- X-double-claim: the same plot (county code + plot id, or the same rights certificate) is
  claimed by two projects of the portfolio, or by a project and another project's declared
  other registration (``project.other_registrations`` naming a portfolio project): an error on
  every project involved, naming the others and their mechanisms. A registration in an outside
  mechanism that only the project itself declares is a single-project matter (CCER-48-unique,
  SC-5.1-unique); it is listed among the others when a second portfolio project claims the plot.
  The plots of a project whose input is invalid still count as claims (its rows are read as far
  as they go), so a valid project is told of a plot it shares with it.
- X-enclosure: a developer holds stale claims — development/transfer agreements signed more
  than ``HN.enclosure_months`` months before the as-of date while the project has not reached
  design — over two or more Hunan projects: a warning on each, with the total area.

Both are found with joins and group-bys over one row per claim, never with a loop over pairs
of projects.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from compliance.rules.base import Case, Citation, F, Jurisdiction, P, Rule, rule
from compliance.reference.vocab import Mechanism, Severity, Stage

MEAS_DOC = "温室气体自愿减排交易管理办法（试行）"
MEAS_48 = Citation(MEAS_DOC, "第四十八条")
SC_UNIQUE = Citation("川林发〔2024〕3号", "三(一) 唯一性")
HN_14 = Citation("湘林基〔2025〕5号", "第十四条")
HN_14_1 = Citation("湘林基〔2025〕5号", "第十四条第一款")
MEAS_FROM = dt.date(2023, 10, 20)
HN_WINDOW = (dt.date(2026, 2, 1), dt.date(2028, 1, 31))
ENCLOSURE_PARAM = "HN.enclosure_months"

ERROR, WARNING = Severity.ERROR, Severity.WARNING

X_DOUBLE_CLAIM = rule(
    "X-double-claim", ("同一地块不得重复申报（跨项目、跨机制）", "no plot claimed twice (across projects and mechanisms)"),
    MEAS_48, "x.double_claim", source="X", window=(MEAS_FROM, dt.date.max),
    also_cites=(SC_UNIQUE, HN_14),
    cases=[
        Case("plot", F.same_plot_claims > 0, ERROR,
             "地块 {plot_id}（{county_name}）同时由{others_zh}申报：同一地块（县级区划代码 + 小班号）不得在两个项目或两个减排机制中重复申报",
             "plot {plot_id} ({county_name}) is also claimed by {others_en}: the same plot (county code + plot id) must not be claimed "
             "in two projects or two mechanisms",
             "核实地块的实际权属和申报情况，从其中一个项目中移出该地块；如另一登记已注销，在 other_registrations 中注明 status: cancelled",
             "establish which project really holds the plot and remove it from the other; if the other registration was cancelled, "
             "record it with status: cancelled in other_registrations",
             at="id", show=("county", "other_projects")),
        Case("certificate", F.same_certificate_claims > 0, ERROR,
             "地块 {plot_id} 的林权证书 {certificate} 也用于{others_zh}的地块 {other_plots}：同一权属证书下的林地被重复申报",
             "the rights certificate {certificate} of plot {plot_id} is also used by {others_en} for plot(s) {other_plots}: "
             "land under one certificate is claimed twice",
             "核对不动产权证书与小班的对应关系：同一证书的林地只能在一个项目中申报",
             "check which plots the certificate covers: land under one certificate may be claimed in one project only",
             at="certificate", show=("county", "other_projects")),
        Case("declared", F.declared_claims > 0, ERROR,
             "{others_zh}在其他机制登记（other_registrations）中声明地块 {plot_id}（{county_name}）已在本项目登记，但本项目的地块清单中没有该地块：同一地块在两个机制中申报",
             "{others_en} declares in its other_registrations that plot {plot_id} ({county_name}) is registered in this project, "
             "which does not list the plot: the same plot is claimed in two mechanisms",
             "与对方项目核对该地块的登记情况，更正对方的 other_registrations 或本项目的地块清单",
             "reconcile the plot's registrations with the other project: correct its other_registrations or this project's plots",
             show=("county", "other_projects")),
    ],
)

X_ENCLOSURE = rule(
    "X-enclosure", ("开发主体跨项目疑似圈占资源", "a developer's stale claims across projects (suspected enclosure)"),
    HN_14_1, "x.enclosure", source="X", jurisdiction=Jurisdiction(provinces=("43",)), window=HN_WINDOW,
    also_cites=(Citation("农村土地承包法", "第四十二条"),),
    when=(F.oldest_months > P(ENCLOSURE_PARAM)) & (F.reached_design == False) & (F.stale_projects >= 2),
    severity=WARNING,
    message=("开发主体 {developer} 在 {stale_projects} 个项目中签订开发或流转协议后超过 {p[HN.enclosure_months]} 个月仍未进入设计阶段"
             "（{projects_zh}），合计面积 {total_area_ha} 公顷：疑似以开发为名跨项目圈定、控制林业碳汇资源",
             "developer {developer} signed development or transfer agreements more than {p[HN.enclosure_months]} months ago in "
             "{stale_projects} projects that have not reached design ({projects_en}), {total_area_ha} ha in total: "
             "suspected enclosure of carbon-sink resources across projects"),
    fix=("县市区林业主管部门应逐项目核查并告知林业碳汇资源权益人；开发主体应推进设计或依约将权利返还权利人",
         "the county forestry authorities should investigate each project and notify the rights holders; the developer should "
         "proceed to design or return the rights as agreed"),
    show=("projects_zh", "total_area_ha", "developer_code"),
)

def _x_overlap() -> Rule:
    from compliance.rules.spatial import X_OVERLAP

    return X_OVERLAP


X_OVERLAP = _x_overlap()      # declared with the GEO rules (compliance/rules/spatial.py)
PORTFOLIO_RULES: list[Rule] = [X_DOUBLE_CLAIM, X_ENCLOSURE, X_OVERLAP]


# --------------------------------------------------------------------------- inputs
@dataclass
class Extract:
    """What the cross-project rules need from one checked project (computed in the worker)."""

    project_id: str
    name: str
    province: str
    mechanism: str
    methodology: str
    stage_order: int
    as_of: dt.date
    developer_key: str
    developer_name: str
    plots: list[tuple[str, str, str, float]] = field(default_factory=list)     # county, plot id, certificate, area
    registrations: list[tuple[str, str, str, list[int]]] = field(default_factory=list)   # mechanism, id, status, plot indexes
    agreements: list[tuple[int, str, str, int]] = field(default_factory=list)  # index, kind, signed, months since signed
    refs: list = field(default_factory=list)    # geometry.overlap.PlotRef per plot, when plots carry polygons or 小班 keys

    @property
    def area_ha(self) -> float:
        return round(sum(p[3] for p in self.plots), 4)

    def principal_county(self) -> str:
        by: dict[str, float] = {}
        for county, _, _, area in self.plots:
            by[county] = by.get(county, 0.0) + area
        return max(sorted(by), key=lambda c: by[c]) if by else ""


def months_started(start: dt.date, end: dt.date) -> int:
    """Months begun between two dates (exactly 24 months -> 24, one day more -> 25), as HN-14-enclosure counts them."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day > start.day:
        months += 1
    return max(months, 0)


STALE_KINDS = ("development", "transfer", "tripartite")


def extract(sub, as_of: dt.date) -> Extract:
    from compliance.submission.workbook import normalise_certificate

    pr = sub.project
    index = {p.id: i for i, p in enumerate(sub.plots)}
    regs = [(r.mechanism.value, r.id, r.status, [index[x] for x in r.plots if x in index]) for r in pr.other_registrations]
    agreements = []
    for i, a in enumerate(sub.agreements):
        if a.kind.value in STALE_KINDS and a.signed is not None and a.signed <= as_of:
            agreements.append((i, a.kind.value, a.signed.isoformat(), months_started(a.signed, as_of)))
    dev = sub.developer
    from compliance.submission import geometry

    refs = []
    if geometry.has_geometry(sub) or any(p.unit_code or (p.lin_ban and p.xiao_ban) for p in sub.plots):
        from compliance.submission.geometry.overlap import plot_refs

        refs = plot_refs(sub)
    return Extract(
        pr.id, pr.name, pr.province.value, pr.mechanism.value, pr.methodology or "", pr.stage.order, as_of,
        (dev.code or dev.name).strip(), dev.name,
        [(p.county, p.id, normalise_certificate(p.certificate), float(p.area_ha)) for p in sub.plots],
        regs, agreements, refs,
    )


def extract_unchecked(project_id: str, data: dict) -> Extract:
    """The plots of a project whose input is invalid, read as far as they can be: its plots still
    count as claims, so a valid project claiming the same plot is told so (the invalid one gets no
    report until its input is fixed)."""
    from compliance.submission.workbook import normalise_certificate

    head = data.get("project") or {}
    m = Mechanism.lookup(str(head.get("mechanism") or ""))
    plots = []
    for p in data.get("plots") or []:
        county, pid = p.get("county"), p.get("id")
        if county is None or pid is None:
            continue
        plots.append((str(county).strip(), str(pid).strip(), normalise_certificate(p.get("certificate")), 0.0))
    return Extract(project_id, str(head.get("name") or ""), "", m.value if m else str(head.get("mechanism") or ""),
                   "", -1, dt.date.min, "", "", plots, [], [])


# --------------------------------------------------------------------------- X-double-claim
CLAIM_COLUMNS = ["owner", "entity", "entity_mech", "is_project", "county", "plot_id", "cert", "path", "prio"]
LIVE_STATUS = ("registered", "applied")
SINGLE_PROJECT_UNIQUENESS = ("CCER", "SCPH")   # mechanisms whose own rules judge outside registrations


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


@dataclass
class DoubleClaim:
    owner: str
    path: str               # plots[i], or project for a declared claim
    case: str               # plot | certificate | declared
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
    """Every project's double claims, one per (project, plot) and kind of match. ``join`` does
    the keyed joins (``LocalJoin`` here; ``backends.dask.DaskJoin`` shuffles them on a cluster)."""
    out: dict[tuple[str, str, str], DoubleClaim] = {}
    best: dict[tuple[str, str, str], int] = {}
    same_plot: set[tuple[str, str, str, str]] = set()     # (owner, county, plot id, other)

    def collect(pairs, case_of):
        for r in pairs.itertuples(index=False):
            key = (r.owner, r.county, r.plot_id)
            case = case_of(r)
            k = (*key, case)
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
    for r in plot_pairs.itertuples(index=False):
        same_plot.add((r.owner, r.county, r.plot_id, r.o_entity))
    collect(plot_pairs, lambda r: "declared" if r.prio == 2 else "plot")
    cert_pairs = claim_pairs(claims, ["cert"], join)
    if len(cert_pairs):
        keep = [(o, c, p, e) not in same_plot and p != op
                for o, c, p, e, op in zip(cert_pairs["owner"], cert_pairs["county"], cert_pairs["plot_id"],
                                          cert_pairs["o_entity"], cert_pairs["o_plot"])]
        collect(cert_pairs[keep], lambda r: "certificate")
    # a double claim needs a second portfolio project, or an outside registration in another
    # mechanism that no single-project rule judges: CCER-48-unique covers CCER projects and
    # SC-5.1-unique 林草碳普惠 ones; for 湘林碳票, VCS, GS … projects this rule is the only guard
    owner_mech = dict(zip(claims.loc[claims["is_project"] & (claims["entity"] == claims["owner"]), "owner"],
                          claims.loc[claims["is_project"] & (claims["entity"] == claims["owner"]), "entity_mech"]))

    def counts(dc):
        mine = owner_mech.get(dc.owner, "")
        return any(o[2] or (mine not in SINGLE_PROJECT_UNIQUENESS and o[1] != mine) for o in dc.others)

    found = [dc for dc in out.values() if counts(dc)]
    # a plot matched as 'plot' and 'declared' for one owner is reported once, as 'plot'
    plots = {(dc.owner, dc.county, dc.plot_id) for dc in found if dc.case == "plot"}
    found = [dc for dc in found if not (dc.case == "declared" and (dc.owner, dc.county, dc.plot_id) in plots)]
    for dc in found:
        dc.others.sort()
        dc.other_plots.sort()
    found.sort(key=lambda d: (d.owner, d.path, d.case))
    return found


def _mech_label(code: str, lang: str) -> str:
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


def double_claim_findings(claims: list[DoubleClaim], as_of_of: dict[str, dt.date]) -> dict[str, list]:
    """Findings per project id (only where the rule is in force on the project's as-of date)."""
    from compliance.reference import divisions
    from compliance.checker import explain

    out: dict[str, list] = {}
    for dc in claims:
        as_of = as_of_of.get(dc.owner)
        if as_of is None or not X_DOUBLE_CLAIM.in_force(as_of):
            continue
        n = len(dc.others)
        fact = {
            "kind": "x.double_claim", "path": dc.path, "plot_id": dc.plot_id, "county": dc.county,
            "county_name": divisions.full_name(dc.county), "certificate": dc.cert,
            "others_zh": _others_text(dc.others, "zh"), "others_en": _others_text(dc.others, "en"),
            "other_projects": ", ".join(o[0] for o in dc.others),
            "other_plots": ", ".join(dc.other_plots),
            "same_plot_claims": n if dc.case == "plot" else 0,
            "same_certificate_claims": n if dc.case == "certificate" else 0,
            "declared_claims": n if dc.case == "declared" else 0,
        }
        out.setdefault(dc.owner, []).append(explain(X_DOUBLE_CLAIM, dc.case, fact, {}))
    return out


# --------------------------------------------------------------------------- X-enclosure
def enclosure_param(as_of: dt.date) -> Optional[int]:
    """HN.enclosure_months on the as-of date, read from the Hunan declarations (None: not in force)."""
    from compliance.checker import all_params

    p = all_params().get(ENCLOSURE_PARAM)
    if p is None or not p.in_force(as_of):
        return None
    return p.at(as_of)


def find_enclosure(extracts: Iterable[Extract]) -> dict[str, list]:
    """Findings per project id: a developer's stale claims over two or more projects."""
    import pandas as pd

    from compliance.checker import explain

    rows: dict[str, list] = {k: [] for k in ("project", "developer", "developer_name", "area", "months", "stage_order", "threshold")}
    thresholds: dict[dt.date, Optional[int]] = {}
    for e in extracts:
        if not e.agreements or not X_ENCLOSURE.in_force(e.as_of) \
                or not X_ENCLOSURE.jurisdiction.matches(e.province, e.mechanism, e.methodology):
            continue
        if e.as_of not in thresholds:
            thresholds[e.as_of] = enclosure_param(e.as_of)
        t = thresholds[e.as_of]
        if t is None:
            continue
        area = e.area_ha
        for _, _, _, months in e.agreements:
            rows["project"].append(e.project_id)
            rows["developer"].append(e.developer_key)
            rows["developer_name"].append(e.developer_name)
            rows["area"].append(area)
            rows["months"].append(months)
            rows["stage_order"].append(e.stage_order)
            rows["threshold"].append(t)
    df = pd.DataFrame(rows)
    if df.empty:
        return {}
    stale = df[(df["months"] > df["threshold"]) & (df["stage_order"] < Stage.DESIGN.order)]
    if stale.empty:
        return {}
    per_project = stale.groupby(["developer", "project"], sort=False).agg(
        developer_name=("developer_name", "first"), area=("area", "first"), months=("months", "max"),
        threshold=("threshold", "first")).reset_index()
    counts = per_project.groupby("developer")["project"].transform("nunique")
    many = per_project[counts >= 2]
    out: dict[str, list] = {}
    for dev, group in many.groupby("developer", sort=True):
        group = group.sort_values("project")
        total = round(float(group["area"].sum()), 4)
        listing_zh = "、".join(f"{p}（{m} 个月，{a:g} 公顷）" for p, m, a in zip(group["project"], group["months"], group["area"]))
        listing_en = ", ".join(f"{p} ({m} months, {a:g} ha)" for p, m, a in zip(group["project"], group["months"], group["area"]))
        for r in group.itertuples(index=False):
            fact = {
                "kind": "x.enclosure", "path": "developer", "developer": r.developer_name, "developer_code": dev,
                "stale_projects": len(group), "projects_zh": listing_zh, "projects_en": listing_en,
                "total_area_ha": f"{total:g}", "oldest_months": int(r.months), "reached_design": False,
            }
            params = {ENCLOSURE_PARAM: int(r.threshold)}
            out.setdefault(r.project, []).append(explain(X_ENCLOSURE, "main", fact, params))
    return out


def portfolio_findings(extracts: list[Extract], unchecked: list[Extract] = (), join=LOCAL_JOIN
                       ) -> tuple[dict[str, list], list[DoubleClaim]]:
    """All cross-project findings per project id, and the double claims found. ``unchecked``:
    projects with invalid input, whose plots still count as claims but which get no findings.
    ``join`` runs the keyed joins (``LocalJoin``). A batch run goes through
    ``compliance.portfolio.cross``, which runs the same steps and lets the join run on a cluster."""
    claims = find_double_claims(claims_frame([*extracts, *unchecked]), join)
    as_of_of = {e.project_id: e.as_of for e in extracts}
    out = double_claim_findings(claims, as_of_of)
    for pid, fs in find_enclosure(extracts).items():
        out.setdefault(pid, []).extend(fs)
    for pid, fs in overlap_findings(extracts).items():
        out.setdefault(pid, []).extend(fs)
    return out, claims


# --------------------------------------------------------------------------- X-overlap
def overlap_findings(extracts: list[Extract]) -> dict[str, list]:
    """X-overlap per project id: plots of two projects on the same ground under different plot
    ids (same 不动产单元代码, same county+林班+小班, or overlapping polygons). Same plot id or
    same certificate is X-double-claim's, so it is not reported twice."""
    from ..checker import all_params, explain
    from compliance.submission.geometry.overlap import cross_project_overlaps

    with_refs = [e for e in extracts if e.refs]
    if len(with_refs) < 2:
        return {}
    declared = all_params()
    names = {e.project_id: e.name for e in extracts}
    as_of = {e.project_id: e.as_of for e in extracts}

    def value(name, day):
        p = declared[name]
        return p.at(day) if p.in_force(day) else p.versions[0][1]

    day = max(as_of.values())
    min_m2, min_pct = float(value("GEO.overlap_min_m2", day)), float(value("GEO.overlap_min_pct", day))
    matches = cross_project_overlaps([e.refs for e in with_refs], min_m2=min_m2, min_share=min_pct / 100)
    out: dict[str, list] = {}
    for m in matches:
        if m.tier == "certificate" or (m.a.county, m.a.plot_id) == (m.b.county, m.b.plot_id):
            continue
        if not X_OVERLAP.in_force(as_of[m.a.project_id]):
            continue
        other = m.b.project_id
        fact = {
            "kind": "x.overlap", "path": f"plots[{m.a.index}]", "plot_id": m.a.plot_id, "other_plot": m.b.plot_id,
            "other_project_id": other,
            "other_project": f"项目 {other}（{names.get(other, '')}）", "other_project_en": f"project {other} ({names.get(other, '')})",
            "unit_code": m.a.unit_code, "xiaoban": f"{m.a.county} 林班 {m.a.lin_ban} 小班 {m.a.xiao_ban}",
            "same_unit_code": 1 if m.tier == "unit_code" else 0, "same_xiaoban": 1 if m.tier == "xiaoban" else 0,
            "overlap_m2": round(m.overlap_m2, 1), "overlap_ha": round(m.overlap_m2 / 10000, 4),
            "share_pct": round(m.share * 100, 2),
        }
        case = {"unit_code": "unit_code", "xiaoban": "xiaoban", "polygon": "polygon"}[m.tier]
        params = {"GEO.overlap_min_m2": min_m2, "GEO.overlap_min_pct": min_pct}
        out.setdefault(m.a.project_id, []).append(explain(X_OVERLAP, case, fact, params))
    return out


def catalogue_entries() -> list[dict[str, Any]]:
    """The cross-project rules in the shape a catalogue lists (id, title, citation, severities)."""
    return [{"id": r.id, "title_zh": r.title_zh, "title_en": r.title_en, "citation": r.citation.text(),
             "also_cites": [c.text() for c in r.also_cites], "severities": [s.value for s in r.severities()],
             "fact": r.fact, "basis": r.basis} for r in PORTFOLIO_RULES]
