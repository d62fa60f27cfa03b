"""湘林基〔2025〕5号 湖南省林业碳汇资源管理办法（试行）: the Hunan rules (HN-).

In force 2026-02-01 for two years (第二十四条); applies to projects in province 43.
"""
from __future__ import annotations

import datetime as dt
from fractions import Fraction

from compliance.reference import divisions, refdata
from compliance.rules.facts import Context, agreement_parties, iso
from compliance.reference.vocab import AgreementKind, Clause, LandType, Measure, Mechanism, ReviewKind, Severity, Stage
from .base import Case, Citation, F, Jurisdiction, P, Ruleset, param, rule

DOC = "湘林基〔2025〕5号"


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
SCOPE_LANDS = tuple(MEASURES_BY_LAND)          # 第二条: 林地、草地、湿地
HUNAN_PREFECTURES = tuple(f"43{n:02d}" for n in range(1, 14)) + ("4331",)
SUPPORTED = (Mechanism.CCER, Mechanism.XLTP)   # 第十二条: CCER first, then 湘林碳票
REQUIRED_AGREEMENTS = (AgreementKind.DEVELOPMENT, AgreementKind.TRANSFER, AgreementKind.BENEFIT)


def _months_started(start: dt.date, end: dt.date) -> int:
    """Months begun between two dates: exactly 24 months -> 24, one day more -> 25."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day > start.day:
        months += 1
    return max(months, 0)


def derive(ctx: Context) -> list[dict]:
    sub, pr = ctx.sub, ctx.sub.project
    facts: list[dict] = []
    plot_prefectures = sorted({divisions.prefecture_of(p.county) for p in sub.plots})
    prefecture_reviews = {r.division[:4] for r in pr.reviews
                          if r.kind is ReviewKind.PREFECTURE and r.division and r.date <= ctx.as_of}
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
    designated = refdata.designated_venues(pr.mechanism.value)
    venue = pr.trading_venue or ""
    facts.append({
        "kind": "hn.project", "path": "project",
        "mechanism": pr.mechanism.value, "mechanism_zh": pr.mechanism.zh, "mechanism_en": pr.mechanism.en,
        "supported": pr.mechanism in SUPPORTED,
        "justified": pr.justification is not None,
        "lacking_zh": "和".join(z for z, _ in lacking) or "—", "lacking_en": " and ".join(e for _, e in lacking) or "-",
        "prefecture_reviewed": bool(plot_prefectures) and not missing_review,
        "missing_review": "、".join(divisions.name(c) for c in missing_review) or "—",
        "missing_review_codes": ", ".join(missing_review) or "-",
        "stage": pr.stage.value, "stage_zh": pr.stage.zh, "stage_en": pr.stage.en, "stage_order": pr.stage.order,
        "undated": len(undated), "undated_zh": "、".join(s.zh for s in undated), "undated_en": ", ".join(s.en for s in undated),
        "backwards": len(backwards) + len(future),
        "backwards_text": "；".join(backwards + [f"{x} 晚于判定日" for x in future]),
        "trading_without_filing": pr.stage is Stage.TRADING and Stage.FILING not in milestones,
        "venue": venue, "has_venue": bool(venue),
        "venue_designated": bool(venue) and refdata.venue_entry(pr.mechanism.value, venue) is not None,
        "venue_data": bool(designated),
        "designated_venues": "、".join(e["name"] for e in designated or []) or "（无）",
        "insured": bool(pr.insurance),
        "as_of": ctx.as_of.isoformat(), "as_of_day": ctx.as_of_day,
    })

    # -- plots ---------------------------------------------------------------------------
    for i, p in enumerate(sub.plots):
        pref = divisions.prefecture_of(p.county)
        area = refdata.pilot_area(p.county)
        allowed = MEASURES_BY_LAND.get(p.land_type, ())
        facts.append({
            "kind": "hn.plot", "path": f"plots[{i}]", "plot_id": p.id,
            "county": p.county, "county_name": divisions.full_name(p.county),
            "in_hunan": p.county.startswith("43") and pref in HUNAN_PREFECTURES and divisions.is_county(p.county),
            "land_in_scope": p.land_type in SCOPE_LANDS,
            "land_type_zh": p.land_type.zh, "land_type_en": p.land_type.en,
            "measure_fits": p.measure in allowed,
            "measure_zh": p.measure.zh, "measure_en": p.measure.en,
            "allowed_zh": "、".join(m.zh for m in allowed) or "（无）",
            "allowed_en": ", ".join(m.en for m in allowed) or "(none)",
            "planted_arbor": p.land_type is LandType.FOREST and (p.forest_type is not None and p.forest_type.value == "planted_arbor"),
            "in_pilot": area is not None and "part" not in area,
            "partly_pilot": area is not None and "part" in area,
            "pilot_part": (area or {}).get("part", ""),
        })

    # -- agreements ----------------------------------------------------------------------
    holders_of_all = sorted({p.holder for p in sub.plots})
    plot_index = sub.plot_index()
    for kind in REQUIRED_AGREEMENTS:
        present = [a for a in sub.agreements if a.kind.covers(kind)]
        if not present:
            facts.append({"kind": "hn.required_agreement", "path": "agreements",
                          "agreement_zh": kind.zh, "agreement_en": kind.en, "present": False})
    covered_plots: set[str] = set()
    for i, a in enumerate(sub.agreements):
        path = f"agreements[{i}]"
        facts.append({"kind": "hn.agreement", "path": path, "agreement_zh": a.kind.zh, "agreement_en": a.kind.en,
                      "signed": a.signed is not None, "signed_date": iso(a.signed)})
        parties = agreement_parties(a)
        binds_development = a.kind in (AgreementKind.DEVELOPMENT, AgreementKind.TRANSFER, AgreementKind.TRIPARTITE)
        if binds_development:
            deadline = getattr(a, "development_deadline", None)
            months = _months_started(a.signed, ctx.as_of) if a.signed and a.signed <= ctx.as_of else 0
            facts.append({
                "kind": "hn.development_terms", "path": path,
                "agreement_zh": a.kind.zh, "agreement_en": a.kind.en,
                "has_deadline": deadline is not None, "deadline": iso(deadline),
                "has_reversion_clause": Clause.DEADLINE in a.clauses,
                "months_since_signed": months, "signed_date": iso(a.signed),
                "reached_design": pr.stage.order >= Stage.DESIGN.order,
                "stage_zh": pr.stage.zh, "stage_en": pr.stage.en,
            })
        if a.kind in (AgreementKind.DEVELOPMENT, AgreementKind.TRIPARTITE):
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
                  "湘林基〔2025〕5号有效期两年，已于 {p[HN.in_force_until]} 届满；判定日 {as_of} 未适用该办法，须核查是否有接续文件",
                  "湘林基〔2025〕5号 was valid for two years and lapsed on {p[HN.in_force_until]}; on {as_of} it was not applied: check for a successor text",
                  "向湖南省林业局核实现行有效的林业碳汇资源管理规定，并据此复核", "confirm the measures now in force with the Hunan Forestry Bureau and re-check against them"),
         ]),
    rule("HN-2-scope", ("项目地块在湖南省且为林地、草地或湿地", "plots in Hunan on forest land, grassland or wetland"),
         cite("第二条"), "hn.plot", source="HN", jurisdiction=J, window=WINDOW,
         cases=[
             Case("outside", F.in_hunan == False, ERROR,
                  "地块 {plot_id} 位于 {county_name}（{county}），不在湖南省行政区域内",
                  "plot {plot_id} lies in {county_name} ({county}), outside Hunan",
                  "核对县级区划代码；湖南省外的地块不能纳入本省林业碳汇项目",
                  "check the county code; plots outside Hunan cannot be part of a Hunan project", at="county"),
             Case("land", F.land_in_scope == False, ERROR,
                  "地块 {plot_id} 的地类为{land_type_zh}，不属于可开发碳汇的林地、草地、湿地",
                  "plot {plot_id} is {land_type_en}, not forest land, grassland or wetland",
                  "移出该地块，或按不动产权证书和国土调查成果更正地类",
                  "remove the plot, or correct its land type from its certificate and the land survey", at="land_type"),
         ]),
    rule("HN-9-measure", ("措施与地类相符", "measure fits the land type"), cite("第九条"), "hn.plot",
         source="HN", jurisdiction=J, window=WINDOW,
         when=(F.land_in_scope == True) & (F.measure_fits == False), severity=ERROR,
         message=("地块 {plot_id} 为{land_type_zh}，所报措施“{measure_zh}”不在第九条所列{land_type_zh}措施（{allowed_zh}）之内",
                  "plot {plot_id} is {land_type_en}; measure '{measure_en}' is not among the article 9 measures for it ({allowed_en})"),
         fix=("改为适合该地类的措施：{allowed_zh}", "use a measure for this land type: {allowed_en}"), at="measure"),
    rule("HN-12-priority", ("优先 CCER、有序发展湘林碳票、审慎开发其他机制", "CCER first, 湘林碳票 in order, other mechanisms with caution"),
         cite("第十二条"), "hn.project", source="HN", jurisdiction=J, window=WINDOW,
         cases=[
             Case("supported", F.supported == True, INFO,
                  "{mechanism_zh} 属第十二条支持的项目类型（优先支持 CCER，有序推动湘林碳票）",
                  "{mechanism_en} is supported by article 12 (CCER first, then 湘林碳票)", at="mechanism"),
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
         message=("项目已到“{stage_zh}”阶段，但缺少地块所在市州林业局（{missing_review}）的审核记录",
                  "project is at stage '{stage_en}' but the review of the prefecture bureau where its plots lie ({missing_review_codes}) is not on record"),
         fix=("在 project.reviews 中记录 kind: prefecture、审核机关、区划代码（如 4306）和日期",
              "record in project.reviews a review with kind: prefecture, the authority, its division code (e.g. 4306) and date"),
         at="reviews"),
    rule("HN-13-lifecycle", ("开发→设计→入库→备案→交易 依次进行", "stages in order: development, design, library, filing, trading"),
         cite("第十三条"), "hn.project", source="HN", jurisdiction=J, window=WINDOW,
         cases=[
             Case("undated", F.undated > 0, ERROR,
                  "项目处于“{stage_zh}”阶段，但缺少以下阶段的日期记录：{undated_zh}",
                  "project is at stage '{stage_en}' but has no dated record of: {undated_en}",
                  "在 project.milestones 中补记各阶段的日期", "add the date of each stage to project.milestones", at="milestones"),
             Case("no_filing", F.trading_without_filing == True, ERROR,
                  "项目已进入交易阶段但未备案：第十三条要求先备案后交易",
                  "project is trading without having been filed (备案): article 13 puts filing before trading",
                  "完成备案并记录 milestones.filing 后再交易", "complete filing and record milestones.filing before trading",
                  exception_to="HN-13-lifecycle:undated", at="milestones"),
             Case("backwards", F.backwards > 0, ERROR,
                  "阶段日期顺序倒置或晚于判定日：{backwards_text}",
                  "stage dates go backwards or lie after the as-of date: {backwards_text}",
                  "按实际发生日期更正 project.milestones", "correct project.milestones to the real dates", at="milestones.order"),
         ]),
    rule("HN-14-venue", ("在国家或本省规定的交易场所交易", "trade on a venue designated by the state or Hunan"),
         cite("第十四条第二款"), "hn.project", source="HN", jurisdiction=J, window=WINDOW,
         cases=[
             Case("undesignated", (F.has_venue == True) & (F.venue_designated == False) & (F.venue_data == True), ERROR,
                  "交易场所“{venue}”不是 {mechanism_zh} 的指定交易场所（指定场所：{designated_venues}）",
                  "venue '{venue}' is not designated for {mechanism_en} (designated: {designated_venues})",
                  "改在指定交易场所交易；如有新的指定文件，请在 compliance/data/venues.yaml 中登记场所及其依据",
                  "trade on a designated venue; if a new designation was published, add it with its source to compliance/data/venues.yaml",
                  at="trading_venue"),
             Case("no_designation", (F.has_venue == True) & (F.venue_data == False), ERROR,
                  "参考数据中尚无 {mechanism_zh} 的指定交易场所，无法确认“{venue}”是否为规定场所",
                  "the reference data records no designated venue for {mechanism_en}, so '{venue}' cannot be confirmed",
                  "由省林业局公布指定场所后，在 compliance/data/venues.yaml 的 venues.{mechanism} 下登记（名称、别名、依据）",
                  "once the provincial bureau designates a venue, add it (name, aliases, source) under venues.{mechanism} in compliance/data/venues.yaml",
                  at="trading_venue"),
             Case("no_venue", (F.stage_order >= Stage.TRADING.order) & (F.has_venue == False), ERROR,
                  "项目已进入交易阶段，但未填写交易场所", "project is trading but names no trading venue",
                  "在 project.trading_venue 中填写指定交易场所", "name the designated venue in project.trading_venue", at="trading_venue"),
         ]),
    rule("HN-14-enclosure", ("疑似以开发为名圈占资源", "suspected enclosure of carbon-sink resources"),
         cite("第十四条第一款"), "hn.development_terms", source="HN", jurisdiction=J, window=WINDOW,
         also_cites=(Citation("农村土地承包法", "第四十二条"),),
         when=(F.months_since_signed > P("HN.enclosure_months")) & (F.reached_design == False), severity=WARNING,
         message=("{agreement_zh}签订于 {signed_date}，已超过 {p[HN.enclosure_months]} 个月，项目仍处于“{stage_zh}”阶段：疑似以开发为名圈定、控制碳汇资源",
                  "{agreement_en} signed on {signed_date}, more than {p[HN.enclosure_months]} months ago, and the project is still at '{stage_en}': suspected enclosure"),
         fix=("县市区林业主管部门应核查并告知林业碳汇资源权益人；开发方应推进设计或依约返还权利",
              "the county forestry authority should investigate and notify the rights holders; the developer should proceed to design or return the rights"),
         show=("signed_date",)),
    rule("HN-14-milestones", ("协议约定开发期限和逾期返还", "agreements bind a development deadline with reversion"),
         cite("第十四条第一款"), "hn.development_terms", source="HN", jurisdiction=J, window=WINDOW,
         when=(F.has_deadline == False) | (F.has_reversion_clause == False), severity=WARNING,
         message=("{agreement_zh}未同时约定开发期限（development_deadline）和逾期未开发时权利返还权利人的条款：具有排他性却无期限，存在圈占风险",
                  "{agreement_en} lacks a development deadline and/or the clause returning the rights to the holder if it is missed: exclusivity without a deadline"),
         fix=("约定开发期限（如签约后 12 个月内完成设计），并加入“逾期未开发的，权利返还权利人”条款（clauses: development_deadline）",
              "set a development deadline (e.g. design within 12 months) and a reversion clause (clauses: development_deadline)"),
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

RULESET = Ruleset(
    id="hunan", title_zh="湖南省林业碳汇资源管理办法（试行）", title_en="Hunan measures on forestry carbon-sink resources (trial)",
    source="HN", jurisdiction=HUNAN, window=WINDOW, rules=RULES, params=PARAMS, derive=derive, document=DOC,
)
