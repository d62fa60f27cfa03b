"""CCER forestry methodologies: 造林碳汇 CCER-14-001-V01 (AFF-) and 红树林营造 CCER-14-002-V01 (MAN-).

Both were published by the Ministry of Ecology and Environment and took effect on 2023-10-24; they
apply to CCER projects that use them, in any province. The eligibility conditions of the
afforestation methodology are its section 2 (适用条件) a)–d) and the scope sentence before them
(不包括经济林造林、非林地上的通道绿化、城镇村及工矿用地绿化); the crediting-period length is taken
from secondary sources (the methodology's 项目计入期 clause was not read in an official copy).
"""
from __future__ import annotations

import datetime as dt

from compliance.reference import divisions
from compliance.rules.facts import Context, day, iso
from compliance.reference.vocab import LandType, Measure, Mechanism, Severity, Stage
from .base import OPEN_END, Case, Citation, F, Jurisdiction, P, Ruleset, param, param_value, rule, fact_kind
from ._periods import add_years, period_whole_years, period_years_begun, whole_years

AFF_CODE = "CCER-14-001-V01"
MAN_CODE = "CCER-14-002-V01"
AFF_DOC = f"温室气体自愿减排项目方法学 造林碳汇（{AFF_CODE}）"
MAN_DOC = f"温室气体自愿减排项目方法学 红树林营造（{MAN_CODE}）"
TEXT_NOTE = "方法学文本第2章“适用条件”（据公开转载的方法学全文核对）"


def aff(article: str, basis: str = "primary", note: str = TEXT_NOTE) -> Citation:
    return Citation(AFF_DOC, article, basis, note)


FROM = dt.date(2023, 10, 24)      # 生态环境部 2023-10-24 发布首批方法学
WINDOW = (FROM, OPEN_END)
CCER = Mechanism.CCER.value
AFF_J = Jurisdiction(mechanisms=(CCER,), methodologies=(AFF_CODE,))
MAN_J = Jurisdiction(mechanisms=(CCER,), methodologies=(MAN_CODE,))
ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# Provinces with a sea coast (NBS codes): 河北 天津 辽宁 上海 江苏 浙江 福建 山东 广东 广西 海南 台湾 香港 澳门.
# Mangroves grow only on tropical/subtropical tidal flats of the south-east coast; any province not in
# this list has no intertidal land at all.
COASTAL_PROVINCES = ("12", "13", "21", "31", "32", "33", "35", "37", "44", "45", "46", "71", "81", "82")

PARAMS = [
    param("AFF.in_force_from", FROM, FROM, aff("发布通知", "secondary", "生态环境部 2023-10-24 发布首批 CCER 方法学"),
          "造林碳汇方法学施行日期", "date the afforestation methodology takes effect"),
    param("AFF.baseline_years", 3, FROM, aff("2 a)"),
          "项目开始前不符合森林定义的最短年数", "minimum years the land did not meet the forest definition before the start", "年"),
    param("AFF.parcel_min_m2", 400, FROM, aff("2 c)"),
          "单个地块最小连续面积", "minimum contiguous area of a parcel", "m²"),
    param("AFF.parcel_min_m2_early", 667, FROM, aff("2 c)"),
          "2019年（含）之前开始的项目单个地块最小连续面积", "minimum contiguous parcel for projects started in 2019 or earlier", "m²"),
    param("AFF.early_start_until", dt.date(2019, 12, 31), FROM, aff("2 c)"),
          "适用 667 m² 的项目开始日期上限（2019年含）", "last start date for which 667 m² applies (2019 included)"),
    param("AFF.crediting_min_years", 20, FROM,
          aff("项目计入期", "secondary", "方法学解读：计入期最短20年、最长40年；原文条款待核"),
          "计入期最短年数（含首尾两日）", "shortest crediting period (both end dates included)", "年"),
    param("AFF.crediting_max_years", 40, FROM,
          aff("项目计入期", "secondary", "方法学解读：计入期最短20年、最长40年；原文条款待核"),
          "计入期最长年数（含首尾两日）", "longest crediting period (both end dates included)", "年"),
    param("MAN.in_force_from", FROM, FROM, Citation(MAN_DOC, "发布通知", "secondary", "生态环境部 2023-10-24 发布首批 CCER 方法学"),
          "红树林营造方法学施行日期", "date the mangrove methodology takes effect"),
]


def derive(ctx: Context) -> list[dict]:
    sub, pr = ctx.sub, ctx.sub.project
    start = pr.start_date
    facts: list[dict] = []
    from .spatial import plot_parcel_m2     # 2 c) from the plot's polygon when it has one (GEO)

    has_start = start is not None
    start_date, start_day = iso(start), day(start)
    needed_by = iso(add_years(start, -int(param_value(PARAMS, "AFF.baseline_years", ctx.params)))) if start else ""
    baseline: dict = {}      # whole years since non_forest_since, per distinct date
    # the fields a plot fact takes from its codes are the same for every plot sharing them: built
    # once per distinct (land type, wetland, greening, measure), not once per plot
    shared: dict[tuple, tuple[dict, dict]] = {}
    for i, p in enumerate(sub.plots):
        computed = plot_parcel_m2(ctx, i)
        declared = p.smallest_parcel_m2
        # the polygon's smallest parcel; a smaller recorded parcel (one the polygon does not show) still counts
        from_geometry = computed is not None and (declared is None or computed <= declared)
        parcel = computed if from_geometry else (declared if declared is not None else p.area_ha * 10000)
        since = p.non_forest_since
        if since is None:
            years = -1
        else:
            years = baseline.get(since)
            if years is None:
                years = baseline[since] = whole_years(since, start) if start else -1
        key = (p.land_type, p.wetland, p.greening, p.measure)
        codes = shared.get(key)
        if codes is None:
            lt, g, m = p.land_type, p.greening, p.measure
            head = {
                "wetland": lt is LandType.WETLAND or p.wetland,
                "wetland_basis_zh": "地类为湿地" if lt is LandType.WETLAND else "国土调查归为湿地（wetland: true）",
                "wetland_basis_en": "land type wetland" if lt is LandType.WETLAND else "classed as wetland in the land survey (wetland: true)",
                "land_type_zh": lt.zh, "land_type_en": lt.en,
            }
            tail = {
                "has_greening": g is not None,
                "greening_zh": g.zh if g else "", "greening_en": g.en if g else "",
                "afforestation": m is Measure.AFFORESTATION,
                "measure_zh": m.zh, "measure_en": m.en,
            }
            codes = shared[key] = (head, tail)
        head, tail = codes
        facts.append({
            "kind": "aff.plot", "path": f"plots[{i}]", "plot_id": p.id,
            "has_baseline": since is not None, "non_forest_since": since.isoformat() if since else "",
            "has_start": has_start, "start_date": start_date, "start_day": start_day,
            "baseline_years": years,
            "baseline_needed_by": needed_by,
            "parcel_m2": round(float(parcel), 2), "parcel_from_plot": computed is None and declared is None,
            "parcel_basis_zh": "按地块图形计算的最小连续地块" if from_geometry else (
                "未记录最小连续地块，按小班面积计" if declared is None else "按记录的最小连续地块"),
            **head,
            "economic_forest": p.economic_forest,
            **tail,
        })
    cp = pr.crediting_period
    province = pr.province.value
    facts.append({
        "kind": "aff.project", "path": "project",
        "has_crediting": cp is not None,
        "crediting_start": iso(cp.start) if cp else "", "crediting_end": iso(cp.end) if cp else "",
        "crediting_full_years": period_whole_years(cp.start, cp.end) if cp else -1,
        "crediting_years_begun": period_years_begun(cp.start, cp.end) if cp else -1,
        "crediting_days": cp.days if cp else 0,
        "stage_order": pr.stage.order, "stage_zh": pr.stage.zh, "stage_en": pr.stage.en,
        "methodology": pr.methodology or "",
        "province": province, "province_zh": divisions.name(province) if divisions.exists(province) else pr.province.zh,
        "province_en": pr.province.en,
        "inland": province not in COASTAL_PROVINCES,
    })
    return facts


RULES = [
    rule("AFF-2-baseline", ("项目开始前至少三年不符合森林定义", "no forest on the land for at least 3 years before the start"),
         aff("2 a)"), "aff.plot", source="AFF", jurisdiction=AFF_J, window=WINDOW,
         cases=[
             Case("short", (F.has_baseline == True) & (F.has_start == True) & (F.baseline_years < P("AFF.baseline_years")), ERROR,
                  "地块 {plot_id} 自 {non_forest_since} 起不符合森林定义，至项目开始 {start_date} 不足 {p[AFF.baseline_years]} 年（应不晚于 {baseline_needed_by}）",
                  "plot {plot_id} has not met the forest definition since {non_forest_since}: less than {p[AFF.baseline_years]} years before the start on {start_date} (needed by {baseline_needed_by})",
                  "移出该地块，或以森林资源档案、遥感影像证明更早的无林状态并更正 non_forest_since",
                  "remove the plot, or prove an earlier non-forest state (inventory records, imagery) and correct non_forest_since",
                  at="non_forest_since"),
             Case("unknown", F.has_baseline == False, ERROR,
                  "地块 {plot_id} 未记录自何时起不符合森林定义（non_forest_since），无法证明项目开始前至少 {p[AFF.baseline_years]} 年为无林地",
                  "plot {plot_id} does not record since when it has not met the forest definition (non_forest_since)",
                  "以森林资源“一张图”、遥感影像等证据记录 non_forest_since", "record non_forest_since from the forest inventory or imagery",
                  at="non_forest_since"),
         ]),
    rule("AFF-2-parcel", ("单个地块连续面积不小于 400 m²（2019 年及以前开始的项目 667 m²）", "each parcel at least 400 m² (667 m² for starts in 2019 or earlier)"),
         aff("2 c)"), "aff.plot", source="AFF", jurisdiction=AFF_J, window=WINDOW,
         cases=[
             Case("small_early", (F.has_start == True) & (F.start_day <= P("AFF.early_start_until"))
                  & (F.parcel_m2 < P("AFF.parcel_min_m2_early")), ERROR,
                  "地块 {plot_id} 最小连续面积 {parcel_m2} m²（{parcel_basis_zh}），小于 2019 年（含）之前开始项目要求的 {p[AFF.parcel_min_m2_early]} m²",
                  "plot {plot_id}'s smallest contiguous parcel is {parcel_m2} m², below the {p[AFF.parcel_min_m2_early]} m² required for projects started in 2019 or earlier",
                  "移出过小的地块或与相邻地块合并计算", "remove parcels that are too small or merge contiguous ones",
                  at="smallest_parcel_m2"),
             Case("small", ((F.has_start == False) | (F.start_day > P("AFF.early_start_until")))
                  & (F.parcel_m2 < P("AFF.parcel_min_m2")), ERROR,
                  "地块 {plot_id} 最小连续面积 {parcel_m2} m²（{parcel_basis_zh}），小于方法学要求的 {p[AFF.parcel_min_m2]} m²",
                  "plot {plot_id}'s smallest contiguous parcel is {parcel_m2} m², below the {p[AFF.parcel_min_m2]} m² the methodology requires",
                  "移出过小的地块或与相邻地块合并计算", "remove parcels that are too small or merge contiguous ones",
                  at="smallest_parcel_m2"),
         ]),
    rule("AFF-2-wetland", ("项目土地不属于湿地", "no project land is wetland"), aff("2 d)"), "aff.plot",
         source="AFF", jurisdiction=AFF_J, window=WINDOW,
         when=F.wetland == True, severity=ERROR,
         message=("地块 {plot_id} 属于湿地（{wetland_basis_zh}），造林碳汇方法学不适用于湿地",
                  "plot {plot_id} is wetland ({wetland_basis_en}); the afforestation methodology excludes wetland"),
         fix=("移出该地块；湿地项目应采用适用的湿地或红树林方法学", "remove the plot; wetland needs a wetland or mangrove methodology"),
         at="land_type"),
    rule("AFF-2-scope", ("不包括经济林造林和通道、城镇村、工矿用地绿化", "no economic forest, no road, town or industrial greening"),
         aff("2（适用范围）"), "aff.plot", source="AFF", jurisdiction=AFF_J, window=WINDOW,
         cases=[
             Case("economic", F.economic_forest == True, ERROR,
                  "地块 {plot_id} 为经济林造林，不在造林碳汇方法学适用范围内",
                  "plot {plot_id} is economic forest, which the afforestation methodology excludes",
                  "移出该地块", "remove the plot", at="economic_forest"),
             Case("greening", F.has_greening == True, ERROR,
                  "地块 {plot_id} 属于{greening_zh}，方法学不包括非林地上的通道绿化、城镇村及工矿用地绿化",
                  "plot {plot_id} is {greening_en}, which the methodology excludes",
                  "移出该地块", "remove the plot", at="greening"),
             Case("measure", F.afforestation == False, ERROR,
                  "地块 {plot_id} 的措施为“{measure_zh}”，不是造林：造林碳汇方法学只适用于乔木、竹子和灌木造林",
                  "plot {plot_id}'s measure is '{measure_en}', not afforestation: the methodology covers planting of trees, bamboo and shrubs only",
                  "移出该地块，或按其措施选用适用的方法学", "remove the plot or use a methodology for its measure", at="measure"),
         ]),
    rule("AFF-crediting", ("计入期 20 至 40 年", "crediting period of 20 to 40 years"),
         aff("项目计入期", "secondary", "方法学解读：计入期最短20年、最长40年；原文条款待核"), "aff.project",
         source="AFF", jurisdiction=AFF_J, window=WINDOW,
         cases=[
             Case("short", (F.has_crediting == True) & (F.crediting_full_years < P("AFF.crediting_min_years")), ERROR,
                  "计入期 {crediting_start}～{crediting_end}（含首尾两日）不满 {p[AFF.crediting_min_years]} 年",
                  "crediting period {crediting_start}..{crediting_end} (both days included) is shorter than {p[AFF.crediting_min_years]} years",
                  "将计入期延长到至少 {p[AFF.crediting_min_years]} 年（首尾两日均计入：截止日为起始日满 {p[AFF.crediting_min_years]} 周年的前一日）",
                  "make the crediting period at least {p[AFF.crediting_min_years]} years (both days included: it ends the day before the {p[AFF.crediting_min_years]}th anniversary of its start)",
                  at="crediting_period"),
             Case("long", (F.has_crediting == True) & (F.crediting_years_begun > P("AFF.crediting_max_years")), ERROR,
                  "计入期 {crediting_start}～{crediting_end}（含首尾两日）超过 {p[AFF.crediting_max_years]} 年",
                  "crediting period {crediting_start}..{crediting_end} (both days included) exceeds {p[AFF.crediting_max_years]} years",
                  "将计入期缩短到不超过 {p[AFF.crediting_max_years]} 年", "shorten the crediting period to at most {p[AFF.crediting_max_years]} years",
                  at="crediting_period"),
             Case("missing", (F.has_crediting == False) & (F.stage_order >= Stage.DESIGN.order), ERROR,
                  "项目已到“{stage_zh}”阶段，但未记录计入期", "project is at stage '{stage_en}' but records no crediting period",
                  "在 project.crediting_period 中填写计入期起止日期", "record project.crediting_period (start, end)",
                  at="crediting_period"),
         ]),
    rule("MAN-scope", ("红树林营造方法学只适用于沿海滩涂", "mangrove methodology only on coastal tidal land"),
         Citation(MAN_DOC, "适用条件", "secondary", "方法学适用于潮间带滩涂、退塘还林等红树林营造；内陆省份无适用土地"),
         "aff.project", source="MAN", jurisdiction=MAN_J, window=WINDOW,
         when=F.inland == True, severity=ERROR,
         message=("项目位于内陆的{province_zh}，没有可营造红树林的潮间带滩涂或养殖塘：红树林营造方法学（{methodology}）不适用",
                  "the project lies in inland {province_en}, with no intertidal flats or fish ponds for mangroves: the mangrove methodology ({methodology}) does not apply"),
         fix=("改用适用的方法学（如造林碳汇 CCER-14-001-V01）", "use an applicable methodology (e.g. afforestation CCER-14-001-V01)"),
         at="methodology"),
]

# -- the fact fields the rules read, with their meaning and article ------------------------------
FACTS = (
    fact_kind("aff.plot",
              has_baseline=("记录了无林状态起始日", "the non-forest-since date is recorded", "2 a)"),
              has_start=("记录了项目开始日期", "a project start date is recorded", "2 a)"),
              baseline_years=("项目开始前不符合森林定义的整年数", "whole years without forest before the start", "2 a)"),
              start_day=("项目开始日期（日序号）", "start date (day number)", "2 c)"),
              parcel_m2=("最小连续地块面积（平方米；未记录时按小班面积）", "smallest contiguous parcel in m² (else the plot area)", "2 c)"),
              wetland=("属湿地（地类或国土调查）", "wetland (land type or survey)", "2 d)"),
              economic_forest=("经济林", "economic forest", "2"),
              has_greening=("通道、城镇村或工矿用地绿化", "corridor, town or industrial greening", "2"),
              afforestation=("措施为造林", "the measure is afforestation", "2")),
    fact_kind("aff.project",
              has_crediting=("记录了计入期", "a crediting period is recorded", "计入期（二手）"),
              crediting_years_begun=("计入期已开始的年数", "years begun in the crediting period", "计入期（二手）"),
              crediting_full_years=("计入期整年数", "whole years of the crediting period", "计入期（二手）"),
              stage_order=("项目阶段序号", "stage number", "计入期（二手）"),
              inland=("项目所在省不临海（不在沿海省份之列）", "the province has no coast", "CCER-14-002-V01")),
)


RULESET = Ruleset(
    id="afforestation", title_zh="CCER 林业方法学：造林碳汇（CCER-14-001-V01）与红树林营造（CCER-14-002-V01）",
    title_en="CCER forestry methodologies: afforestation (CCER-14-001-V01) and mangrove establishment (CCER-14-002-V01)",
    source="AFF", jurisdiction=Jurisdiction(mechanisms=(CCER,), methodologies=(AFF_CODE, MAN_CODE)),
    window=WINDOW, rules=RULES, params=PARAMS, derive=derive, facts=FACTS, document=AFF_DOC,
)
