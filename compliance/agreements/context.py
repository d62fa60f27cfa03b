"""From a submission to what one agreement document says.

Two steps, each pure Python (planning and the rule-base judgement are in plan.py):
1. ``resolve``: the terms of one document — its parties by side, plots, term, deadline, price,
   shares … — taken from its own agreement entry and, where that entry is silent, from the
   other agreements of the same submission (a tripartite agreement draws on all three), and for
   an agreement the file does not record at all, from the parties, plots and project. Every
   value a template needs and the submission does not give is a ``Problem`` naming the field.
   Whether the terms are lawful (shares, parties, term, consent …) is the rule base's to say:
   plan.judge runs the checker on the composed submission; nothing is decided here.
2. ``build``: the template context (all text already formatted: dates 2026年3月1日, areas,
   amounts with their capital numerals) and the list of values the read-back must find.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Optional

from compliance.reference import divisions
from compliance.submission.model import Party, Period, Plot, Submission
from compliance.reference.vocab import AgreementKind, LandType, PartyKind, TransferMode
from .problems import Collector, Problem
from .spec import NUMBER_SUFFIX, TITLES

K = AgreementKind


# ----------------------------------------------------------------------------- formatting
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPACES = re.compile(r"\s+")


def clean(value: Any) -> str:
    """Text safe for a Word run: no control characters, no line breaks, single spaces."""
    text = value if type(value) is str else str(value)
    # printable text has no control character, line break or noncharacter, and no space but U+0020:
    # unless spaces repeat or pad it, it is already clean (most names and places: no regex pass)
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    text = _XML_BAD.sub("", text)
    return _SPACES.sub(" ", text).strip()


def fmt_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _dec(x: float) -> Decimal:
    return Decimal(repr(float(x)))


def fmt_ha(x: Decimal) -> str:
    """Hectares with four decimals everywhere (rows, totals, text): 35.2 -> 35.2000, 0.0667 -> 0.0667."""
    return f"{x.quantize(Decimal('0.0001'), ROUND_HALF_UP):f}"


def ha_value(x: float) -> Decimal:
    return _dec(x).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def mu_value(ha: Decimal) -> Decimal:
    return (ha * 15).quantize(Decimal("0.01"), ROUND_HALF_UP)


def fmt_money(yuan: Decimal) -> str:
    return f"{yuan:,.2f}"


def capital(yuan: Decimal) -> str:
    """壹拾贰万元整 — the amount in capital numerals (cn2an, RMB style)."""
    import cn2an

    return cn2an.an2cn(f"{yuan:.2f}", "rmb")


def fmt_pct(bp: int) -> str:
    """Basis points as a percentage: 3500 -> 35%, 1250 -> 12.5%."""
    s = f"{Decimal(bp) / 100:f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s + "%"


def cn_number(n: int) -> str:
    import cn2an

    return cn2an.an2cn(n, "low")


def _lease_max_years(on: dt.date) -> int:
    """The longest lease term of 民法典第七百零五条 as the rule base declares it (LAW.lease_max_years)."""
    from compliance.rules.base import param_value
    from compliance.rules.tenure import PARAMS

    declared = next(p for p in PARAMS if p.name == "LAW.lease_max_years")
    return int(declared.at(on) if declared.in_force(on) else param_value(PARAMS, declared.name, {}))


def span(period: Period) -> str:
    """The length of an inclusive period: 2026-03-01..2066-02-28 -> 40年."""
    start, end = period.start, period.end + dt.timedelta(days=1)
    months = (end.year - start.year) * 12 + end.month - start.month
    anchor = _add_months(start, months)
    if anchor > end:
        months -= 1
        anchor = _add_months(start, months)
    days = (end - anchor).days
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years}年")
    if months:
        parts.append(f"{months}个月")
    if days or not parts:
        parts.append(f"{days}日")
    return "".join(parts)


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    import calendar

    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


# ----------------------------------------------------------------------------- planning
@dataclass(frozen=True)
class Planned:
    kind: AgreementKind
    index: Optional[int]          # the agreements[] entry this document drafts; None: composed
    source: Optional[int] = None  # the entry it is derived from when of another kind (tripartite)
    ordinal: int = 0              # 1, 2 … when several documents of one kind are drafted


# ----------------------------------------------------------------------------- resolving
@dataclass
class Terms:
    """What one document says, resolved from the submission (ids and model objects)."""

    kind: AgreementKind
    planned: Planned
    path: str                                   # agreements[i] or agreements (composed)
    sides: list[tuple[str, str, list[str]]]     # (甲方, 开发方, [party ids])
    parties: list[str]                          # every signing party, in side order
    plots: list[Plot]
    plot_paths: dict[str, str]                  # plot id -> plots[i]
    term: Optional[Period] = None
    term_path: str = ""
    deadline: Optional[dt.date] = None
    price: Any = None
    price_path: str = ""
    mode: Optional[TransferMode] = None
    shares: dict[str, float] = field(default_factory=dict)
    shares_path: str = ""
    payment_schedule: Optional[str] = None
    consent: Any = None
    township_approval: Any = None
    entrustments: list = field(default_factory=list)
    signatory: Optional[str] = None
    transferors: list[str] = field(default_factory=list)
    transferee: Optional[str] = None
    reference: Optional[str] = None
    long_stop: dict = field(default_factory=dict)     # validation / registration deadlines recorded


def _sources(sub: Submission, first: Optional[int]) -> list[tuple[int, Any]]:
    """The entry itself, then tripartite, transfer, development and benefit entries."""
    order = {K.TRIPARTITE: 0, K.TRANSFER: 1, K.DEVELOPMENT: 2, K.BENEFIT: 3}
    rest = sorted((i for i in range(len(sub.agreements)) if i != first), key=lambda i: (order[sub.agreements[i].kind], i))
    return ([(first, sub.agreements[first])] if first is not None else []) + [(i, sub.agreements[i]) for i in rest]


def _pick(sources, attr: str, kinds: tuple = ()):
    for i, a in sources:
        if kinds and a.kind not in kinds:
            continue
        v = getattr(a, attr, None)
        if v not in (None, [], {}, ""):
            return v, f"agreements[{i}].{attr}"
    return None, ""


def resolve(sub: Submission, p: Planned) -> tuple[Terms, list[Problem]]:
    """The terms of one planned document and every problem that prevents drafting it."""
    issues = Collector()
    kind = p.kind
    own = p.index if p.index is not None else p.source
    entry = sub.agreements[own] if own is not None else None
    path = f"agreements[{own}]" if own is not None else "agreements"
    sources = _sources(sub, own)
    parties_by_id = sub.parties()
    dev = sub.developer.id
    holders_all = [h.id for h in sub.rights_holders]
    plot_paths = {pl.id: f"plots[{i}]" for i, pl in enumerate(sub.plots)}

    def ordered(ids) -> list[str]:
        ids = set(ids)
        return [x for x in [dev, *holders_all] if x in ids]

    # -- parties ------------------------------------------------------------------------
    lands = {pl.land_type for pl in sub.plots}
    HOLDER_SIDE = "林权权利人" if lands <= {LandType.FOREST} else "权利人"      # 草原、湿地: not 林权
    transferors: list[str] = []
    transferee: Optional[str] = None
    if kind is K.TRANSFER:
        if entry is not None and entry.kind is K.TRANSFER:
            transferors, transferee = list(entry.transferors), entry.transferee
        elif entry is not None:   # derived from a tripartite agreement
            transferors = list(getattr(entry, "transferors", None) or [x for x in entry.parties if x != dev])
            transferee = getattr(entry, "transferee", None) or dev
        else:                     # none recorded: every holder of the plots transfers to the developer
            transferors = ordered(pl.holder for pl in sub.plots)
            transferee = dev
            if not sub.plots:
                issues.add("plots", "没有地块：资源流转协议须列明流转的地块", "no plots: a transfer agreement lists the plots it transfers")
        parties = [*transferors, transferee]
        sides = [("甲方", "流出方", transferors), ("乙方", "流入方", [transferee])]
    else:
        if entry is not None:
            parties = list(dict.fromkeys(_entry_parties(entry)))
        else:       # composed: the parties of all recorded agreements, the developer and every plot's holder
            parties = ordered([dev, *(x for a in sub.agreements for x in _entry_parties(a)), *(pl.holder for pl in sub.plots)])
        if kind is K.TRIPARTITE:
            transferors = list(getattr(entry, "transferors", None) or []) if entry is not None else []
            if not transferors:
                t, _ = _pick(sources, "transferors", (K.TRANSFER, K.TRIPARTITE))
                transferors = list(t or [x for x in parties if x != dev])
            transferee = (getattr(entry, "transferee", None) if entry is not None else None) or \
                (_pick(sources, "transferee", (K.TRANSFER,))[0]) or dev
        others = [x for x in parties if x != dev]
        if dev not in parties:
            issues.add(f"{path}.parties", f"开发方 {sub.developer.name}（{dev}）不是签约方：{kind.zh}须由开发方签署",
                       f"the developer {sub.developer.name} ({dev}) is not a party: the {kind.en} is signed by the developer",
                       "parties")
        if kind is K.TRIPARTITE:
            coll = [x for x in others if parties_by_id[x].kind is PartyKind.COLLECTIVE]
            rest = [x for x in others if x not in coll]
            if not coll:
                issues.add(f"{path}.parties", "三方协议的丙方须为村集体经济组织：签约方中没有 kind: collective 的当事方",
                           "the third party (丙方) of a tripartite agreement is the village collective: no party has kind: collective",
                           "parties")
            if not rest:
                issues.add(f"{path}.parties", "三方协议的乙方须为集体以外的林权权利人（农户等）：签约方中没有；只有集体时请起草开发、流转和分配协议",
                           "the second party (乙方) of a tripartite agreement is a rights holder other than the collective: there is none; "
                           "draft the development, transfer and benefit agreements instead", "parties")
            if transferee != dev:
                issues.add(f"{path}.transferee", "三方协议中林地流入方为甲方（开发方）：transferee 应为开发方",
                           "in the tripartite agreement the developer (甲方) receives the land: transferee must be the developer")
            sides = [("甲方", "开发方", [dev]), ("乙方", HOLDER_SIDE, rest), ("丙方", "村集体经济组织", coll)]
        else:
            side2 = HOLDER_SIDE
            sides = [("甲方", "开发方" if kind is K.DEVELOPMENT else "项目业主", [dev]), ("乙方", side2, others)]
            if not others:
                issues.add(f"{path}.parties", f"{kind.zh}除开发方外没有其他签约方（林权权利人）",
                           f"the {kind.en} has no party besides the developer (no rights holder)", "parties")
        parties = [x for _, _, ids in sides for x in ids]

    # -- plots --------------------------------------------------------------------------
    index = sub.plot_index()
    if kind is K.TRANSFER:
        ids = entry.plots if entry is not None and entry.kind is K.TRANSFER else (getattr(entry, "plots", None) or list(index))
        plots = [index[x] for x in ids if x in index]
    elif kind is K.TRIPARTITE:
        ids = list(getattr(entry, "plots", None) or []) if entry is not None else []
        if not ids:
            ids = [x for a in sub.agreements if a.kind is K.TRANSFER for x in a.plots] or list(index)
        plots = [index[x] for x in dict.fromkeys(ids) if x in index]
    else:
        signers = set(parties)
        plots = [pl for pl in sub.plots if pl.holder in signers]

    terms = Terms(kind=kind, planned=p, path=path, sides=sides, parties=parties, plots=plots, plot_paths=plot_paths,
                  transferors=transferors, transferee=transferee)
    terms.reference = getattr(entry, "reference", None) if p.index is not None else None

    # -- term, deadline, price, shares, consent ------------------------------------------
    term, term_path = _pick(sources, "term")
    if term is None and sub.project.crediting_period is not None:
        term, term_path = sub.project.crediting_period, "project.crediting_period"
    if term is None:
        issues.add(f"{path}.term", f"缺少期限 term（起止日期）：{kind.zh}须载明期限",
                   f"no term (start and end dates): the {kind.en} must state its term")
    terms.term, terms.term_path = term, term_path

    if kind is not K.BENEFIT:
        terms.long_stop = {"validation": _pick(sources, "validation_deadline")[0],
                           "registration": _pick(sources, "registration_deadline")[0]}
        terms.deadline, _ = _pick(sources, "development_deadline")
        if terms.deadline is None:
            issues.add(f"{path}.development_deadline",
                       "缺少开发期限 development_deadline：协议须约定开发期限及逾期未开发时权利返还权利人（第十四条）",
                       "no development_deadline: the agreement must bind a development deadline with reversion of rights (article 14)")

    if kind is not K.BENEFIT:
        terms.price, terms.price_path = _pick(sources, "price", (K.TRANSFER, K.TRIPARTITE))
        mode, _ = _pick(sources, "mode", (K.TRANSFER, K.TRIPARTITE))
        terms.mode = mode
        if kind in (K.TRANSFER, K.TRIPARTITE):
            if terms.price is None:
                issues.add(f"{path}.price", "缺少流转价款 price（amount_yuan、per、payment）：价款及支付方式为法定条款",
                           "no price (amount_yuan, per, payment): price and payment is a mandatory clause")
            if mode is None:
                issues.add(f"{path}.mode", "缺少流转方式 mode（出租、入股、委托经营、发包等）",
                           "no transfer mode (lease, shareholding, entrustment, contracting …)")
        terms.consent, _ = _pick(sources, "consent", (K.TRANSFER, K.TRIPARTITE))
        terms.township_approval, _ = _pick(sources, "township_approval", (K.TRANSFER, K.TRIPARTITE))
        ent, _ = _pick(sources, "household_entrustments", (K.TRANSFER, K.TRIPARTITE))
        terms.entrustments = list(ent or [])
        terms.signatory, _ = _pick(sources, "signatory", (K.TRANSFER, K.TRIPARTITE))

    if kind in (K.BENEFIT, K.TRIPARTITE):
        terms.shares, terms.shares_path = _pick(sources, "shares", (K.BENEFIT, K.TRIPARTITE))
        terms.shares = dict(terms.shares or {})
        if not terms.shares:
            issues.add(f"{path}.shares", "缺少收益分配比例 shares：须逐方列明分配比例（第十五条）",
                       "no benefit shares: list a share per party (article 15)", "shares", "HN-15-benefit")
        terms.payment_schedule, _ = _pick(sources, "payment_schedule", (K.BENEFIT, K.TRIPARTITE))

    _check_parties(sub, terms, issues, parties_by_id)
    return terms, issues.problems


def _entry_parties(a) -> list[str]:
    out = [*(getattr(a, "parties", None) or []), *(getattr(a, "transferors", None) or [])]
    if getattr(a, "transferee", None):
        out.append(a.transferee)
    return out


def _party_path(sub: Submission, pid: str) -> str:
    if pid == sub.developer.id:
        return "developer"
    for i, h in enumerate(sub.rights_holders):
        if h.id == pid:
            return f"rights_holders[{i}]"
    return pid


def _check_parties(sub: Submission, t: Terms, issues: Collector, parties_by_id: dict[str, Party]) -> None:
    """What the documents print about each party must exist: name, code, address (法定条款)."""
    for pid in t.parties:
        party = parties_by_id[pid]
        if not party.address or not clean(party.address):
            issues.add(f"{_party_path(sub, pid)}.address", f"{party.name} 缺少住所 address：当事人的名称和住所为协议必备条款",
                       f"{party.name} has no address: the parties' names and addresses are a mandatory clause")
    for pl in t.plots:
        ppath = t.plot_paths[pl.id]
        if pl.boundaries is None:
            issues.add(f"{ppath}.boundaries", f"地块 {pl.id} 缺少四至 boundaries（east、south、west、north）",
                       f"plot {pl.id} has no boundaries (east, south, west, north)")
        if not pl.certificate or not clean(pl.certificate):
            issues.add(f"{ppath}.certificate", f"地块 {pl.id} 缺少不动产权（林权）证书号 certificate",
                       f"plot {pl.id} has no rights certificate number (certificate)")


# ----------------------------------------------------------------------------- context
CODE_LABEL = {True: "身份证号码", False: "统一社会信用代码"}
PER = {"year": "每年", "total": "总计", "once": "一次性支付"}
DEFAULT_PAYMENT = {"year": "于每年3月31日前支付当年价款", "total": "于本协议签订之日起三十日内付清",
                   "once": "于本协议签订之日起三十日内付清"}
DEFAULT_SCHEDULE = ("甲方应于每笔碳汇减排量交易价款到账之日起三十日内，按本协议约定的比例将净收益支付至各方书面指定的银行账户；"
                    "向农户支付的，直接支付至农户本人账户")


@dataclass
class Built:
    context: dict
    expected: list[tuple[str, str, str]]    # (what zh, what en, text that must appear)
    literals: list[str]                      # every text value put into the document
    notes: list[tuple[str, str]] = field(default_factory=list)   # defaults used, data worth adding (zh, en)
    image: Optional[bytes] = None            # the plot map (PNG) the 附图 slot embeds


def _party_ctx(p: Party, role: str, side: str, ordinal: str) -> dict:
    person = p.kind is PartyKind.INDIVIDUAL
    d = {
        "role": role + ordinal, "ordinal": ordinal, "side": side, "name": clean(p.name),
        "kind": p.kind.zh, "code_label": CODE_LABEL[person], "code": clean(p.code),
        "address": clean(p.address or ""), "org": not person,
        "signature": "签字并按手印" if person else "盖章",
    }
    if p.representative and clean(p.representative):
        d["representative"] = clean(p.representative)
    if p.phone and clean(p.phone):
        d["phone"] = clean(p.phone)
    if p.bank_account and clean(p.bank_account):
        d["bank_account"] = clean(p.bank_account)
    return d


def _location(sub: Submission, plots: list[Plot]) -> tuple[str, list[str]]:
    counties = list(dict.fromkeys(pl.county for pl in plots))
    prov = sub.project.province.zh
    if not counties:
        return prov, []
    return "、".join(prov + divisions.full_name(c) for c in counties), counties


_ID_PARTS = re.compile(r"^\d{6}-[^-]+-(\d{1,4})-(\d{1,4})$")        # county-村-林班-小班
_TOWN_VILLAGE = re.compile(r"([^省市县区州旗]{1,12}?(?:镇|乡|街道|苏木))([^镇乡]{1,12}?(?:村|社区|嘎查))")


def plot_site(sub: Submission, pl: Plot, parties_by_id: dict) -> tuple[str, list[tuple[str, str]]]:
    """坐落 to the village, 林班 and 小班: 岳阳市平江县长寿镇龙源村 012林班 03小班; and what had to be inferred."""
    notes: list[tuple[str, str]] = []
    town, village = clean(pl.township or ""), clean(pl.village or "")
    if not village:
        addr = clean(parties_by_id[pl.holder].address or "") if pl.holder in parties_by_id else ""
        m = _TOWN_VILLAGE.search(addr.split(divisions.name(pl.county))[-1]) if addr else None
        if m:
            town, village = town or m.group(1), m.group(2)
            notes.append((f"地块 {pl.id} 未记录 village：坐落的乡镇和村取自权利人住所（{town}{village}），请核对或填写 plots[].township/village",
                          f"plot {pl.id} records no village: the township and village of its location come from the holder's address "
                          f"({town}{village}); check them or fill in plots[].township/village"))
        else:
            notes.append((f"地块 {pl.id} 未记录 township/village：坐落只写到县，请填写 plots[].township、plots[].village",
                          f"plot {pl.id} records no township/village: its location stops at the county; fill in plots[].township and plots[].village"))
    comp, sub_ = clean(pl.lin_ban or ""), clean(pl.xiao_ban or "")
    m = _ID_PARTS.match(pl.id)
    if (not comp or not sub_) and m:
        comp, sub_ = comp or m.group(1), sub_ or m.group(2)
    place = divisions.full_name(pl.county) + town + village
    if comp:
        place += f"{comp}林班"
    if sub_:
        place += f"{sub_}小班"
    return place, notes


def _allocate(total_fen: int, weights: list[Decimal]) -> list[int]:
    """Split ``total_fen`` in proportion to ``weights`` (largest remainder): the parts add up exactly."""
    wsum = sum(weights)
    if wsum <= 0:
        return [0] * len(weights)
    raw = [Decimal(total_fen) * w / wsum for w in weights]
    parts = [int(x) for x in raw]
    rest = total_fen - sum(parts)
    for i in sorted(range(len(raw)), key=lambda i: (raw[i] - parts[i], -i), reverse=True)[:rest]:
        parts[i] += 1
    return parts


_MAPS: dict[tuple, Optional[bytes]] = {}     # the same plots draw the same map (draft all: four documents)


def _render_plot_map(sub: Submission, plots: list[Plot]) -> Optional[bytes]:
    """The map of the document's plots (PNG) from the geometry package, or None when it is not
    installed, the plots have no polygons, or the geometry cannot be read (the checker reports that).

    Uses ``geometry.of(sub)`` and ``geometry.map.render_plot_map([(id, polygon) …])``; a package
    offering only ``render_plot_map(plots) -> bytes | None`` is called with the plots."""
    import importlib

    try:
        geometry = importlib.import_module("compliance.submission.geometry")     # imported lazily, may be absent
    except Exception:
        return None
    png = None
    try:
        of = getattr(geometry, "of", None)
        if of is not None:
            from compliance.submission.geometry.map import render_plot_map

            geo = of(sub)
            if geo is None:
                return None
            where = {p.id: i for i, p in enumerate(sub.plots)}
            pairs = []
            for pl in plots:
                pg = geo.plots.get(where.get(pl.id, -1))
                if pg is not None and getattr(pg, "usable", None) is not None:
                    pairs.append((pl.id, pg.usable))
            if not pairs:
                return None
            import shapely

            key = tuple((pid, shapely.to_wkb(g)) for pid, g in pairs)
            png = _MAPS.get(key)
            if png is None:        # no title: the annex heading names it (no CJK glyphs in the image)
                png = render_plot_map(pairs)
                if len(_MAPS) >= 16:
                    _MAPS.pop(next(iter(_MAPS)))
                _MAPS[key] = png
        elif hasattr(geometry, "render_plot_map"):
            png = geometry.render_plot_map(plots)
    except Exception:
        return None
    return png if isinstance(png, (bytes, bytearray)) and png[:8] == b"\x89PNG\r\n\x1a\n" else None


def build(sub: Submission, t: Terms) -> Built:
    """The template context of a resolved document and what its read-back must contain."""
    from . import wording
    from .spec import LONG_STOP_MONTHS

    parties_by_id = sub.parties()
    expected: list[tuple[str, str, str]] = []
    notes: list[tuple[str, str]] = []

    def want(zh: str, en: str, value: str) -> None:
        expected.append((zh, en, value))

    # parties by side: 乙方一, 乙方二 … when a side has several
    side_of: dict[str, dict] = {}
    groups: dict[str, list[dict]] = {}
    for role, side, ids in t.sides:
        many = len(ids) > 1
        group = []
        for n, pid in enumerate(ids, 1):
            d = _party_ctx(parties_by_id[pid], role, side, cn_number(n) if many else "")
            group.append(d)
            side_of[pid] = d
            want(f"{d['role']} 名称", f"name of {d['role']}", d["name"])
            want(f"{d['role']} {d['code_label']}", f"code of {d['role']}", d["code"])
            want(f"{d['role']} 住所", f"address of {d['role']}", d["address"])
        groups[role] = group
    parties = [side_of[pid] for pid in t.parties]

    pr = sub.project
    location, counties = _location(sub, t.plots)
    county_name = divisions.name(counties[0]) if len(counties) == 1 else ""
    number = clean(t.reference) if t.reference else \
        f"{clean(pr.id)}-{NUMBER_SUFFIX[t.kind]}" + (f"-{t.planned.ordinal}" if t.planned.ordinal else "")
    words = wording.words(sub, t.plots)
    doc = {
        "title": TITLES[t.kind].replace("林业碳汇", words["title_prefix"]), "kind": t.kind.zh, "number": number, "basis": wording.basis(sub, t.plots),
        "place": location, "copies": cn_number(len(parties) + 1),
        "filing": f"{county_name}林业主管部门" if county_name else "林地所在地县级林业主管部门",
        "arbitration": f"{county_name}农村土地承包仲裁委员会" if county_name else "林地所在地县级农村土地承包仲裁委员会",
    }
    if words["land"] == "草原":
        doc["filing"] = doc["filing"].replace("林业主管部门", "林业和草原主管部门")
    want("协议编号", "agreement number", number)
    want("协议标题", "agreement title", doc["title"])
    project = {"id": clean(pr.id), "name": clean(pr.name), "mechanism": pr.mechanism.zh, "location": location}
    if pr.methodology:
        project["methodology"] = clean(pr.methodology)
    if pr.start_date:
        project["start_date"] = fmt_date(pr.start_date)
    if pr.crediting_period:
        project["crediting_start"] = fmt_date(pr.crediting_period.start)
        project["crediting_end"] = fmt_date(pr.crediting_period.end)
    if pr.insurance and clean(pr.insurance):
        project["insurance"] = clean(pr.insurance)
    want("项目名称", "project name", project["name"])

    # plots and totals (totals add the printed row values, so the table adds up); hectares with
    # four decimals and mu with two, in every row and total
    plots, total_ha, total_mu = [], Decimal(0), Decimal(0)
    ha_of: dict[str, Decimal] = {}
    for n, pl in enumerate(t.plots, 1):
        ha = ha_value(pl.area_ha)
        mu = mu_value(ha)
        total_ha += ha
        total_mu += mu
        ha_of[pl.holder] = ha_of.get(pl.holder, Decimal(0)) + ha
        b = pl.boundaries
        site, site_notes = plot_site(sub, pl, parties_by_id)
        notes += site_notes
        row = {
            "no": str(n), "id": clean(pl.id), "location": site,
            "area_ha": fmt_ha(ha), "area_mu": f"{mu:.2f}",
            "holder": clean(parties_by_id[pl.holder].name), "tenure": pl.tenure.zh,
            "land_type": pl.land_type.zh, "measure": pl.measure.zh,
            "grade": clean(pl.quality_grade) if pl.quality_grade and clean(pl.quality_grade) else "未评定",
        }
        if not (pl.quality_grade and clean(pl.quality_grade)) and t.kind in (K.TRANSFER, K.TRIPARTITE):
            notes.append((f"地块 {pl.id} 未记录质量等级 quality_grade（农村土地承包法第四十条），地块清单中写“未评定”",
                          f"plot {pl.id} records no quality_grade (RCLL art. 40); the plot list says 未评定 (not graded)"))
        if b is not None:
            row.update(east=clean(b.east), south=clean(b.south), west=clean(b.west), north=clean(b.north))
        if pl.certificate:
            row["certificate"] = clean(pl.certificate)
        if pl.right_term_end:
            row["right_term_end"] = fmt_date(pl.right_term_end)
        plots.append(row)
        want(f"地块 {row['id']} 小班号", f"plot {row['id']} id", row["id"])
        want(f"地块 {row['id']} 坐落", f"plot {row['id']} location", row["location"])
        want(f"地块 {row['id']} 面积（公顷）", f"plot {row['id']} area (ha)", row["area_ha"])
        want(f"地块 {row['id']} 面积（亩）", f"plot {row['id']} area (mu)", row["area_mu"])
        if "certificate" in row:
            want(f"地块 {row['id']} 证书号", f"plot {row['id']} certificate", row["certificate"])
    total = {"count": str(len(plots)), "area_ha": fmt_ha(total_ha), "area_mu": f"{total_mu:.2f}"}
    want("总面积（公顷）", "total area (ha)", total["area_ha"])
    want("总面积（亩）", "total area (mu)", total["area_mu"])

    measures = "、".join(dict.fromkeys(pl.measure.zh for pl in t.plots)) or "造林和森林经营"
    ctx: dict[str, Any] = {
        "doc": doc, "project": project, "parties": parties, "plots": plots, "total": total, "measures": measures,
        "holders": groups.get("乙方", []) if t.kind is not K.TRANSFER else groups.get("甲方", []),
        "words": words,
    }
    for k in ("mechanism", "credit", "registry") + (("venue",) if t.kind is not K.TRANSFER else ()):
        want(f"用语 {k}", f"wording {k}", words[k])
    if t.kind is K.TRANSFER:
        ctx["transferee"] = groups["乙方"][0] if groups.get("乙方") else {}
    else:
        ctx["developer"] = groups["甲方"][0] if groups.get("甲方") else {}
    if t.kind is K.TRIPARTITE:
        ctx["collectives"] = groups.get("丙方", [])

    if t.term is not None:
        term = {"start": fmt_date(t.term.start), "end": fmt_date(t.term.end), "span": span(t.term)}
        limits = [pl.right_term_end for pl in t.plots if pl.right_term_end]
        if limits:
            term["right_limit"] = fmt_date(min(limits))
        longest = _add_months(t.term.start, 12 * _lease_max_years(t.term.start)) - dt.timedelta(days=1)
        if t.mode is TransferMode.LEASE and t.term.end > longest and t.kind in (K.TRANSFER, K.TRIPARTITE):
            term["first_end"] = fmt_date(longest)       # 民法典第七百零五条 (LAW.lease_max_years), then renewal
        ctx["term"] = term
        want("期限起始日", "term start", term["start"])
        want("期限届满日", "term end", term["end"])
        if t.term_path == "project.crediting_period":
            notes.append(("协议未记录期限 term：草稿按项目计入期起草期限，请各方确认",
                          "no agreement records a term: the draft uses the crediting period; the parties should confirm it"))
    if t.deadline is not None:
        ctx["deadline"] = fmt_date(t.deadline)
        want("开发期限", "development deadline", ctx["deadline"])
    if t.kind is not K.BENEFIT and t.term is not None:
        given = {"validation": t.long_stop.get("validation"), "registration": t.long_stop.get("registration")}
        ls = {k: fmt_date(given[k] or _add_months(t.term.start, m)) for k, m in LONG_STOP_MONTHS.items()}
        ctx["long_stop"] = ls
        want(f"{words['validate']}最迟日期", "validation long stop", ls["validation"])
        want("登记最迟日期", "registration long stop", ls["registration"])
        if not all(given.values()):
            notes.append((f"审定和登记最迟期限按起草默认值：自期限起始日起{LONG_STOP_MONTHS['validation']}个月（{ls['validation']}）、"
                      f"{LONG_STOP_MONTHS['registration']}个月（{ls['registration']}），请各方协商确认",
                      f"the validation and registration long stops are the drafting defaults: {LONG_STOP_MONTHS['validation']} and "
                      f"{LONG_STOP_MONTHS['registration']} months from the start of the term; the parties should agree them "
                      "(or record validation_deadline / registration_deadline)"))
    if t.price is not None:
        amount = _dec(t.price.amount_yuan).quantize(Decimal("0.01"), ROUND_HALF_UP)
        price = {"amount": fmt_money(amount), "capital": capital(amount), "per": PER[t.price.per],
                 "payment": _sentence(t.price.payment) or DEFAULT_PAYMENT[t.price.per]}
        if t.mode is not None:
            price["mode"] = t.mode.zh
        ctx["price"] = price
        want("价款金额", "price amount", price["amount"])
        want("价款大写金额", "price in capital numerals", price["capital"])
        # per-holder payment table, by each holder's area (the parts add up to the total exactly)
        payees = [h for h in dict.fromkeys(pl.holder for pl in t.plots)]
        if payees:
            fen = _allocate(int(amount * 100), [ha_of[h] for h in payees])
            rows = []
            for n, (h, f) in enumerate(zip(payees, fen), 1):
                yuan = Decimal(f) / 100
                row = {"no": str(n), "name": clean(parties_by_id[h].name), "area_ha": fmt_ha(ha_of[h]),
                       "amount": fmt_money(yuan), "capital": capital(yuan),
                       "account": clean(parties_by_id[h].bank_account) if parties_by_id[h].bank_account else "以书面指定账户为准"}
                rows.append(row)
                want(f"{row['name']} 应付价款", f"price for {row['name']}", row["amount"])
                want(f"{row['name']} 应付价款大写", f"price for {row['name']} in capital numerals", row["capital"])
                if not parties_by_id[h].bank_account:
                    notes.append((f"{row['name']} 未记录收款账户 bank_account：逐户价款表写“以书面指定账户为准”",
                                  f"{row['name']} records no bank_account: the payment table says the account is designated in writing"))
            ctx["payments"] = rows
            ctx["payments_total"] = {"amount": price["amount"], "capital": price["capital"]}
    if t.kind in (K.BENEFIT, K.TRIPARTITE):
        shares = []
        for n, pid in enumerate([x for x in t.parties if x in t.shares], 1):
            d = side_of[pid]
            pct = fmt_pct(round(t.shares[pid] * 10000))
            shares.append({"no": str(n), "role": d["role"], "name": d["name"], "side": d["side"], "pct": pct})
            want(f"{d['role']} 分配比例", f"share of {d['role']}", pct)
        ctx["shares"] = shares
        ctx["shares_total"] = fmt_pct(sum(round(v * 10000) for v in t.shares.values()))
        ctx["payment_schedule"] = _sentence(t.payment_schedule) or DEFAULT_SCHEDULE
    if t.kind in (K.TRANSFER, K.TRIPARTITE):
        if t.consent is not None:
            c = t.consent
            consent = {"body": c.body.zh, "members": str(c.members), "in_favour": str(c.in_favour)}
            if words["land"] == "草原":
                consent["body"] = consent["body"].replace("村民", "村（牧）民")
            if c.resolution_date:
                consent["resolution_date"] = fmt_date(c.resolution_date)
            if c.notice:
                consent["notice_start"] = fmt_date(c.notice.start)
                consent["notice_end"] = fmt_date(c.notice.end)
            ctx["consent"] = consent
        if t.township_approval is not None:
            a = t.township_approval
            ctx["township_approval"] = {"authority": clean(a.authority), "date": fmt_date(a.date),
                                        **({"reference": clean(a.reference)} if a.reference else {})}
        to = {"to": clean(parties_by_id[t.signatory].name)} if t.signatory in parties_by_id else {}
        ctx["entrustments"] = [{"name": clean(parties_by_id[e.holder].name), "signed": fmt_date(e.signed), **to}
                               for e in t.entrustments]

    # signing: place and the signature-page note; household members who co-sign
    entry_place = None
    own = t.planned.index
    if own is not None:
        entry_place = getattr(sub.agreements[own], "place", None)
    ctx["signing"] = {"place": clean(entry_place) if entry_place and clean(entry_place) else location,
                      "note": f"（本页无正文，为《{doc['title']}》（编号：{number}）签署页）"}
    want("签署页说明", "signature-page note", ctx["signing"]["note"])
    ctx["members"] = [{"name": clean(parties_by_id[pid].name), "members": "、".join(clean(m) for m in parties_by_id[pid].household_members)}
                      for pid in t.parties if parties_by_id[pid].household_members]

    # the plot map (附图) when the plots have geometry
    image = _render_plot_map(sub, t.plots)
    # annexes (filing pack): listed always, produced where the data exists
    annexes = [{"title": "项目地块清单", "note": f"共{total['count']}个小班，含坐落、四至、面积、地类和质量等级、权利人和权属证书号"}]
    annexes.append({"title": "项目地块附图", "note": "见附件二附图" if image else
                    f"提交文件未含地块矢量数据，附{words['certificate']}所附{words['map']}复印件，由各方签字确认"})
    if t.kind in (K.TRANSFER, K.TRIPARTITE) and t.consent is not None:
        annexes.append({"title": f"本集体经济组织{ctx['consent']['body']}决议及公示记录",
                        "note": f"应到{ctx['consent']['members']}人，同意{ctx['consent']['in_favour']}人"
                                + (f"，{ctx['consent']['resolution_date']}表决" if "resolution_date" in ctx["consent"] else "")
                                + (f"，公示期{ctx['consent']['notice_start']}至{ctx['consent']['notice_end']}" if "notice_start" in ctx["consent"] else "")})
    if t.kind in (K.TRANSFER, K.TRIPARTITE) and t.township_approval is not None:
        annexes.append({"title": "乡（镇）人民政府批准文件", "note": ctx["township_approval"]["authority"] + ctx["township_approval"]["date"]})
    if t.kind in (K.TRANSFER, K.TRIPARTITE) and t.entrustments:
        annexes.append({"title": "承包农户书面委托书", "note": "、".join(e["name"] for e in ctx["entrustments"])})
    certs = [r["certificate"] for r in plots if "certificate" in r]
    if certs:
        annexes.append({"title": f"{words['certificate']}复印件", "note": f"共{len(certs)}份，证号见附件一"})
    annexes.append({"title": "各方主体资格和身份证明复印件",
                    "note": "、".join(f"{p['name']}（{p['code_label']}）" for p in parties)})
    annexes.append({"title": "各方收款账户确认书", "note": "、".join(
        f"{p['name']}：{p['bank_account']}" if "bank_account" in p else f"{p['name']}：以书面指定账户为准" for p in parties)})
    if ctx["members"]:
        annexes.append({"title": "承包农户家庭成员同意书", "note": "；".join(f"{m['name']}：{m['members']}" for m in ctx["members"])})
    for n, a in enumerate(annexes, 1):
        a["no"] = cn_number(n)
    ctx["annexes"] = annexes
    if image:
        ctx["plot_map"] = "附图"       # replaced by an InlineImage at render time (render.py)
    built = Built(ctx, expected, sorted(set(_leaves(ctx)), key=len, reverse=True), notes, image)
    return built


def _sentence(text: Optional[str]) -> str:
    """User text that the template ends with its own full stop."""
    return clean(text or "").rstrip("。；;.，, ")


def _leaves(obj) -> list[str]:
    out: list[str] = []
    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, dict):
            stack.extend(o.values())
        elif isinstance(o, list):
            stack.extend(o)
        elif isinstance(o, str) and o:
            out.append(o)
    return out

