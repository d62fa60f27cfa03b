"""湘林基〔2025〕5号 湖南省林业碳汇资源管理办法（试行）: the Hunan rules (HN-).

In force 2026-02-01 for two years (第二十四条); applies to projects in province 43.
"""
from __future__ import annotations

import datetime as dt
from fractions import Fraction

from compliance.reference import divisions, refdata
from compliance.rules.facts import Context, agreement_parties, iso
from compliance.reference.vocab import AgreementKind, Clause, LandType, Measure, Mechanism, ReviewKind, Severity, Stage
from ._enclosure import development_terms, months_started
from .base import Case, Citation, F, Jurisdiction, P, Ruleset, param, rule, fact_kind

DOC = "湘林基〔2025〕5号"
DOC_MEAS = "温室气体自愿减排交易管理办法（试行）"


def cite(article: str, basis: str = "primary", note: str = "") -> Citation:
    return Citation(DOC, article, basis, note)


IN_FORCE = cite("第二十四条")
FROM = dt.date(2026, 2, 1)
UNTIL = dt.date(2028, 1, 31)     # 有效期两年
WINDOW = (FROM, UNTIL)
HUNAN = Jurisdiction(provinces=("43",))
ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

PARAMS = [
    # the validity dates are known on any date a check may be judged (they judge the window itself)
    param("HN.in_force_from", FROM, dt.date.min, IN_FORCE, "办法施行日期", "date the measures take effect"),
    param("HN.in_force_until", UNTIL, dt.date.min, IN_FORCE, "办法有效期届满日（施行起两年）", "last day of the two-year validity"),
    param("HN.enclosure_months", 24, FROM,
          Citation(DOC, "第十四条第一款", "primary", "月数参照农村土地承包法第四十二条连续两年弃耕抛荒"),
          "签约后仍未进入设计阶段、视为疑似圈占的月数", "months after signing without reaching design that suggest enclosure",
          "月"),
]

# 第九条: the measures that raise carbon uptake on each land type
MEASURES_BY_LAND = {
    LandType.FOREST: (Measure.AFFORESTATION, Measure.CLOSURE, Measure.TENDING, Measure.RESTORATION),
    LandType.GRASSLAND: (Measure.GRASS_PLANTING, Measure.GRASSLAND_IMPROVEMENT),
    LandType.WETLAND: (Measure.WETLAND_RESTORATION,),
}
# 第九条 ends each list with 等: the lists are open. A measure the article does not list is still a measure
# of its own land type (森林经营 and 低效林改造 are forest-land measures): on that land type it is reviewed
# (warning), on another land type it is wrong (error), like a listed measure of another land type.
UNLISTED_NATIVE = {Measure.MANAGEMENT: LandType.FOREST, Measure.LOW_YIELD: LandType.FOREST}
SCOPE_LANDS = tuple(MEASURES_BY_LAND)          # 第二条: 林地、草地、湿地
HUNAN_PREFECTURES = tuple(f"43{n:02d}" for n in range(1, 14)) + ("4331",)
SUPPORTED = (Mechanism.CCER, Mechanism.XLTP)   # 第十二条: CCER first, then 湘林碳票
REQUIRED_AGREEMENTS = (AgreementKind.DEVELOPMENT, AgreementKind.TRANSFER, AgreementKind.BENEFIT)


_months_started = months_started     # kept for callers of the former private name


def measure_land(m: Measure):
    """The land type a measure belongs to (第九条's lists, else its native land type), or None."""
    for land, listed in MEASURES_BY_LAND.items():
        if m in listed:
            return land
    return UNLISTED_NATIVE.get(m)


def prefecture_bureau(authority: str, prefecture: str) -> bool:
    """Whether an authority's name is that of the prefecture's forestry bureau (岳阳市林业局 for 4306)."""
    full = refdata.normalise_name(divisions.name(prefecture))
    names = {full}
    if full.endswith("自治州"):
        names.add(full[:2] + "州")          # 湘西土家族苗族自治州 -> 湘西州
    a = refdata.normalise_name(authority)
    return "林业" in a and any(n and a.startswith(n) and not any(
        a.startswith(n + refdata.normalise_name(c.name)) for c in divisions.counties(prefecture)) for n in names)


def reviewed_prefectures(reviews, as_of: dt.date) -> set[str]:
    """Prefectures whose own bureau reviewed (第四条第二款): a 4-digit division code, or no code and the
    authority named as the prefecture's forestry bureau. A county's review recorded as kind prefecture
    (a 6-digit code) is not the prefecture's."""
    out: set[str] = set()
    for r in reviews:
        if r.kind is not ReviewKind.PREFECTURE or r.date > as_of:
            continue
        code = (r.division or "").strip()
        if len(code) == 4:
            out.add(code)
        elif not code:
            out.update(c.code for c in divisions.prefectures("43") if prefecture_bureau(r.authority, c.code))
    return out


def derive(ctx: Context) -> list[dict]:
    sub, pr = ctx.sub, ctx.sub.project
    facts: list[dict] = []
    if ctx.wants("hn.project"):
        plot_prefectures = sorted({divisions.prefecture_of(p.county) for p in sub.plots})
        prefecture_reviews = reviewed_prefectures(pr.reviews, ctx.as_of)
        county_as_prefecture = [r for r in pr.reviews if r.kind is ReviewKind.PREFECTURE and r.division
                                and len(r.division) == 6 and r.date <= ctx.as_of]
        missing_review = [c for c in plot_prefectures if c not in prefecture_reviews]

        # -- project level -------------------------------------------------------------------
        milestones = pr.milestones
        earlier = [s for s in Stage if s.order <= pr.stage.order]
        undated = [s for s in earlier if s not in milestones]
        dated = [(s, milestones[s]) for s in Stage if s in milestones]
        backwards = [f"{a.zh}({da})→{b.zh}({db})" for (a, da), (b, db) in zip(dated, dated[1:]) if db < da]
        future = [f"{s.zh}({d})" for s, d in dated if d > ctx.as_of]
        lacking = []
        if pr.justification is None:
            lacking.append(("不采用 CCER/湘林碳票 的理由（project.justification）",
                            "a justification for not using CCER/湘林碳票 (project.justification)"))
        if not plot_prefectures or missing_review:
            names = "、".join(divisions.name(c) for c in missing_review) or "地块所在市州"
            lacking.append((f"{names}林业局的审核（project.reviews）",
                            f"the review of the prefecture bureau ({', '.join(missing_review) or 'of the plots'}) (project.reviews)"))
        designated = refdata.designated_venues(pr.mechanism.value, "43")
        venue = pr.trading_venue or ""
        elsewhere = None      # a venue designated only by another province (第十四条第二款: 国家或我省)
        if venue and refdata.venue_entry(pr.mechanism.value, venue, "43") is None:
            found = refdata.venue_entry(pr.mechanism.value, venue) or (refdata.any_venue(venue) or (None, None))[1]
            if found is not None and not refdata.accepted_in(found, "43"):
                elsewhere = found
        reductions_registered = [b for b in pr.reduction_batches if b.registered and b.registered <= ctx.as_of]
        facts.append({
            "kind": "hn.project", "path": "project",
            "mechanism": pr.mechanism.value, "mechanism_zh": pr.mechanism.zh, "mechanism_en": pr.mechanism.en,
            "supported": pr.mechanism in SUPPORTED,
            "justified": pr.justification is not None,
            "lacking_zh": "和".join(z for z, _ in lacking) or "—", "lacking_en": " and ".join(e for _, e in lacking) or "-",
            "prefecture_reviewed": bool(plot_prefectures) and not missing_review,
            "missing_review": "、".join(divisions.name(c) for c in missing_review) or "—",
            "missing_review_codes": ", ".join(missing_review) or "-",
            "county_as_prefecture": "、".join(f"{r.authority}（{r.division}）" for r in county_as_prefecture) or "—",
            "stage": pr.stage.value, "stage_zh": pr.stage.zh, "stage_en": pr.stage.en, "stage_order": pr.stage.order,
            "undated": len(undated), "undated_zh": "、".join(s.zh for s in undated), "undated_en": ", ".join(s.en for s in undated),
            "backwards": len(backwards) + len(future),
            "backwards_text": "；".join(backwards + [f"{x} 晚于判定日" for x in future]),
            "national": pr.mechanism is Mechanism.CCER,
            "trading_without_filing": pr.stage is Stage.TRADING and Stage.FILING not in milestones,
            "trading_without_registration": pr.stage is Stage.TRADING and (Stage.FILING not in milestones or not reductions_registered),
            "venue": venue, "has_venue": bool(venue),
            "venue_designated": bool(venue) and refdata.venue_entry(pr.mechanism.value, venue, "43") is not None,
            "venue_elsewhere": elsewhere is not None,
            "venue_designation": refdata.designation_text(elsewhere) if elsewhere else "",
            "venue_designation_en": refdata.designation_text(elsewhere, "en") if elsewhere else "",
            "venue_data": bool(designated),
            "designated_venues": "、".join(e["name"] for e in designated or []) or "（无）",
            "insured": bool(pr.insurance),
            "as_of": ctx.as_of.isoformat(), "as_of_day": ctx.as_of_day,
        })

    # -- plots ---------------------------------------------------------------------------
    # a plot fact is its id and path plus what follows from its codes: built once per distinct
    # (county, land type, measure, forest type), not once per plot
    if ctx.wants("hn.plot"):
        shared: dict[tuple, dict] = {}
        for i, p in enumerate(sub.plots):
            key = (p.county, p.land_type, p.measure, p.forest_type)
            codes = shared.get(key)
            if codes is None:
                pref = divisions.prefecture_of(p.county)
                area = refdata.pilot_area(p.county)
                allowed = MEASURES_BY_LAND.get(p.land_type, ())
                codes = shared[key] = {
                    "county": p.county, "county_name": divisions.full_name(p.county), "place": divisions.place(p.county),
                    "in_hunan": p.county.startswith("43") and pref in HUNAN_PREFECTURES and divisions.is_county(p.county),
                    "land_in_scope": p.land_type in SCOPE_LANDS,
                    "land_type_zh": p.land_type.zh, "land_type_en": p.land_type.en,
                    "measure_fits": p.measure in allowed,
                    "measure_other_land": measure_land(p.measure) not in (None, p.land_type),
                    "measure_land_zh": (measure_land(p.measure) or p.land_type).zh,
                    "measure_land_en": (measure_land(p.measure) or p.land_type).en,
                    "measure_zh": p.measure.zh, "measure_en": p.measure.en,
                    "allowed_zh": "、".join(m.zh for m in allowed) or "（无）",
                    "allowed_en": ", ".join(m.en for m in allowed) or "(none)",
                    "planted_arbor": p.land_type is LandType.FOREST and (p.forest_type is not None and p.forest_type.value == "planted_arbor"),
                    "in_pilot": area is not None and "part" not in area,
                    "partly_pilot": area is not None and "part" in area,
                    "pilot_part": (area or {}).get("part", ""),
                }
            facts.append({"kind": "hn.plot", "path": f"plots[{i}]", "plot_id": p.id, **codes})

    # -- agreements ----------------------------------------------------------------------
    holders_of_all = sorted({p.holder for p in sub.plots})
    plot_index = sub.plot_index()
    for kind in REQUIRED_AGREEMENTS:
        present = [a for a in sub.agreements if a.kind.covers(kind)]
        if not present and ctx.wants("hn.required_agreement"):
            facts.append({"kind": "hn.required_agreement", "path": "agreements",
                          "agreement_zh": kind.zh, "agreement_en": kind.en, "present": False})
    covered_plots: set[str] = set()
    for i, a in enumerate(sub.agreements):
        path = f"agreements[{i}]"
        if ctx.wants("hn.agreement"):
            facts.append({"kind": "hn.agreement", "path": path, "agreement_zh": a.kind.zh, "agreement_en": a.kind.en,
                          "signed": a.signed is not None, "signed_date": iso(a.signed)})
        parties = agreement_parties(a)
        if a.kind in (AgreementKind.DEVELOPMENT, AgreementKind.TRIPARTITE) and ctx.wants("hn.confidentiality"):
            facts.append({"kind": "hn.confidentiality", "path": path, "agreement_zh": a.kind.zh,
                          "agreement_en": a.kind.en, "has_clause": Clause.CONFIDENTIALITY in a.clauses})
        if a.kind.covers(AgreementKind.TRANSFER):
            plots = list(getattr(a, "plots", None) or [])
            if a.kind is AgreementKind.TRIPARTITE and not plots:
                plots = list(plot_index)     # a tripartite agreement without a plot list covers them all
            covered_plots.update(plots)
            signers = set(parties)
            for pid in plots:
                plot = plot_index.get(pid)
                if plot and plot.holder not in signers:
                    facts.append({"kind": "hn.party_missing", "path": f"{path}", "agreement_zh": a.kind.zh,
                                  "agreement_en": a.kind.en, "plot_id": pid, "holder": plot.holder,
                                  "holder_name": ctx.party_name(plot.holder), "is_party": False})
        if a.kind.covers(AgreementKind.BENEFIT):
            signers = set(parties)
            for h in holders_of_all:
                if h not in signers:
                    facts.append({"kind": "hn.party_missing", "path": f"{path}", "agreement_zh": a.kind.zh,
                                  "agreement_en": a.kind.en, "plot_id": "全部地块", "holder": h,
                                  "holder_name": ctx.party_name(h), "is_party": False})
            shares = getattr(a, "shares", None) or {}
            # exact decimal arithmetic: 0.35 + 0.50 + 0.15 is 1, and 100.012 % is not 100 %
            total = sum((Fraction(str(v)) for v in shares.values()), Fraction(0))
            facts.append({"kind": "hn.benefit", "path": f"{path}.shares", "shares_exact": total == 1,
                          "shares_sum_pct": f"{float(total * 100):.6g}%", "share_count": len(shares)})
            holders = {p.id for p in sub.rights_holders}
            for pid in parties:
                facts.append({
                    "kind": "hn.share", "path": f"{path}.shares.{pid}", "party": pid,
                    "party_name": ctx.party_name(pid), "is_holder": pid in holders,
                    "listed": pid in shares, "share_positive": shares.get(pid, 0) > 0,
                    "share_pct": f"{shares.get(pid, 0) * 100:.6g}%",
                })
    if ctx.wants("hn.development_terms"):
        facts.extend(development_terms(ctx, "hn.development_terms"))
    for i, p in enumerate(sub.plots):
        if p.id not in covered_plots:
            facts.append({"kind": "hn.plot_uncovered", "path": f"plots[{i}]", "plot_id": p.id,
                          "holder_name": ctx.party_name(p.holder), "covered": False})
    return facts


J = HUNAN
RULES = [
    rule("HN-24-in-force", ("办法施行期间", "measures in force"), IN_FORCE, "hn.project", source="HN",
         jurisdiction=J,  # judged on every date, so that its own window is open
         cases=[
             Case("not_yet", F.as_of_day < P("HN.in_force_from"), INFO,
                  "判定日 {as_of} 早于湘林基〔2025〕5号施行日 {p[HN.in_force_from]}，湖南省规则尚未生效，未予适用",
                  "as-of date {as_of} is before 湘林基〔2025〕5号 takes effect ({p[HN.in_force_from]}); the Hunan rules were not applied",
                  "如需按办法预检，请以 {p[HN.in_force_from]} 或之后的日期作为 --as-of 重新检查",
                  "to pre-check against the measures, re-run with --as-of {p[HN.in_force_from]} or later"),
             Case("lapsed", F.as_of_day > P("HN.in_force_until"), WARNING,
                  "湘林基〔2025〕5号有效期至 {p[HN.in_force_until]}，已届满；判定日 {as_of} 未适用该办法，须核查是否有接续文件",
                  "湘林基〔2025〕5号 was valid until {p[HN.in_force_until]} and has lapsed; on {as_of} it was not applied: check for a successor text",
                  "向湖南省林业局核实现行有效的林业碳汇资源管理规定，并据此复核", "confirm the measures now in force with the Hunan Forestry Bureau and re-check against them"),
         ]),
    rule("HN-2-scope", ("项目地块在湖南省且为林地、草地或湿地", "plots in Hunan on forest land, grassland or wetland"),
         cite("第二条"), "hn.plot", source="HN", jurisdiction=J, window=WINDOW,
         decides="plot-location",
         cases=[
             Case("outside", F.in_hunan == False, ERROR,
                  "地块 {plot_id} 位于{place}（{county}），不在湖南省行政区域内",
                  "plot {plot_id} lies in {place} ({county}), outside Hunan",
                  "核对县级区划代码；湖南省外的地块不能纳入本省林业碳汇项目",
                  "check the county code; plots outside Hunan cannot be part of a Hunan project", exception_to="LOC-province", at="county"),
             Case("land", F.land_in_scope == False, ERROR,
                  "地块 {plot_id} 的地类为{land_type_zh}，不属于可开发碳汇的林地、草地、湿地",
                  "plot {plot_id} is {land_type_en}, not forest land, grassland or wetland",
                  "移出该地块，或按不动产权证书和国土调查成果更正地类",
                  "remove the plot, or correct its land type from its certificate and the land survey", at="land_type"),
         ]),
    rule("HN-9-measure", ("措施与地类相符", "measure fits the land type"), cite("第九条"), "hn.plot",
         source="HN", jurisdiction=J, window=WINDOW,
         reading="第九条各项以“等”结尾，所列措施并非穷尽：未列明的本地类措施（森林经营、低效林改造等）提示复核，不判为错误",
         cases=[
             Case("other_land", (F.land_in_scope == True) & (F.measure_fits == False) & (F.measure_other_land == True), ERROR,
                  "地块 {plot_id} 为{land_type_zh}，所报措施“{measure_zh}”是{measure_land_zh}的措施，不能提升{land_type_zh}固碳能力（第九条：{land_type_zh}通过{allowed_zh}等措施）",
                  "plot {plot_id} is {land_type_en}; measure '{measure_en}' is a measure for {measure_land_en}, not for {land_type_en} "
                  "(article 9: {land_type_en} through {allowed_en} and the like)",
                  "改为{land_type_zh}的措施（如{allowed_zh}），或按不动产权证书更正地类",
                  "use a measure for {land_type_en} (e.g. {allowed_en}), or correct the land type from the certificate", at="measure"),
             Case("unlisted", (F.land_in_scope == True) & (F.measure_fits == False) & (F.measure_other_land == False), WARNING,
                  "地块 {plot_id} 为{land_type_zh}，所报措施“{measure_zh}”未在第九条列举（{allowed_zh}等）：列举并非穷尽，须复核该措施能否提升{land_type_zh}固碳能力",
                  "plot {plot_id} is {land_type_en}; measure '{measure_en}' is not among those article 9 lists ({allowed_en} and the like): "
                  "the list is open, so a reviewer confirms that the measure raises carbon uptake on {land_type_en}",
                  "由县市区林业主管部门复核措施并在 project.reviews 中记录；如对适用有疑问，报省林业局确认",
                  "have the county forestry authority review the measure and record it in project.reviews; ask the provincial bureau if in doubt",
                  at="measure"),
         ]),
    rule("HN-12-priority", ("优先 CCER、有序发展湘林碳票、审慎开发其他机制", "CCER first, 湘林碳票 in order, other mechanisms with caution"),
         cite("第十二条"), "hn.project", source="HN", jurisdiction=J, window=WINDOW,
         cases=[
             Case("strict", F.supported == False, WARNING,
                  "{mechanism_zh} 属第十二条“严格审慎开发”的其他机制项目：已记录不采用 CCER/湘林碳票 的理由和市州林业局审核，仍须人工复核其必要性",
                  "{mechanism_en} is an 'other' mechanism that article 12 allows only with strict caution: the justification and the "
                  "prefecture review are on record; a reviewer still has to weigh it",
                  "复核者确认理由成立后再受理", "a reviewer confirms the justification before accepting the project",
                  at="mechanism"),
             Case("unjustified", (F.supported == False) & ((F.justified == False) | (F.prefecture_reviewed == False)), ERROR,
                  "{mechanism_zh} 项目缺少{lacking_zh}：第十二条对 CCER、湘林碳票以外的机制要求“严格审慎开发”",
                  "{mechanism_en} project lacks {lacking_en}: article 12 allows mechanisms other than CCER and 湘林碳票 only with strict caution",
                  "补充 project.justification（理由、审核机关、日期），并在 project.reviews 中记录地块所在市州林业局的审核",
                  "add project.justification (reason, reviewed_by, date) and record the prefecture bureau's review in project.reviews",
                  exception_to="HN-12-priority:strict", at="mechanism", show=("lacking_zh",)),
         ]),
    rule("HN-12-xltp-scope", ("湘林碳票地块为人工乔木林并在应用先行区", "湘林碳票 plots: planted arbor forest in the pilot areas"),
         Citation(DOC, "第十二条", "secondary", "湘林碳票项目方法学 人工乔木林（试行）及应用先行区公告"), "hn.plot", source="HN",
         jurisdiction=Jurisdiction(provinces=("43",), mechanisms=("XLTP",)), window=WINDOW,
         cases=[
             Case("not_arbor", F.planted_arbor == False, ERROR,
                  "湘林碳票地块 {plot_id} 不是林地上的人工乔木林（地类：{land_type_zh}）",
                  "湘林碳票 plot {plot_id} is not planted arbor forest on forest land (land type: {land_type_en})",
                  "湘林碳票现行方法学仅适用人工乔木林：移出该地块或更正 forest_type",
                  "the current 湘林碳票 methodology covers planted arbor forest only: remove the plot or correct forest_type",
                  at="forest_type"),
             Case("outside_pilot", (F.in_pilot == False) & (F.partly_pilot == False), WARNING,
                  "湘林碳票地块 {plot_id} 位于 {county_name}，不在应用先行区内",
                  "湘林碳票 plot {plot_id} in {county_name} is outside the pilot areas",
                  "向省林业局确认先行区外能否申报湘林碳票", "confirm with the provincial bureau whether plots outside the pilot areas are accepted",
                  at="county"),
             Case("partly_pilot", F.partly_pilot == True, WARNING,
                  "湘林碳票地块 {plot_id} 位于 {county_name}，仅其中的{pilot_part}属应用先行区：无法从县级代码确认地块在先行区内",
                  "湘林碳票 plot {plot_id} in {county_name}: only {pilot_part} is a pilot area",
                  "确认地块位于{pilot_part}范围内", "confirm the plot lies inside {pilot_part}", at="county"),
         ]),
    rule("HN-4-review", ("入库及以后阶段有市州林业局审核", "prefecture review on record from library entry on"),
         cite("第四条第二款"), "hn.project", source="HN", jurisdiction=J, window=WINDOW,
         when=(F.stage_order >= Stage.LIBRARY.order) & (F.prefecture_reviewed == False), severity=ERROR,
         message=("项目已到“{stage_zh}”阶段，但缺少地块所在市州林业局（{missing_review}）的审核把关记录（第四条第二款由市州林业局审核；县级审核不能替代，已记录的县级区划审核：{county_as_prefecture}）",
                  "project is at stage '{stage_en}' but the review of the prefecture (市州) bureau where its plots lie ({missing_review_codes}) is not on record "
                  "(article 4(2) assigns it to the prefecture bureau; a county bureau's review does not count: {county_as_prefecture})"),
         fix=("报地块所在市州林业局审核；在 project.reviews 中记录 kind: prefecture、该市州林业局名称、4 位市州代码（如 4306）和日期",
              "have the prefecture bureau of the plots review the project; record in project.reviews kind: prefecture, that bureau, its 4-digit code (e.g. 4306) and date"),
         show=("county_as_prefecture",),
         at="reviews"),
    rule("HN-13-lifecycle", ("开发→设计→入库→备案→交易 依次进行", "stages in order: development, design, library, filing, trading"),
         Citation(DOC, "第十三条", "secondary",
                  "第十三条规定省林业局通过平台指导开发、设计、入库、备案、交易等工作，并非对开发者的程序顺序规定；阶段顺序为产品的读法"),
         "hn.project", source="HN", jurisdiction=J, window=WINDOW,
         also_cites=(Citation(DOC_MEAS, "第十四条至第二十五条"),),
         reading="第十三条是省林业局的指导职责；缺少前序阶段或未备案即交易提示复核（警告），日期倒置或晚于判定日属数据不一致（错误）",
         cases=[
             Case("undated", F.undated > 0, WARNING,
                  "项目处于“{stage_zh}”阶段，但缺少以下阶段的日期记录：{undated_zh}（第十三条：省林业局通过平台对开发、设计、入库、备案、交易全过程监督管理）",
                  "project is at stage '{stage_en}' but has no dated record of: {undated_en} (article 13: the provincial platform follows every stage)",
                  "在 project.milestones 中补记各阶段的日期；确未经历的阶段请向县市区林业主管部门说明",
                  "add the date of each stage to project.milestones; explain any stage skipped to the county forestry authority", at="milestones"),
             Case("no_filing", (F.national == False) & (F.trading_without_filing == True), WARNING,
                  "项目已进入交易阶段但未记录备案：第十三条将备案列在交易之前，须复核",
                  "project is trading with no filing (备案) on record: article 13 lists filing before trading; to be reviewed",
                  "记录 milestones.filing（备案日期）；未备案的，向省林业局说明", "record milestones.filing; if not filed, explain to the provincial bureau",
                  exception_to="HN-13-lifecycle:undated", at="milestones"),
             Case("no_registration", (F.national == True) & (F.trading_without_registration == True), WARNING,
                  "CCER 项目已进入交易阶段，但未记录项目登记（milestones.filing）或已登记的减排量（reduction_batches[].registered）：全国温室气体自愿减排交易的前提是项目登记和减排量登记（办法第十四条至第二十五条）",
                  "CCER project is trading without a recorded project registration (milestones.filing) or registered reductions (reduction_batches[].registered): "
                  "national trading presupposes project and reduction registration (MEAS art. 14-25)",
                  "记录项目登记日期和减排量登记日期；未登记的减排量不能交易",
                  "record the project's and the reductions' registration dates; unregistered reductions cannot be traded",
                  exception_to="HN-13-lifecycle:undated", at="milestones"),
             Case("backwards", F.backwards > 0, ERROR,
                  "阶段日期顺序倒置或晚于判定日（数据不一致）：{backwards_text}",
                  "stage dates go backwards or lie after the as-of date (inconsistent data): {backwards_text}",
                  "按实际发生日期更正 project.milestones", "correct project.milestones to the real dates", at="milestones.order"),
         ]),
    rule("HN-14-venue", ("在国家或本省规定的交易场所交易", "trade on a venue designated by the state or Hunan"),
         cite("第十四条第二款"), "hn.project", source="HN", jurisdiction=J, window=WINDOW,
         cases=[
             Case("undesignated", (F.has_venue == True) & (F.venue_designated == False) & (F.venue_data == True)
                  & (F.venue_elsewhere == False), ERROR,
                  "交易场所“{venue}”不是国家或湖南省规定的 {mechanism_zh} 交易场所（规定场所：{designated_venues}）",
                  "venue '{venue}' is not a {mechanism_en} venue designated by the state or by Hunan (designated: {designated_venues})",
                  "改在规定场所交易；如该场所另有指定文件，报省林业局确认；确认后由系统管理员登记",
                  "trade on a designated venue; if the venue has a designation not yet recorded, ask the provincial forestry bureau to confirm it; "
                  "once confirmed, the system administrator records it",
                  at="trading_venue"),
             Case("elsewhere", (F.has_venue == True) & (F.venue_designated == False) & (F.venue_elsewhere == True), ERROR,
                  "交易场所“{venue}”为{venue_designation}，不是国家或湖南省规定的交易场所（第十四条第二款）；{mechanism_zh} 的规定场所：{designated_venues}",
                  "venue '{venue}' is {venue_designation_en}, not designated by the state or by Hunan (article 14(2)); designated for {mechanism_en}: {designated_venues}",
                  "改在国家或湖南省规定的交易场所交易", "trade on a venue designated by the state or by Hunan",
                  at="trading_venue", show=("venue_designation",)),
             Case("no_designation", (F.has_venue == True) & (F.venue_data == False) & (F.venue_elsewhere == False), ERROR,
                  "尚无国家或湖南省规定的 {mechanism_zh} 交易场所记录，无法确认“{venue}”是否为规定场所",
                  "no venue designated by the state or Hunan is on record for {mechanism_en}, so '{venue}' cannot be confirmed",
                  "报省林业局确认 {mechanism_zh} 的交易场所及其指定文件；确认后由系统管理员登记",
                  "ask the provincial forestry bureau to confirm the {mechanism_en} venue and its designating act; once confirmed, the system administrator records it",
                  at="trading_venue"),
             Case("no_venue", (F.stage_order >= Stage.TRADING.order) & (F.has_venue == False), ERROR,
                  "项目已进入交易阶段，但未填写交易场所", "project is trading but names no trading venue",
                  "在 project.trading_venue 中填写规定的交易场所", "name the designated venue in project.trading_venue", at="trading_venue"),
         ]),
    rule("HN-14-enclosure", ("疑似以开发为名圈占资源", "suspected enclosure of carbon-sink resources"),
         cite("第十四条第一款"), "hn.development_terms", source="HN", jurisdiction=J, window=WINDOW,
         also_cites=(Citation("农村土地承包法", "第四十二条"),),
         reading="月数（参数 HN.enclosure_months）参照农村土地承包法第四十二条连续两年弃耕抛荒，为产品的判断标准；约定开发期限届满未达设计阶段按协议文字判断",
         cases=[
             Case("stale", (F.months_since_signed > P("HN.enclosure_months")) & (F.reached_design == False), WARNING,
                  "{agreement_zh}签订于 {signed_date}，已超过 {p[HN.enclosure_months]} 个月，项目仍处于“{stage_zh}”阶段：疑似以开发为名圈定、控制碳汇资源",
                  "{agreement_en} signed on {signed_date}, more than {p[HN.enclosure_months]} months ago, and the project is still at '{stage_en}': suspected enclosure",
                  "县市区林业主管部门应核查并告知林业碳汇资源权益人；开发方应推进设计或依约返还权利",
                  "the county forestry authority should investigate and notify the rights holders; the developer should proceed to design or return the rights",
                  show=("signed_date",)),
             Case("deadline_missed", (F.deadline_passed == True) & (F.reached_design == False), WARNING,
                  "{agreement_zh}约定的开发期限 {deadline} 已届满（判定日 {as_of}），项目仍处于“{stage_zh}”阶段，未达到约定的“{promised_zh}”阶段：疑似圈定、控制碳汇资源",
                  "the development deadline {deadline} agreed in the {agreement_en} has passed (as of {as_of}) and the project is still at '{stage_en}', "
                  "short of the promised '{promised_en}': suspected enclosure",
                  "县市区林业主管部门应核查并告知林业碳汇资源权益人：权利人可依约收回权利",
                  "the county forestry authority should investigate and notify the rights holders, who may take the rights back under the agreement",
                  at="development_deadline", show=("deadline",)),
         ]),
    rule("HN-14-milestones", ("协议约定开发期限和逾期返还", "agreements bind a development deadline with reversion"),
         cite("第十四条第一款"), "hn.development_terms", source="HN", jurisdiction=J, window=WINDOW,
         when=(F.has_deadline == False) | (F.has_reversion_clause == False), severity=WARNING,
         message=("{agreement_zh}未同时约定开发期限（development_deadline）和逾期未开发时权利返还权利人的条款：具有排他性却无期限，存在圈占风险",
                  "{agreement_en} lacks a development deadline and/or the clause returning the rights to the holder if it is missed: exclusivity without a deadline"),
         fix=("约定开发期限（签约后完成设计的期限），并加入“逾期未开发的，权利返还权利人”条款（clauses: development_deadline）",
              "set a development deadline (by when the design is complete) and a reversion clause (clauses: development_deadline)"),
         show=("deadline",)),
    rule("HN-15-agreements", ("签订项目开发、资源流转、利益分配协议并签署", "development, transfer and benefit agreements exist and are signed"),
         cite("第十五条"), "hn.required_agreement", source="HN", jurisdiction=J, window=WINDOW,
         cases=[
             Case("missing", F.present == False, ERROR,
                  "缺少{agreement_zh}（或涵盖三者的三方协议）", "no {agreement_en} (nor a tripartite agreement covering it)",
                  "签订{agreement_zh}并在 agreements 中登记；可用 compliance draft 生成协议文本",
                  "sign the {agreement_en} and record it in agreements; `compliance draft` produces a text"),
             Case("unsigned", F.signed == False, ERROR,
                  "{agreement_zh}尚未签署（无签署日期）", "{agreement_en} is not signed (no signing date)",
                  "各方签署后在 signed 中填写签署日期", "have every party sign, then record the date in signed",
                  at="signed", fact="hn.agreement"),
         ]),
    rule("HN-15-parties", ("地块权利人均为协议签约方", "every plot's rights holder signs the agreements covering it"),
         cite("第十五条"), "hn.party_missing", source="HN", jurisdiction=J, window=WINDOW,
         tags=("agreement",),
         cases=[
             Case("not_party", F.is_party == False, ERROR,
                  "{agreement_zh}涉及地块 {plot_id}，但其林权权利人 {holder_name}（{holder}）不是签约方",
                  "{agreement_en} covers plot {plot_id} but its rights holder {holder_name} ({holder}) does not sign it",
                  "将 {holder_name} 列为签约方（parties / transferors），或将该地块移出协议",
                  "add {holder_name} as a signing party (parties / transferors), or take the plot out of the agreement"),
             Case("uncovered", F.covered == False, ERROR,
                  "地块 {plot_id}（权利人 {holder_name}）未被任何资源流转协议或三方协议覆盖，权利人未就该地块签约",
                  "plot {plot_id} (holder {holder_name}) is not covered by any transfer or tripartite agreement",
                  "与该地块权利人签订资源流转协议，或在现有协议的 plots 中列入该地块",
                  "sign a transfer agreement with the plot's holder, or list the plot in an existing agreement's plots",
                  fact="hn.plot_uncovered"),
         ]),
    rule("HN-15-benefit", ("收益分配比例逐方列明、合计 100%、权利人份额大于 0", "benefit shares per party, summing to 100 %, holders above 0"),
         cite("第十五条"), "hn.benefit", source="HN", jurisdiction=J, window=WINDOW,
         tags=("agreement",),
         cases=[
             Case("sum", F.shares_exact == False, ERROR,
                  "利益分配比例合计为 {shares_sum_pct}，应恰好为 100%", "benefit shares sum to {shares_sum_pct}; they must sum to exactly 100 %",
                  "调整 shares，使各方比例之和为 1（100%）", "adjust shares so that they sum to 1 (100 %)"),
             Case("unlisted", F.listed == False, ERROR,
                  "签约方 {party_name}（{party}）未列明收益分配比例", "party {party_name} ({party}) has no benefit share listed",
                  "在 shares 中为 {party} 列明比例", "list a share for {party} in shares", fact="hn.share"),
             Case("holder_zero", (F.listed == True) & (F.is_holder == True) & (F.share_positive == False), ERROR,
                  "林权权利人 {party_name}（{party}）的收益分配比例为 0，不能保障林权所有者权益",
                  "rights holder {party_name} ({party}) has a zero share, which does not protect the owner's interest",
                  "为权利人约定大于 0 的分配比例", "give the rights holder a share above 0", fact="hn.share"),
         ]),
    rule("HN-20-confidentiality", ("开发协议约定碳汇资源数据保密", "development agreement keeps resource data confidential"),
         cite("第二十条"), "hn.confidentiality", source="HN", jurisdiction=J, window=WINDOW,
         when=F.has_clause == False, severity=WARNING,
         message=("{agreement_zh}缺少碳汇资源数据保密条款", "{agreement_en} has no confidentiality clause on carbon-sink resource data"),
         fix=("加入保密条款（clauses: confidentiality），约定开发主体对林业碳汇资源敏感数据的保密责任",
              "add a confidentiality clause (clauses: confidentiality) binding the developer to protect resource data"),
         at="clauses"),
    rule("HN-11-insurance", ("建议投保森林保险", "forest insurance advised"), cite("第十一条"), "hn.project",
         source="HN", jurisdiction=J, window=WINDOW,
         when=F.insured == False, severity=INFO,
         message=("项目未记录森林保险安排；第十一条鼓励将林业碳汇资源纳入森林保险", "no forest insurance recorded; article 11 encourages insuring carbon-sink resources"),
         fix=("与保险机构商定森林（碳汇）保险并在 project.insurance 中记录", "arrange forest (carbon) insurance and record it in project.insurance"),
         at="insurance"),
]

# -- the fact fields the rules read, with their meaning and article ------------------------------
FACTS = (
    fact_kind("hn.project",
              as_of_day=("判定日（日序号）", "as-of date (day number)", "第二十四条"),
              supported=("机制为 CCER 或湘林碳票", "mechanism is CCER or 湘林碳票", "第十二条"),
              justified=("已记录不采用 CCER/湘林碳票 的理由", "a justification for another mechanism is on record", "第十二条"),
              prefecture_reviewed=("地块所在每个市州的林业局均已审核（4 位市州代码或该市州林业局）", "the bureau of every prefecture of the plots has reviewed", "第四条第二款"),
              stage_order=("项目阶段序号（开发 0 … 交易 4）", "stage number (development 0 … trading 4)", "第十三条"),
              undated=("当前阶段之前缺少日期记录的阶段数", "earlier stages without a date", "第十三条"),
              backwards=("日期倒置或晚于判定日的阶段数", "stage dates going backwards or after the as-of date", "第十三条"),
              national=("全国机制（CCER）", "a national mechanism (CCER)", "办法第十四条至第二十五条"),
              trading_without_filing=("已交易但无备案日期", "trading without a filing date", "第十三条"),
              trading_without_registration=("CCER 已交易但无项目登记日期或已登记减排量", "CCER trading without project or reduction registration", "办法第十四条至第二十五条"),
              has_venue=("填写了交易场所", "a trading venue is named", "第十四条第二款"),
              venue_designated=("交易场所为国家或湖南省规定的该机制场所（名称规范化并比对别名）", "the venue is designated by the state or Hunan for the mechanism", "第十四条第二款"),
              venue_elsewhere=("交易场所为其他省份规定的场所", "the venue is designated by another province", "第十四条第二款"),
              venue_data=("参考数据有该机制的国家或湖南省规定场所", "the data holds a national or Hunan venue for the mechanism", "第十四条第二款"),
              insured=("记录了森林保险", "forest insurance is recorded", "第十一条"),
              lacking_zh=("非 CCER/湘林碳票 项目缺少的审慎开发依据（理由或其记录）", "what a project of another mechanism lacks for prudent development (its justification)", "第十二条"),
              county_as_prefecture=("以县级区划记录的审核（不能替代市州林业局审核）", "reviews recorded by a county, which do not stand in for the prefecture bureau's", "第四条第二款"),
              venue_designation=("该场所由哪个省份、依何文件指定", "which province designated the venue, and by which act", "第十四条第二款")),
    fact_kind("hn.plot",
              in_hunan=("地块的县级区划代码属湖南省（市州 4301–4313、4331）", "the plot's county code lies in Hunan", "第二条"),
              land_in_scope=("地类为林地、草地或湿地", "land type is forest land, grassland or wetland", "第二条"),
              measure_fits=("措施在第九条为该地类所列", "the measure is listed for the land type", "第九条"),
              measure_other_land=("措施属其他地类（所列或未列但属其他地类）", "the measure belongs to another land type", "第九条"),
              planted_arbor=("林地上的人工乔木林", "planted arbor forest on forest land", "第十二条；湘林碳票方法学"),
              in_pilot=("县级单位整体位于湘林碳票应用先行区", "the county lies wholly in a 湘林碳票 pilot area", "第十二条"),
              partly_pilot=("县级单位仅部分属应用先行区", "only part of the county is a pilot area", "第十二条")),
    fact_kind("hn.development_terms",
              months_since_signed=("签约至判定日已开始的月数", "months begun since signing", "第十四条第一款"),
              reached_design=("项目已达到设计阶段", "the project has reached design", "第十四条第一款"),
              deadline_passed=("约定开发期限早于判定日", "the agreed development deadline has passed", "第十四条第一款"),
              has_deadline=("协议约定了开发期限", "the agreement sets a development deadline", "第十四条第一款"),
              has_reversion_clause=("协议有逾期权利返还条款", "the agreement returns the rights if the deadline is missed", "第十四条第一款"),
              signed_date=("开发协议签订日", "the date the development agreement was signed", "第十四条第一款"),
              deadline=("协议约定的开发期限（到期日）", "the development deadline the agreement sets", "第十四条第一款")),
    fact_kind("hn.required_agreement", present=("存在该类协议或三方协议", "the agreement (or a tripartite one) exists", "第十五条")),
    fact_kind("hn.agreement", signed=("协议有签署日期", "the agreement has a signing date", "第十五条")),
    fact_kind("hn.party_missing", is_party=("地块权利人为协议签约方", "the plot's rights holder signs the agreement", "第十五条")),
    fact_kind("hn.plot_uncovered", covered=("地块被流转协议或三方协议覆盖", "the plot is covered by a transfer or tripartite agreement", "第十五条")),
    fact_kind("hn.benefit", shares_exact=("分配比例之和恰为 100%（精确小数运算）", "shares sum to exactly 100 %", "第十五条")),
    fact_kind("hn.share",
              listed=("签约方列有分配比例", "the party has a share listed", "第十五条"),
              is_holder=("签约方为林权权利人", "the party is a rights holder", "第十五条"),
              share_positive=("分配比例大于 0", "the share is above 0", "第十五条")),
    fact_kind("hn.confidentiality", has_clause=("开发协议有碳汇资源数据保密条款", "the development agreement has a confidentiality clause", "第二十条")),
)


RULESET = Ruleset(
    id="hunan", title_zh="湖南省林业碳汇资源管理办法（试行）", title_en="Hunan measures on forestry carbon-sink resources (trial)",
    source="HN", jurisdiction=HUNAN, window=WINDOW, rules=RULES, params=PARAMS, derive=derive, facts=FACTS, document=DOC,
)
