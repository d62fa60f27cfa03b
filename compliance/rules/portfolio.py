"""Cross-project rules (RULES.md "Across a portfolio"): declared once, decided by their declarations.

These rules compare projects with each other, so they are not single-project rules: the
checker does not discover them (no ``RULESET`` here). Each is a ``compliance.rules.base.Rule``
with its citation, severity, zh/en messages and fix, listed in ``PORTFOLIO_RULES`` so the
catalogue can show them, and the fact fields their conditions read are declared in
``PORTFOLIO_FACTS`` with their meaning and article.

The cross-project step (``compliance.portfolio.cross``) only *finds* conflicts — joins and
group-bys over one row per claim, never a loop over pairs of projects — and turns each into a
fact of the kind below; the conditions declared here decide, through the engine like every
other rule, which case (if any) holds. Change a condition or a parameter here and the outcome
changes; nothing in the step repeats them.

- X-double-claim (``x.double_claim``, one fact per project and claimed plot or certificate that
  someone else claims too): the same plot (county code + plot id, or the same rights certificate)
  is claimed by two projects of the portfolio, or by a project and another project's declared
  other registration (``project.other_registrations`` naming a portfolio project): an error on
  every project involved, naming the others and their mechanisms. A registration in an outside
  mechanism counts only for projects whose own mechanism has no single-project uniqueness rule
  (CCER-48-unique judges CCER projects, SC-5.1-unique 林草碳普惠 ones); it is listed among the others
  when a second portfolio project claims the plot. The plots of a project whose input is invalid
  still count as claims (its rows are read as far as they go), so a valid project is told of a
  plot it shares with it.
- X-enclosure (``x.enclosure``, one fact per Hunan project with agreements binding development): a
  developer holds stale claims (HN-14-enclosure: agreements signed more than
  ``HN.enclosure_months`` months before the as-of date, or whose agreed development deadline has
  passed, while the project has not reached design) over two or more projects: a warning on each,
  with the total area.
- X-overlap (declared with the GEO rules in ``compliance.rules.spatial``, ``x.overlap``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from compliance.rules._enclosure import BINDING, PROMISED, months_started
from compliance.rules.base import Case, Citation, F, Jurisdiction, P, Rule, fact_kind, rule
from compliance.rules.spatial import SC_64
from compliance.reference.vocab import Mechanism, Severity

MEAS_DOC = "温室气体自愿减排交易管理办法（试行）"
MEAS_48 = Citation(MEAS_DOC, "第四十八条")
HN_14 = Citation("湘林基〔2025〕5号", "第十四条")
HN_14_1 = Citation("湘林基〔2025〕5号", "第十四条第一款")
MEAS_FROM = dt.date(2023, 10, 20)
HN_WINDOW = (dt.date(2026, 2, 1), dt.date(2028, 1, 31))
ENCLOSURE_PARAM = "HN.enclosure_months"

ERROR, WARNING = Severity.ERROR, Severity.WARNING

# --------------------------------------------------------------------------- X-double-claim
# A claim by someone else counts when it is another project of the portfolio, or an outside
# registration in another mechanism for a project whose mechanism has no single-project uniqueness
# rule of its own (CCER-48-unique judges CCER projects, SC-5.1-unique 林草碳普惠 ones; for 湘林碳票,
# VCS, GS … projects this rule is the only guard).
COUNTED = (F.portfolio_claims > 0) | ((F.other_mechanism_claims > 0) & (F.mechanism != Mechanism.CCER.value)
                                      & (F.mechanism != Mechanism.SCPH.value))

X_DOUBLE_CLAIM = rule(
    "X-double-claim", ("同一地块不得重复申报（跨项目、跨机制）", "no plot claimed twice (across projects and mechanisms)"),
    MEAS_48, "x.double_claim", source="X", window=(MEAS_FROM, dt.date.max),
    also_cites=(SC_64, HN_14),   # 川林发 六(四): plot eligibility review against 无序圈占 (三(一) is about methodologies)
    cases=[
        Case("plot", (F.same_plot_claims > 0) & COUNTED, ERROR,
             "地块 {plot_id}（{county_name}）同时由{others_zh}申报：同一地块（县级区划代码 + 小班号）不得在两个项目或两个减排机制中重复申报",
             "plot {plot_id} ({county_name}) is also claimed by {others_en}: the same plot (county code + plot id) must not be claimed "
             "in two projects or two mechanisms",
             "核实地块的实际权属和申报情况，从其中一个项目中移出该地块；如另一登记已注销，在 other_registrations 中注明 status: cancelled",
             "establish which project really holds the plot and remove it from the other; if the other registration was cancelled, "
             "record it with status: cancelled in other_registrations",
             at="id", show=("county", "other_projects")),
        Case("certificate", (F.same_certificate_claims > 0) & COUNTED, ERROR,
             "地块 {plot_id} 的林权证书 {certificate} 也用于{others_zh}的地块 {other_plots}：同一权属证书下的林地被重复申报",
             "the rights certificate {certificate} of plot {plot_id} is also used by {others_en} for plot(s) {other_plots}: "
             "land under one certificate is claimed twice",
             "核对不动产权证书与小班的对应关系：同一证书的林地只能在一个项目中申报",
             "check which plots the certificate covers: land under one certificate may be claimed in one project only",
             at="certificate", show=("county", "other_projects")),
        Case("declared", (F.declared_claims > 0) & (F.listed == False) & COUNTED, ERROR,  # noqa: E712
             "{others_zh}在其他机制登记（other_registrations）中声明地块 {plot_id}（{county_name}）已在本项目登记，但本项目的地块清单中没有该地块：同一地块在两个机制中申报",
             "{others_en} declares in its other_registrations that plot {plot_id} ({county_name}) is registered in this project, "
             "which does not list the plot: the same plot is claimed in two mechanisms",
             "与对方项目核对该地块的登记情况，更正对方的 other_registrations 或本项目的地块清单",
             "reconcile the plot's registrations with the other project: correct its other_registrations or this project's plots",
             show=("county", "other_projects")),
    ],
)

# --------------------------------------------------------------------------- X-enclosure
# a project's own stale claim (HN-14-enclosure's two cases, over the project's oldest binding agreement)
STALE_BY_MONTHS = (F.oldest_months > P(ENCLOSURE_PARAM)) & (F.reached_design == False)  # noqa: E712
STALE_BY_DEADLINE = (F.deadline_passed == True) & (F.reached_design == False)  # noqa: E712
STALE = STALE_BY_MONTHS | STALE_BY_DEADLINE

_ENCLOSURE_FIX = ("县市区林业主管部门应逐项目核查并告知林业碳汇资源权益人；开发主体应推进设计或依约将权利返还权利人",
                  "the county forestry authorities should investigate each project and notify the rights holders; the developer "
                  "should proceed to design or return the rights as agreed")

X_ENCLOSURE = rule(
    "X-enclosure", ("开发主体跨项目疑似圈占资源", "a developer's stale claims across projects (suspected enclosure)"),
    HN_14_1, "x.enclosure", source="X", jurisdiction=Jurisdiction(provinces=("43",)), window=HN_WINDOW,
    also_cites=(Citation("农村土地承包法", "第四十二条"),),
    cases=[
        Case("main", STALE_BY_MONTHS & (F.stale_projects >= 2) & (F.deadline_projects == 0), WARNING,
             "开发主体 {developer} 在 {stale_projects} 个项目中签订开发或流转协议后超过 {p[HN.enclosure_months]} 个月仍未进入设计阶段"
             "（{projects_zh}），合计面积 {total_area_ha} 公顷：疑似以开发为名跨项目圈定、控制林业碳汇资源",
             "developer {developer} signed development or transfer agreements more than {p[HN.enclosure_months]} months ago in "
             "{stale_projects} projects that have not reached design ({projects_en}), {total_area_ha} ha in total: "
             "suspected enclosure of carbon-sink resources across projects",
             *_ENCLOSURE_FIX, show=("projects_zh", "total_area_ha", "developer_code")),
        # RULES.md (December 2026 corrections): HN-14-enclosure's missed development deadline is a stale claim too
        Case("deadline_missed", STALE & (F.stale_projects >= 2) & (F.deadline_projects > 0), WARNING,
             "开发主体 {developer} 在 {stale_projects} 个项目中签订开发或流转协议后超过 {p[HN.enclosure_months]} 个月、"
             "或约定的开发期限已届满，仍未进入设计阶段（{projects_zh}），合计面积 {total_area_ha} 公顷：疑似以开发为名跨项目圈定、控制林业碳汇资源",
             "developer {developer} holds development or transfer agreements in {stale_projects} projects that have not reached "
             "design although they were signed more than {p[HN.enclosure_months]} months ago or their agreed development deadline "
             "has passed ({projects_en}), {total_area_ha} ha in total: suspected enclosure of carbon-sink resources across projects",
             *_ENCLOSURE_FIX, show=("projects_zh", "total_area_ha", "developer_code", "deadline")),
    ],
)


def _x_overlap() -> Rule:
    from compliance.rules.spatial import X_OVERLAP

    return X_OVERLAP


X_OVERLAP = _x_overlap()      # declared with the GEO rules (compliance.rules.spatial)
PORTFOLIO_RULES: list[Rule] = [X_DOUBLE_CLAIM, X_ENCLOSURE, X_OVERLAP]

# --------------------------------------------------------------------------- fact fields
PORTFOLIO_FACTS = (
    fact_kind(
        "x.double_claim",
        same_plot_claims=("同一地块（县级区划代码 + 小班号）的其他申报数：组合中其他项目或其他机制的登记", "other claims of the same plot "
                          "(county code + plot id): other portfolio projects or registrations in other mechanisms", "第四十八条"),
        same_certificate_claims=("同一林权证书下其他地块的其他项目申报数", "other projects' claims of other plots under the same rights "
                                 "certificate", "第四十八条；川林发 六(四)"),
        declared_claims=("其他项目在 other_registrations 中声明该地块已在本项目登记的次数", "other projects declaring in their "
                         "other_registrations that the plot is registered in this project", "第四十八条"),
        listed=("本项目的地块清单列有该地块", "this project lists the plot among its plots", "第四十八条"),
        county=("地块的县级区划代码", "the plot's county code", "第四十八条"),
        other_projects=("申报同一地块或证书的其他项目（或其他机制的登记）编号", "ids of the other projects (or other mechanisms' "
                        "registrations) claiming the plot or certificate", "第四十八条"),
        portfolio_claims=("申报同一地块（或同一证书）的组合内其他项目数", "other projects of the portfolio claiming the plot (or the "
                          "certificate)", "第四十八条"),
        other_mechanism_claims=("申报同一地块的外部登记中、与本项目机制不同者的数目", "registrations outside the portfolio, in a mechanism "
                                "other than this project's, claiming the plot", "第四十八条；湘林基 第十四条"),
        mechanism=("本项目的减排机制（CCER 由 CCER-48-unique、林草碳普惠 由 SC-5.1-unique 判断其自身的外部登记）", "this project's "
                   "mechanism (CCER-48-unique judges a CCER project's own outside registrations, SC-5.1-unique a 林草碳普惠 one's)",
                   "第四十八条；川林发 六(四)"),
    ),
    fact_kind(
        "x.enclosure",
        oldest_months=("本项目最早签订的开发、流转或三方协议至判定日已开始的月数", "months begun since this project's oldest development, "
                       "transfer or tripartite agreement was signed", "第十四条第一款；农村土地承包法 第四十二条"),
        reached_design=("项目已达到设计阶段", "the project has reached design", "第十四条第一款"),
        deadline_passed=("本项目协议约定的开发期限已届满", "a development deadline agreed in this project's agreements has passed",
                         "第十四条第一款"),
        stale_projects=("同一开发主体名下疑似圈占的项目数（签约超过月数或开发期限届满，且未达设计阶段）", "projects of the same developer "
                        "with a stale claim (signed more than the months ago, or deadline passed, without reaching design)",
                        "第十四条第一款"),
        deadline_projects=("其中仅因约定开发期限届满而疑似圈占的项目数", "of those, projects stale only because an agreed development "
                           "deadline has passed", "第十四条第一款"),
        deadline=("已届满的约定开发期限（最早者）", "the agreed development deadline that has passed (the earliest)", "第十四条第一款"),
        developer_code=("开发主体的统一社会信用代码（无则名称）", "the developer's unified social credit code (its name when none)",
                        "第十四条第一款"),
        projects_zh=("疑似圈占的项目清单", "the projects with a stale claim", "第十四条第一款"),
        total_area_ha=("这些项目的合计面积（公顷）", "the total area of those projects (ha)", "第十四条第一款"),
    ),
    fact_kind(
        "x.overlap",
        same_unit_code=("与另一项目的地块不动产单元代码相同", "the plot has the same real-estate unit code as another project's plot",
                        "第四十八条"),
        same_xiaoban=("与另一项目的地块为同一县、林班、小班（地块号不同）", "the plot is the same county, 林班 and 小班 as another project's "
                      "plot (under another plot id)", "第四十八条"),
        overlap_m2=("与另一项目地块在实地重叠部分的椭球面积（m²）", "geodesic area shared on the ground with another project's plot (m²)",
                    "第四十八条"),
        share_pct=("重叠面积占两地块中较小者面积的比例（%）", "the overlap as a share of the smaller of the two plots (%)", "第四十八条"),
        other_project_id=("与之重叠的另一项目编号", "id of the other project it overlaps", "第四十八条"),
    ),
)


# --------------------------------------------------------------------------- what each project contributes
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
    deadlines: list[tuple[int, str]] = field(default_factory=list)   # index, agreed development deadline (ISO) of binding agreements

    @property
    def area_ha(self) -> float:
        return round(sum(p[3] for p in self.plots), 4)

    def __reduce__(self):
        """Pickled compactly (the worker sends one per project to the parent): the plot refs as plain
        tuples without the per-ref field names, project id and name, instead of one dataclass each
        (a 20-plot project's extract was ~1.8 KB, most of it the refs)."""
        return (_rebuild_extract, (self.project_id, self.name, self.province, self.mechanism, self.methodology,
                                   self.stage_order, self.as_of, self.developer_key, self.developer_name, self.plots,
                                   self.registrations, self.agreements, _pack_refs(self.refs), self.deadlines))

    def principal_county(self) -> str:
        by: dict[str, float] = {}
        for county, _, _, area in self.plots:
            by[county] = by.get(county, 0.0) + area
        return max(sorted(by), key=lambda c: by[c]) if by else ""


_REF_FIELDS = ("index", "plot_id", "county", "certificate", "unit_code", "lin_ban", "xiao_ban", "geometry", "area_m2")


def _pack_refs(refs: list) -> tuple:
    """(project id, project name, [per-ref field tuples]); refs whose class or project differs from the
    first one's are kept as they are (None marks "as they are")."""
    if not refs:
        return ("", "", refs, None)
    from compliance.submission.geometry.overlap import PlotRef

    first = refs[0]
    pid, pname = getattr(first, "project_id", None), getattr(first, "project_name", None)
    if not all(type(r) is PlotRef and r.project_id == pid and r.project_name == pname
               and len(r.__dict__) == len(_REF_FIELDS) + 2 for r in refs):
        return ("", "", refs, None)
    return (pid, pname, [tuple(r.__dict__[f] for f in _REF_FIELDS) for r in refs], True)


def _unpack_refs(packed: tuple) -> list:
    pid, pname, rows, packed_ = packed
    if packed_ is None:
        return rows
    from compliance.submission.geometry.overlap import PlotRef

    return [PlotRef(pid, i, plot_id, county, cert, unit, lb, xb, geom, area, pname)
            for i, plot_id, county, cert, unit, lb, xb, geom, area in rows]


def _rebuild_extract(project_id, name, province, mechanism, methodology, stage_order, as_of, developer_key,
                     developer_name, plots, registrations, agreements, refs, deadlines) -> "Extract":
    return Extract(project_id, name, province, mechanism, methodology, stage_order, as_of, developer_key,
                   developer_name, plots, registrations, agreements, _unpack_refs(refs), deadlines)


STALE_KINDS = tuple(k.value for k in BINDING)
PROMISED_ORDER = PROMISED.order


def extract(sub, as_of: dt.date) -> Extract:
    from compliance.submission.workbook import normalise_certificate

    pr = sub.project
    index = {p.id: i for i, p in enumerate(sub.plots)}
    regs = [(r.mechanism.value, r.id, r.status, [index[x] for x in r.plots if x in index]) for r in pr.other_registrations]
    agreements, deadlines = [], []
    for i, a in enumerate(sub.agreements):
        if a.kind.value not in STALE_KINDS:
            continue
        if a.signed is not None and a.signed <= as_of:
            agreements.append((i, a.kind.value, a.signed.isoformat(), months_started(a.signed, as_of)))
        deadline = getattr(a, "development_deadline", None)
        if deadline is not None:
            deadlines.append((i, deadline.isoformat()))
    dev = sub.developer
    from compliance.submission import geometry

    certificates: dict = {}       # the plots of one holder mostly share one certificate: normalised once

    def certificate(v):
        c = certificates.get(v)
        if c is None:
            c = certificates[v] = normalise_certificate(v)
        return c

    refs = []
    if geometry.has_geometry(sub) or any(p.unit_code or (p.lin_ban and p.xiao_ban) for p in sub.plots):
        from compliance.submission.geometry.overlap import plot_refs

        refs = plot_refs(sub)
    return Extract(
        pr.id, pr.name, pr.province.value, pr.mechanism.value, pr.methodology or "", pr.stage.order, as_of,
        (dev.code or dev.name).strip(), dev.name,
        [(p.county, p.id, certificate(p.certificate), float(p.area_ha)) for p in sub.plots],
        regs, agreements, refs, deadlines,
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


def enclosure_fact(e: Extract) -> dict | None:
    """The ``x.enclosure`` fact of one project (None without an agreement binding development);
    ``stale_projects`` and ``deadline_projects`` are the developer's and are filled in by the
    cross-project step, from ``STALE_BY_MONTHS`` / ``STALE_BY_DEADLINE`` over these facts."""
    if not e.agreements and not e.deadlines:
        return None
    as_of = e.as_of.isoformat()
    passed = sorted(d for _, d in e.deadlines if d < as_of)
    return {
        "kind": "x.enclosure", "path": "developer", "owner": e.project_id,
        "developer": e.developer_name, "developer_code": e.developer_key,
        "oldest_months": max((m for _, _, _, m in e.agreements), default=0),
        "reached_design": e.stage_order >= PROMISED_ORDER,
        "deadline_passed": bool(passed), "deadline": passed[0] if passed else "",
        "area_ha": e.area_ha, "stale_projects": 0, "deadline_projects": 0,
    }


def catalogue_entries() -> list[dict[str, Any]]:
    """The cross-project rules in the shape a catalogue lists (id, title, citation, severities)."""
    return [{"id": r.id, "title_zh": r.title_zh, "title_en": r.title_en, "citation": r.citation.text(),
             "also_cites": [c.text() for c in r.also_cites], "severities": [s.value for s in r.severities()],
             "fact": r.fact, "basis": r.basis} for r in PORTFOLIO_RULES]
