"""川林发〔2024〕3号 深入推进林草碳普惠机制建设的指导意见: the Sichuan rules (SC-).

Issued 2024-01-16 by 四川省林业和草原局 and 四川省生态环境厅, without an end date; applies to
林草碳普惠 projects (mechanism SCPH) in province 51. A Sichuan project under another mechanism
(CCER, …) is judged by that mechanism's rules, except 六(四): it speaks of every 林草碳汇项目 in
Sichuan, so SC-6.4-plot-review and SC-6.4-enclosure apply to every project with plots in Sichuan,
whatever its mechanism and whatever province it declares (the plots in Sichuan are judged).
The text says 登记 (registration), not 备案: Sichuan findings say 登记 for the stage ``filing``.

Decisions where the text is silent (each also stated beside the code that makes it):
- "Registered" (登记, 二(二)) is stage ``filing`` (备案) in the product's stage vocabulary: 入库 is
  entry into a candidate library, 登记 at 四川省环境政策研究与规划院 is the act that makes the project
  a registered SCPH project. The expert committee's assessment (三(三)) and the plot-eligibility
  review (六(四)) must be dated on or before that registration (milestones.filing), and in any case
  on or before the as-of date.
- Principles evidence (三(一)) and the monitoring plan (三(二)) belong to the project design, so they
  are required from stage ``design`` on; a project still at ``development`` is not judged on them.
- A placeholder ("…", "待补充", "无" …) is no evidence.
- A plot-eligibility review without a division code is taken to cover every plot; one with a code
  covers the plots whose county code starts with it (51 = the whole province).
- Retirements (注销) draw on registered reduction batches (``project.reduction_batches`` with an id and a
  ``registered`` date). Read literally ("may not retire the same batch twice"), a batch is retired once:
  any later retirement (in list order) naming a batch an earlier one already drew on is a repeat, even
  for a different amount or use; reductions meant for several uses are registered as separate batches.
  A single retirement may not exceed its batch's registered amount, and is never dated before the
  batch's registration or after the as-of date.
"""
from __future__ import annotations

import datetime as dt
import re

from compliance.reference import divisions, refdata
from compliance.rules.facts import Context, iso
from compliance.submission.model import PRINCIPLES, RetirementPurpose
from compliance.reference.vocab import LandType, Mechanism, ReviewKind, Severity, Stage
from ._enclosure import development_terms
from .base import OPEN_END, Case, Citation, F, Jurisdiction, P, Ruleset, param, rule, fact_kind

DOC = "川林发〔2024〕3号"


def cite(article: str, basis: str = "primary", note: str = "") -> Citation:
    return Citation(DOC, article, basis, note)


ISSUED = dt.date(2024, 1, 16)       # 印发之日起施行 (no end date stated)
WINDOW = (ISSUED, OPEN_END)
SICHUAN = Jurisdiction(provinces=("51",), mechanisms=(Mechanism.SCPH.value,))
# 六(四): every 林草碳汇项目 whose plots lie in Sichuan, whatever the mechanism
SICHUAN_PLOTS = Jurisdiction(provinces=("51",), by_plots=True)
STAGE_ZH = {Stage.FILING: "登记"}     # the text's word for the registration stage


def stage_zh(stage: Stage) -> str:
    return STAGE_ZH.get(stage, stage.zh)

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

PARAMS = [
    param("SC.in_force_from", ISSUED, ISSUED, cite("印发日期"), "指导意见印发施行日期", "date the guiding opinions were issued"),
    param("SC.enclosure_months", 24, ISSUED,
          Citation(DOC, "六(四)", "secondary", "“无序圈占”的月数为产品的判断标准，参照农村土地承包法第四十二条连续两年弃耕抛荒"),
          "签约后仍未进入设计阶段、视为疑似无序圈占的月数", "months after signing without reaching design that suggest enclosure", "月"),
]

# 二 (林草) and 三(一)/(二) (森林、草原、湿地): the land types a 林草碳普惠 project may use
SCOPE_LANDS = (LandType.FOREST, LandType.GRASSLAND, LandType.WETLAND)
# 5102 (former 重庆市) and 5112 (former 万县市) left Sichuan in 1997; the division data has neither,
# but a stale code list might, so they are refused by name as well.
DEFUNCT_PREFECTURES = ("5102", "5112")
# the stage at which an SCPH project counts as registered (登记) — see the module docstring
REGISTERED_STAGE = Stage.FILING
# principles evidence and monitoring plan are part of the design
DESIGN_STAGE = Stage.DESIGN
PLACEHOLDERS = {"", "…", "……", "...", "-", "—", "——", "无", "暂无", "待补充", "待定", "略", "tbd", "todo", "n/a", "na", "none"}
# （2025）川3233刑初15号, (2024)最高法民终1号: a bracketed year, the court and case type, a number, 号
CASE_NUMBER = r"^[（(](19|20)\d{2}[）)]\S*?[\u4e00-\u9fff]\d+号(之[一二三四五六七八九十\d]+)?$"


def _evidence(text: str | None) -> bool:
    return bool(text) and text.strip().lower() not in PLACEHOLDERS


def sichuan_prefectures() -> tuple[str, ...]:
    return tuple(sorted(d.code for d in divisions.prefectures("51") if d.code not in DEFUNCT_PREFECTURES))


def in_sichuan(county: str) -> bool:
    return (county.startswith("51") and divisions.prefecture_of(county) in sichuan_prefectures()
            and divisions.is_county(county))


def recognition(other: Mechanism, on: dt.date) -> dict | None:
    """A recorded mutual-recognition arrangement that lets a project stand in SCPH and ``other``."""
    if other is Mechanism.SCPH:
        return None
    for a in refdata.load("mutual_recognition.yaml").get("arrangements") or []:
        mechanisms = {str(m) for m in a.get("mechanisms") or []}
        if not {Mechanism.SCPH.value, other.value} <= mechanisms or "project" not in (a.get("covers") or []):
            continue
        start, until = a.get("from"), a.get("until")
        if isinstance(start, dt.date) and start > on:
            continue
        if isinstance(until, dt.date) and until < on:
            continue
        if not a.get("source"):
            continue          # an arrangement without its source is not relied on
        return a
    return None


def registered_batches(pr, as_of: dt.date) -> dict[str, object]:
    """Reduction batches registered on the as-of date, by id (else reference): ``project.reduction_batches``
    entries whose ``registered`` date is given and not later than ``as_of``."""
    out = {}
    for b in getattr(pr, "reduction_batches", None) or []:
        key = getattr(b, "id", None) or getattr(b, "reference", None)
        registered = getattr(b, "registered", None)
        if key and registered and registered <= as_of:
            out.setdefault(key, b)
    return out


def _joined(items, lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


def _t(amount: float) -> str:
    """tCO2e for display: 1426.0 -> '1426', 12.5 -> '12.5'."""
    return f"{amount:.4f}".rstrip("0").rstrip(".")


def derive(ctx: Context) -> list[dict]:
    sub, pr = ctx.sub, ctx.sub.project
    facts: list[dict] = []
    registered = pr.stage.order >= REGISTERED_STAGE.order
    designed = pr.stage.order >= DESIGN_STAGE.order
    reg_date = pr.milestones.get(REGISTERED_STAGE)
    bound = min(reg_date, ctx.as_of) if reg_date else ctx.as_of   # latest date a pre-registration review may bear

    # -- reviews before registration (三(三), 六(四)) -----------------------------------------
    def reviews(kind: ReviewKind, until: dt.date):
        return [r for r in pr.reviews if r.kind is kind and r.date <= until]

    expert_any, expert_before = reviews(ReviewKind.EXPERT_COMMITTEE, ctx.as_of), reviews(ReviewKind.EXPERT_COMMITTEE, bound)

    sichuan_plots = [p for p in sub.plots if p.county.startswith("51")]

    def uncovered(found) -> list:
        return [p for p in sichuan_plots
                if not any(r.division is None or p.county.startswith(r.division) for r in found)]

    plot_any, plot_before = reviews(ReviewKind.PLOT_ELIGIBILITY, ctx.as_of), reviews(ReviewKind.PLOT_ELIGIBILITY, bound)
    missing_any, missing_before = uncovered(plot_any), uncovered(plot_before)

    def plot_names(plots) -> str:
        return _joined((f"{p.id}（{divisions.full_name(p.county)}）" for p in plots), "zh") or "—"

    # -- registry and venue (二(二), 二(三)) -----------------------------------------------
    venues = refdata.designated_venues(pr.mechanism.value, "51") or []
    registries = refdata.load("venues.yaml").get("registries", {}).get(pr.mechanism.value) or []
    venue, registry = pr.trading_venue or "", pr.registry or ""

    # -- monitoring plan (三(二)) ---------------------------------------------------------
    plan = getattr(pr, "monitoring_plan", None)
    parts = [("model", "计量模型", "measurement model"), ("parameters", "碳计量参数", "carbon parameters"),
             ("frequency_years", "监测频率（年）", "monitoring frequency (years)")]
    missing_parts = [p for p in parts if plan is None or not (
        getattr(plan, p[0]) is not None if p[0] == "frequency_years" else _evidence(getattr(plan, p[0])))]

    # -- methodology assessed for the mechanism (三(一)(三)) --------------------------------
    assessed = refdata.assessed_methodologies(pr.mechanism.value) or []
    code = (pr.methodology or "").strip()
    known = [m for m in assessed if refdata.normalise_name(m.get("code") or m.get("name")) == refdata.normalise_name(code)
             or refdata.normalise_name(m.get("name")) == refdata.normalise_name(code)]

    facts.append({
        "kind": "sc.project", "path": "project", "mechanism_zh": pr.mechanism.zh, "mechanism_en": pr.mechanism.en,
        "methodology": code or "—", "has_methodology": bool(code), "methodology_assessed": bool(known),
        "assessed_data": bool(assessed),
        "assessed_list": _joined((f"{m.get('code') or m.get('name')}（{m.get('body', '')} {m.get('date', '')}）" for m in assessed), "zh") or "（无）",
        "stage": pr.stage.value, "stage_zh": stage_zh(pr.stage), "stage_en": pr.stage.en,
        "registered": registered, "designed": designed,
        "registration_date": iso(reg_date), "bound": bound.isoformat(),
        "expert_any": bool(expert_any), "expert_before": bool(expert_before),
        "expert_dates": _joined((r.date.isoformat() for r in expert_any), "zh") or "—",
        "plot_review_any": not missing_any, "plot_review_before": not missing_before,
        "plot_unreviewed": plot_names(missing_any), "plot_late": plot_names(missing_before),
        "plot_unreviewed_ids": _joined((p.id for p in missing_any), "en") or "-",
        "plot_late_ids": _joined((p.id for p in missing_before), "en") or "-",
        "venue": venue, "has_venue": bool(venue),
        "venue_designated": bool(venue) and refdata.venue_entry(pr.mechanism.value, venue) is not None,
        "designated_venues": _joined((e["name"] for e in venues), "zh") or "（无）",
        "registry": registry, "has_registry": bool(registry),
        "registry_designated": bool(registry) and refdata.registry_entry(pr.mechanism.value, registry) is not None,
        "designated_registries": _joined((e["name"] for e in registries), "zh") or "（无）",
        "has_plan": plan is not None, "plan_complete": not missing_parts,
        "plan_missing_zh": _joined((p[1] for p in missing_parts), "zh") or "—",
        "plan_missing_en": _joined((p[2] for p in missing_parts), "en") or "-",
        "as_of": ctx.as_of.isoformat(),
    })

    # -- plots (二、四(一)) -----------------------------------------------------------------
    for i, p in enumerate(sub.plots):
        facts.append({
            "kind": "sc.plot", "path": f"plots[{i}]", "plot_id": p.id,
            "county": p.county, "county_name": divisions.full_name(p.county), "place": divisions.place(p.county),
            "in_sichuan": in_sichuan(p.county),
            "land_in_scope": p.land_type in SCOPE_LANDS,
            "land_type_zh": p.land_type.zh, "land_type_en": p.land_type.en,
        })

    # -- principles (三(一)) --------------------------------------------------------------
    principles = getattr(pr, "principles", None)
    for key, (zh, en) in PRINCIPLES.items():
        facts.append({
            "kind": "sc.principle", "path": f"project.principles.{key}", "principle": key,
            "principle_zh": zh, "principle_en": en, "designed": designed, "stage_zh": stage_zh(pr.stage), "stage_en": pr.stage.en,
            "present": principles is not None and _evidence(getattr(principles, key)),
        })

    # -- other registrations (三(一) 唯一性, 五(一)) ------------------------------------------
    for i, r in enumerate(pr.other_registrations):
        if r.mechanism is Mechanism.SCPH and r.id == pr.id:
            continue    # the project's own SCPH registration
        arrangement = recognition(r.mechanism, ctx.as_of)
        facts.append({
            "kind": "sc.other_registration", "path": f"project.other_registrations[{i}]",
            "other_mechanism": r.mechanism.value, "other_zh": r.mechanism.zh, "other_en": r.mechanism.en,
            "other_id": r.id, "status": r.status,
            "scope_zh": f"地块（{_joined(r.plots, 'zh')}）" if r.plots else "项目",
            "scope_en": f"plot(s) {_joined(r.plots, 'en')}" if r.plots else "the project",
            "active": r.status == "registered", "pending": r.status == "applied",
            "recognised": arrangement is not None,
            "arrangement": f"{arrangement.get('title', arrangement.get('id', ''))}（{arrangement['source']}）" if arrangement else "",
        })

    # -- expert assessment of each reduction batch applied for registration (三(三)) ------------
    experts = [r for r in pr.reviews if r.kind is ReviewKind.EXPERT_COMMITTEE and r.date <= ctx.as_of]
    for i, b in enumerate(getattr(pr, "reduction_batches", None) or []):
        key = b.id or b.reference or f"reduction_batches[{i}]"
        if b.application_date > ctx.as_of and not b.registered:
            continue        # not yet applied for
        covering = [r for r in experts if key in r.batches]
        by = min(b.registered, ctx.as_of) if b.registered else ctx.as_of
        facts.append({
            "kind": "sc.batch", "path": f"project.reduction_batches[{i}]", "batch": key,
            "application_date": iso(b.application_date), "registered": iso(b.registered),
            "batch_registered": b.registered is not None and b.registered <= ctx.as_of,
            "assessed": bool(covering), "assessed_before": any(r.date <= by for r in covering),
            "assessment_dates": _joined((r.date.isoformat() for r in covering), "zh") or "—",
        })

    # -- retirements (二(二), 四(二)(三)) --------------------------------------------------
    batches = registered_batches(pr, ctx.as_of)
    first_use: dict[str, int] = {}      # batch -> index of the first retirement drawing on it
    for i, r in enumerate(getattr(pr, "retirements", None) or []):
        b = batches.get(r.batch)
        first = first_use.setdefault(r.batch, i)     # a batch is retired once (see the module docstring)
        holds = float(getattr(b, "amount_tco2e", 0) or 0) if b else 0.0
        b_reg = getattr(b, "registered", None) if b else None
        facts.append({
            "kind": "sc.retirement", "path": f"project.retirements[{i}]", "index": i,
            "batch": r.batch, "batch_known": b is not None,
            "batch_amount": _t(holds), "amount": _t(r.amount_tco2e),
            "exceeds": b is not None and r.amount_tco2e > holds + 1e-9,
            "repeat": first != i, "first_index": first,
            "retirement_id": r.id or "—", "has_voucher": _evidence(r.id),
            "retirement_registry": r.registry or "", "has_retirement_registry": bool((r.registry or "").strip()),
            "retirement_registry_ok": bool(r.registry) and refdata.registry_entry(pr.mechanism.value, r.registry) is not None,
            "designated_registries": _joined((e["name"] for e in registries), "zh") or "（无）",
            "purpose": r.purpose.value, "purpose_zh": r.purpose.zh, "purpose_en": r.purpose.en,
            "date": r.date.isoformat(), "future": r.date > ctx.as_of, "as_of": ctx.as_of.isoformat(),
            "batch_registered": iso(b_reg),
            "before_registration": bool(b_reg) and r.date < b_reg,
            "has_beneficiary": _evidence(r.beneficiary),
        })
        if r.purpose is RetirementPurpose.JUDICIAL:
            court, number = (r.court or "").strip(), (r.case_number or "").strip()
            facts.append({
                "kind": "sc.judicial", "path": f"project.retirements[{i}]", "batch": r.batch,
                "court": court, "has_court": bool(court), "court_named": "法院" in court,
                "case_number": number, "has_case_number": bool(number),
                "case_number_ok": bool(re.match(CASE_NUMBER, number)),   # compiled on first use (~3 ms: the CJK range)
            })
    facts.extend(development_terms(ctx, "sc.development_terms", STAGE_ZH))
    return facts


J = SICHUAN
RULES = [
    rule("SC-2-scope", ("项目地块在四川省且为林地、草地或湿地", "plots in Sichuan on forest land, grassland or wetland"),
         cite("三(一)(二)"), "sc.plot", source="SC", jurisdiction=J, window=WINDOW,
         also_cites=(cite("二、四(一)"),),
         decides="plot-location",
         cases=[
             Case("outside", F.in_sichuan == False, ERROR,
                  "地块 {plot_id} 位于{place}（{county}），不在四川省",
                  "plot {plot_id} lies in {place} ({county}), outside Sichuan",
                  "核对县级区划代码（四川省为 51 开头，无 5102、5112）；省外地块不能纳入林草碳普惠项目",
                  "check the county code (Sichuan codes start with 51; there is no 5102 or 5112); plots outside "
                  "Sichuan cannot be part of a 林草碳普惠 project", exception_to="LOC-province", at="county", show=('county',)),
             Case("land", F.land_in_scope == False, ERROR,
                  "地块 {plot_id} 的地类为{land_type_zh}，不属于三(一)(二)所称森林、草原、湿地",
                  "plot {plot_id} is {land_type_en}, not forest land, grassland or wetland",
                  "移出该地块，或按不动产权证书和国土调查成果更正地类",
                  "remove the plot, or correct its land type from its certificate and the land survey", at="land_type"),
         ]),
    rule("SC-3.1-principles", ("逐项说明真实性、额外性、唯一性、普惠性、代表性、数据可获得性", "evidence for each of the six principles"),
         cite("三(一)", "secondary", "三(一)列举的是开发方法学时综合考虑的因素；要求项目逐项提供说明为产品的证据清单"),
         "sc.principle", source="SC", jurisdiction=J, window=WINDOW,
         reading="三(一)的六项因素是方法学开发的考虑因素，逐项说明是产品的证据清单：缺项提示复核（警告）",
         when=(F.designed == True) & (F.present == False), severity=WARNING,
         message=("项目已到“{stage_zh}”阶段，未记录{principle_zh}的说明或证明材料（project.principles.{principle}）：三(一)要求方法学综合考虑该因素，须复核项目是否符合",
                  "project at stage '{stage_en}' records no evidence of {principle_en} (project.principles.{principle}): "
                  "section 3(1) makes it a factor of the methodology; a reviewer checks the project against it"),
         fix=("在 project.principles 中填写“{principle_zh}”（{principle}）的证明材料，如数据来源、承诺书或论证文件",
              "record the evidence of {principle_en} under project.principles.{principle} (data source, declaration or analysis)")),
    rule("SC-3.1-methodology", ("登记起采用经评估的林草碳普惠方法学", "from registration on, a methodology assessed for the forest-and-grass carbon inclusive mechanism (林草碳普惠)"),
         cite("三(一)"), "sc.project", source="SC", jurisdiction=J, window=WINDOW, also_cites=(cite("三(三)"),),
         reading="参考数据尚无已评估的林草碳普惠方法学时，写明方法学的项目无法确认，给出警告而非错误（产品的处理）",
         cases=[
             Case("missing", (F.registered == True) & (F.has_methodology == False), ERROR,
                  "项目已到“{stage_zh}”阶段，但未填写所用的林草碳普惠方法学（三(一)逐批开发、三(三)专家委员会技术评估）",
                  "project at stage '{stage_en}' names no 林草碳普惠 methodology (section 3(1): developed batch by batch; 3(3): assessed by the expert committee)",
                  "在 project.methodology 中填写经省级林草碳普惠专家委员会评估的方法学名称或编号",
                  "name the methodology assessed by the provincial expert committee in project.methodology", at="methodology"),
             Case("unassessed", (F.registered == True) & (F.has_methodology == True) & (F.assessed_data == True)
                  & (F.methodology_assessed == False), ERROR,
                  "方法学“{methodology}”不在林草碳普惠已评估方法学之列（已评估：{assessed_list}）",
                  "methodology '{methodology}' is not among the methodologies assessed for the forest-and-grass carbon inclusive mechanism (林草碳普惠; assessed: {assessed_list})",
                  "改用已评估的方法学；如该方法学已经评估，报省林业和草原局确认；确认后由系统管理员登记",
                  "use an assessed methodology; if it has been assessed, ask the provincial forestry and grassland bureau to confirm; "
                  "once confirmed, the system administrator records it", at="methodology", show=("methodology",)),
             Case("unconfirmed", (F.registered == True) & (F.has_methodology == True) & (F.assessed_data == False), WARNING,
                  "无法确认方法学“{methodology}”已经评估：参考数据中尚无经省级林草碳普惠专家委员会评估的林草碳普惠方法学（方法学名称、评估或发布机关、日期）",
                  "cannot confirm that methodology '{methodology}' was assessed: the reference data holds no methodology assessed for the forest-and-grass carbon inclusive mechanism (林草碳普惠) "
                  "(name, assessing or issuing body, date)",
                  "报省林业和草原局确认该方法学的评估文件；确认后由系统管理员登记",
                  "ask the provincial forestry and grassland bureau to confirm the methodology's assessment; once confirmed, the system administrator records it",
                  at="methodology", show=("methodology",)),
         ]),
    rule("SC-3.2-mrv", ("计量监测可测量、可报告、可核实", "measurable, reportable, verifiable monitoring"),
         cite("三(二)"), "sc.project", source="SC", jurisdiction=J, window=WINDOW,
         cases=[
             Case("no_plan", (F.designed == True) & (F.has_plan == False), ERROR,
                  "项目已到“{stage_zh}”阶段，但没有计量监测计划：须明确计量模型、碳计量参数和监测频率",
                  "project at stage '{stage_en}' has no monitoring plan: it must name the measurement model, carbon parameters and monitoring frequency",
                  "在 project.monitoring_plan 中填写 model（计量模型）、parameters（碳计量参数）、frequency_years（监测频率，年）",
                  "add project.monitoring_plan with model, parameters and frequency_years", at="monitoring_plan"),
             Case("incomplete", (F.designed == True) & (F.has_plan == True) & (F.plan_complete == False), ERROR,
                  "计量监测计划缺少：{plan_missing_zh}，不能满足可测量、可报告、可核实的要求",
                  "the monitoring plan lacks: {plan_missing_en}, so it is not measurable, reportable and verifiable",
                  "补充 project.monitoring_plan 中缺少的项目：{plan_missing_zh}",
                  "complete project.monitoring_plan: {plan_missing_en}", at="monitoring_plan"),
         ]),
    rule("SC-3.3-expert", ("登记前有省级林草碳普惠专家委员会技术评估", "provincial expert committee assessment before registration"),
         cite("三(三)"), "sc.project", source="SC", jurisdiction=J, window=WINDOW,
         cases=[
             Case("missing", (F.registered == True) & (F.expert_any == False), ERROR,
                  "项目已到“{stage_zh}”阶段，但没有省级林草碳普惠专家委员会对项目的技术评估记录",
                  "project is at stage '{stage_en}' (registered) but the provincial expert committee's technical assessment is not on record",
                  "在 project.reviews 中记录 kind: expert_committee、评估机构、日期（不晚于登记日）",
                  "record in project.reviews a review with kind: expert_committee, the authority and its date (on or before registration)",
                  at="reviews", show=('stage', 'registration_date')),
             Case("late", (F.registered == True) & (F.expert_any == True) & (F.expert_before == False), ERROR,
                  "专家委员会技术评估（{expert_dates}）晚于项目登记日 {registration_date}：须先评估后登记",
                  "the expert committee's assessment ({expert_dates}) is dated after registration on {registration_date}: assessment comes first",
                  "核对评估日期和 milestones.filing（登记日）；评估确在登记后的，应重新履行登记程序",
                  "check the assessment date and milestones.filing; if the assessment really came later, registration must be redone",
                  at="reviews", show=('registration_date', 'expert_dates')),
             Case("batch_missing", F.assessed == False, ERROR,
                  "减排量批次 {batch}（{application_date} 申请登记）没有省级林草碳普惠专家委员会的技术评估记录：三(三)要求对项目及其减排量进行技术评估",
                  "reduction batch {batch} (applied for on {application_date}) has no assessment by the provincial expert committee on record: "
                  "section 3(3) covers the project and its reductions",
                  "在 project.reviews 中记录 kind: expert_committee 的评估，并在其 batches 中列出该批次",
                  "record the expert committee's assessment in project.reviews (kind: expert_committee) and list the batch in its batches",
                  fact="sc.batch", show=("batch",)),
             Case("batch_late", (F.assessed == True) & (F.assessed_before == False) & (F.batch_registered == True), ERROR,
                  "减排量批次 {batch} 的专家委员会评估（{assessment_dates}）晚于该批次登记日 {registered}：须先评估后登记",
                  "the expert assessment of batch {batch} ({assessment_dates}) is dated after its registration on {registered}: assessment comes first",
                  "核对评估日期和批次登记日期", "check the assessment date and the batch's registration date",
                  fact="sc.batch", show=("batch", "registered")),
         ]),
    rule("SC-2.2-registry", ("由四川省环境政策研究与规划院登记、注销", "registered and cancelled through 四川省环境政策研究与规划院"),
         cite("二(二)"), "sc.project", source="SC", jurisdiction=J, window=WINDOW,
         cases=[
             Case("undesignated", (F.has_registry == True) & (F.registry_designated == False), ERROR,
                  "登记机构“{registry}”不是林草碳普惠项目和减排量的登记机构（应为：{designated_registries}）",
                  "registry '{registry}' is not the registry of 林草碳普惠 projects and reductions (should be: {designated_registries})",
                  "在 {designated_registries} 办理项目和减排量的登记、注销，并在 project.registry 中填写",
                  "register and cancel the project and its reductions with {designated_registries} and name it in project.registry",
                  at="registry", show=('registry',)),
             Case("missing", (F.registered == True) & (F.has_registry == False), ERROR,
                  "项目已到“{stage_zh}”阶段，但未填写登记机构",
                  "project is at stage '{stage_en}' (registered) but names no registry",
                  "在 project.registry 中填写 {designated_registries}", "name {designated_registries} in project.registry",
                  at="registry"),
             Case("retirement_no_registry", F.has_retirement_registry == False, ERROR,
                  "注销（凭证 {retirement_id}，批次 {batch}）未载明办理注销的登记机构：减排量的注销由登记机构办理（二(二)）",
                  "retirement (voucher {retirement_id}, batch {batch}) names no registry: reductions are retired (注销) by the registry (section 2(2))",
                  "在 registry 中填写 {designated_registries}", "name {designated_registries} in registry",
                  fact="sc.retirement", at="registry"),
             Case("retirement_wrong_registry", (F.has_retirement_registry == True) & (F.retirement_registry_ok == False), ERROR,
                  "注销（凭证 {retirement_id}）由“{retirement_registry}”办理，不是林草碳普惠减排量的登记机构（应为：{designated_registries}）",
                  "retirement (voucher {retirement_id}) was recorded by '{retirement_registry}', not the registry of 林草碳普惠 reductions ({designated_registries})",
                  "在 {designated_registries} 办理注销并记录其凭证", "retire the reductions with {designated_registries} and record its voucher",
                  fact="sc.retirement", at="registry", show=("retirement_registry",)),
             Case("no_voucher", F.has_voucher == False, ERROR,
                  "注销（批次 {batch}，{date}）未载明注销凭证编号", "retirement (batch {batch}, {date}) gives no voucher number",
                  "在 id 中填写登记机构出具的注销凭证编号", "give the voucher number issued by the registry in id",
                  fact="sc.retirement", at="id"),
         ]),
    rule("SC-2.3-venue", ("在西部生态产品交易平台交易", "trade on the 西部生态产品交易平台"),
         cite("二(三)"), "sc.project", source="SC", jurisdiction=J, window=WINDOW,
         cases=[
             Case("undesignated", (F.has_venue == True) & (F.venue_designated == False), ERROR,
                  "交易场所“{venue}”不是林草碳普惠减排量的指定交易平台（指定：{designated_venues}）",
                  "venue '{venue}' is not designated for reductions of the forest-and-grass carbon inclusive mechanism (林草碳普惠) (designated: {designated_venues})",
                  "改在 {designated_venues} 交易；如该场所另有指定文件，报省林业和草原局确认；确认后由系统管理员登记",
                  "trade on {designated_venues}; if the venue has a designation not yet recorded, ask the provincial forestry and grassland bureau "
                  "to confirm it; once confirmed, the system administrator records it",
                  at="trading_venue", show=('venue',)),
             Case("no_venue", (F.stage == Stage.TRADING.value) & (F.has_venue == False), ERROR,
                  "项目已进入交易阶段，但未填写交易场所", "project is trading but names no trading venue",
                  "在 project.trading_venue 中填写 {designated_venues}", "name {designated_venues} in project.trading_venue",
                  at="trading_venue"),
         ]),
    rule("SC-6.4-plot-review", ("登记前林草部门已审核地块合格性和技术措施", "plot eligibility and measures reviewed before registration"),
         cite("六(四)"), "sc.project", source="SC", jurisdiction=SICHUAN_PLOTS, window=WINDOW,
         cases=[
             Case("missing", (F.registered == True) & (F.plot_review_any == False), ERROR,
                  "{mechanism_zh}项目已到“{stage_zh}”阶段，但以下四川省地块没有林草部门的地块合格性和技术措施审核记录：{plot_unreviewed}（六(四)适用于四川省的林草碳汇项目）",
                  "{mechanism_en} project at stage '{stage_en}': no forestry department's review of plot eligibility and measures covers these Sichuan plots: "
                  "{plot_unreviewed_ids} (section 6(4) covers every forest and grassland carbon-sink project in Sichuan)",
                  "报地块所在县（市、区）林草主管部门审核；在 project.reviews 中记录 kind: plot_eligibility、审核机关、区划代码和日期（不晚于登记日）",
                  "have the county forestry and grassland department review the plots; record in project.reviews kind: plot_eligibility, the authority, "
                  "its division code and date (on or before registration)",
                  at="reviews", show=('plot_unreviewed_ids',)),
             Case("late", (F.registered == True) & (F.plot_review_any == True) & (F.plot_review_before == False), ERROR,
                  "地块合格性和技术措施审核晚于项目登记日 {registration_date}，登记时以下地块尚未审核：{plot_late}",
                  "the plot eligibility review is dated after registration on {registration_date}; at registration these plots were unreviewed: {plot_late_ids}",
                  "核对审核日期和 milestones.filing（登记日）；先审核后登记", "check the review date and milestones.filing: review comes before registration",
                  at="reviews", show=('registration_date', 'plot_late_ids')),
         ]),
    rule("SC-6.4-enclosure", ("疑似无序圈占林草碳汇资源", "suspected disorderly enclosure of carbon-sink resources"),
         cite("六(四)"), "sc.development_terms", source="SC", jurisdiction=SICHUAN_PLOTS, window=WINDOW,
         also_cites=(Citation("农村土地承包法", "第四十二条"),),
         reading="月数（默认 24 个月）为产品判断“无序圈占”的标准，参照农村土地承包法第四十二条；约定开发期限届满未达设计阶段按协议文字判断",
         cases=[
             Case("stale", (F.months_since_signed > P("SC.enclosure_months")) & (F.reached_design == False), WARNING,
                  "{agreement_zh}签订于 {signed_date}，已超过 {p[SC.enclosure_months]} 个月，项目仍处于“{stage_zh}”阶段：存在资源无序圈占风险（六(四)）",
                  "{agreement_en} signed on {signed_date}, more than {p[SC.enclosure_months]} months ago, and the project is still at '{stage_en}': "
                  "risk of disorderly enclosure (section 6(4))",
                  "县（市、区）林草主管部门应核查；开发方应推进设计或依约返还权利",
                  "the county forestry and grassland department should investigate; the developer should proceed to design or return the rights",
                  show=("signed_date",)),
             Case("deadline_missed", (F.deadline_passed == True) & (F.reached_design == False), WARNING,
                  "{agreement_zh}约定的开发期限 {deadline} 已届满（判定日 {as_of}），项目仍处于“{stage_zh}”阶段，未达到约定的“{promised_zh}”阶段：存在资源无序圈占风险（六(四)）",
                  "the development deadline {deadline} agreed in the {agreement_en} has passed (as of {as_of}) and the project is still at '{stage_en}', "
                  "short of the promised '{promised_en}': risk of disorderly enclosure (section 6(4))",
                  "县（市、区）林草主管部门应核查并告知权利人：权利人可依约收回权利",
                  "the county forestry and grassland department should investigate and tell the rights holders, who may take the rights back",
                  at="development_deadline", show=("deadline",)),
         ]),
    rule("SC-5.1-unique", ("不在其他机制重复登记（唯一性）", "no double registration in another mechanism (uniqueness)"),
         cite("三(一)、五(一)"), "sc.other_registration", source="SC", jurisdiction=J, window=WINDOW,
         cases=[
             Case("double", (F.active == True) & (F.recognised == False), ERROR,
                  "{scope_zh}已在{other_zh}登记（编号 {other_id}），又申报林草碳普惠，属重复申报，违反唯一性要求；目前没有已生效的互认安排",
                  "{scope_en} is already registered in {other_en} (id {other_id}) and now claimed under 林草碳普惠: a double claim "
                  "against the uniqueness principle; no mutual-recognition arrangement is in force",
                  "注销在{other_zh}的登记后再申报，或移出重复的地块；如认为已有川渝项目互认安排，报省林业和草原局确认；确认后由系统管理员登记",
                  "cancel the {other_en} registration first or take the plots out; if a Sichuan–Chongqing recognition is thought to be in force, "
                  "ask the provincial forestry and grassland bureau to confirm it; once confirmed, the system administrator records it",
                  show=('other_mechanism', 'other_id', 'status')),
             Case("pending", (F.pending == True) & (F.recognised == False), WARNING,
                  "{scope_zh}已向{other_zh}提出申请（编号 {other_id}），同时申报林草碳普惠，存在重复申报风险",
                  "{scope_en} has an application pending in {other_en} (id {other_id}) while claimed under 林草碳普惠: risk of a double claim",
                  "撤回其中一个申请，或在 other_registrations 中记录撤回（status: cancelled）",
                  "withdraw one of the applications, or record the withdrawal (status: cancelled)",
                  show=('other_mechanism', 'other_id', 'status')),
             Case("recognised", (F.status != "cancelled") & (F.recognised == True), INFO,
                  "{scope_zh}同时在{other_zh}登记（编号 {other_id}），依互认安排 {arrangement} 不视为重复申报",
                  "{scope_en} is also registered in {other_en} (id {other_id}); the arrangement {arrangement} recognises it",
                  "确认减排量只在一个机制签发和使用", "make sure each reduction is issued and used in one mechanism only",
                  show=('other_mechanism', 'other_id', 'arrangement')),
         ]),
    rule("SC-4.2-retirement", ("减排量注销不超过已登记减排量、不重复注销", "retirements within registered reductions, never twice"),
         # the text assigns registration and cancellation (注销) to the registry and names the uses;
         # "a batch once, never beyond what was registered" is the product owner's reading against double counting
         Citation(DOC, "二(二)、四(二)(三)", "secondary", "文件规定注销由登记机构办理并列举消纳场景；“同一批次只注销一次、不超过登记量”为防止重复计算的产品规则"),
         "sc.retirement", source="SC", jurisdiction=J, window=WINDOW,
         reading="“同一批次只注销一次、不超过登记量、不早于登记”是产品防止重复计算的读法，文件未逐字规定",
         cases=[
             Case("unknown_batch", F.batch_known == False, ERROR,
                  "注销（{purpose_zh}，{amount} tCO2e）所用批次 {batch} 不在已登记的减排量批次中",
                  "retirement ({purpose_en}, {amount} tCO2e) draws on batch {batch}, which is not a registered reduction batch",
                  "在 project.reduction_batches 中记录该批次（id、registered 登记日期、amount_tco2e），或更正 batch",
                  "record the batch in project.reduction_batches (id, registered date, amount_tco2e), or correct batch",
                  at="batch", show=('batch', 'amount')),
             Case("repeat", (F.repeat == True) & (F.batch_known == True), ERROR,
                  "批次 {batch} 已于 retirements[{first_index}] 注销，同一批次再次注销会造成减排量重复计算",
                  "batch {batch} was already retired in retirements[{first_index}]; retiring it again counts the reductions twice",
                  "每一批次只注销一次；如需用于多个用途，应在登记时分拆为不同批次",
                  "retire each batch once; to serve several uses, register the reductions as separate batches",
                  at="batch", show=('batch', 'first_index')),
             Case("exceeds", F.exceeds == True, ERROR,
                  "注销 {amount} tCO2e 超过批次 {batch} 的已登记减排量 {batch_amount} tCO2e",
                  "this retirement of {amount} tCO2e exceeds the {batch_amount} tCO2e registered in batch {batch}",
                  "注销数量不得超过所用批次的已登记减排量；核对注销数量或所用批次",
                  "retire no more than the batch holds; check the amount or the batch",
                  at="amount_tco2e", show=('batch', 'amount', 'batch_amount')),
             Case("before_registration", (F.future == False) & (F.before_registration == True), ERROR,
                  "注销日期 {date} 早于批次 {batch} 的登记日期 {batch_registered}：减排量须先登记后注销",
                  "retirement on {date} precedes the registration of batch {batch} on {batch_registered}: reductions are registered before they are retired",
                  "核对注销日期和批次登记日期", "check the retirement date and the batch's registration date",
                  at="date", show=('date', 'batch_registered')),
             Case("future", F.future == True, ERROR,
                  "注销日期 {date} 晚于判定日 {as_of}", "retirement date {date} lies after the as-of date {as_of}",
                  "只记录已完成的注销", "record completed retirements only", at="date", show=('date', 'as_of')),
             Case("no_beneficiary", F.has_beneficiary == False, WARNING,
                  "注销（{purpose_zh}）未载明使用方（碳中和主体、义务植树履责人或替代性修复义务人）",
                  "retirement ({purpose_en}) names no beneficiary (the neutralising entity, tree-planting duty holder or restoring party)",
                  "在 beneficiary 中填写使用方名称", "name the beneficiary", at="beneficiary"),
         ]),
    rule("SC-4.3-judicial", ("生态司法替代性修复的注销载明法院和案号", "judicial restoration retirements name the court and case number"),
         cite("四(三)"), "sc.judicial", source="SC", jurisdiction=J, window=WINDOW,
         cases=[
             Case("no_court", F.has_court == False, ERROR,
                  "用于生态司法替代性修复的注销（批次 {batch}）未载明作出裁判或认可修复方案的法院",
                  "the retirement for judicial restoration (batch {batch}) does not name the court",
                  "在 court 中填写法院全称，如 红原县人民法院", "name the court in court, e.g. 红原县人民法院", at="court"),
             Case("not_court", (F.has_court == True) & (F.court_named == False), WARNING,
                  "“{court}”不像法院名称", "'{court}' does not look like the name of a court",
                  "填写法院全称（以“法院”结尾）", "give the court's full name (ending in 法院)", at="court", show=('court',)),
             Case("no_case_number", F.has_case_number == False, ERROR,
                  "用于生态司法替代性修复的注销（批次 {batch}）未载明案号",
                  "the retirement for judicial restoration (batch {batch}) gives no case number",
                  "在 case_number 中填写案号，如（2025）川3233刑初15号", "give the case number, e.g. （2025）川3233刑初15号",
                  at="case_number"),
             Case("bad_case_number", (F.has_case_number == True) & (F.case_number_ok == False), WARNING,
                  "案号“{case_number}”不符合（年份）法院代字＋类型代字＋序号＋“号”的格式",
                  "case number '{case_number}' does not follow the form (year) court code + case type + number + 号",
                  "按裁判文书核对案号，如（2025）川3233刑初15号", "copy the case number from the judgment, e.g. （2025）川3233刑初15号",
                  at="case_number", show=('case_number',)),
         ]),
]

# -- the fact fields the rules read, with their meaning and article ------------------------------
FACTS = (
    fact_kind("sc.project",
              registered=("项目已到登记阶段（阶段代码 filing 及以后）", "the project is registered (stage filing or later)", "二(二)"),
              designed=("项目已到设计阶段", "the project has reached design", "三(一)(二)"),
              stage=("项目阶段代码", "stage code", "二(三)"),
              has_methodology=("写明了所用方法学", "a methodology is named", "三(一)"),
              methodology_assessed=("方法学在已评估方法学之列", "the methodology is among the assessed ones", "三(一)(三)"),
              assessed_data=("参考数据有该机制的已评估方法学", "the data holds assessed methodologies for the mechanism", "三(一)(三)"),
              expert_any=("有专家委员会评估记录（不晚于判定日）", "an expert committee assessment is on record", "三(三)"),
              expert_before=("专家委员会评估不晚于登记日", "the expert assessment is dated on or before registration", "三(三)"),
              plot_review_any=("每个四川地块都有林草部门的地块合格性审核", "every Sichuan plot has an eligibility review", "六(四)"),
              plot_review_before=("地块审核不晚于登记日", "the plot reviews are dated on or before registration", "六(四)"),
              has_venue=("填写了交易场所", "a trading venue is named", "二(三)"),
              venue_designated=("交易场所为指定平台（名称规范化并比对别名）", "the venue is the designated platform", "二(三)"),
              has_registry=("填写了登记机构", "a registry is named", "二(二)"),
              registry_designated=("登记机构为指定机构", "the registry is the designated one", "二(二)"),
              has_plan=("有计量监测计划", "a monitoring plan is recorded", "三(二)"),
              plan_complete=("计量监测计划写明计量模型、碳计量参数和监测频率", "the plan names model, parameters and frequency", "三(二)"),
              methodology=("所用方法学", "the methodology used", "三(一)"),
              registration_date=("项目登记日", "the date the project was registered", "二(二)、三(三)"),
              expert_dates=("专家委员会对项目的技术评估日期（不晚于判定日）", "dates of the expert committee's assessments of the project", "三(三)"),
              registry=("填写的登记机构", "the registry named", "二(二)"),
              venue=("填写的交易场所", "the trading venue named", "二(三)"),
              plot_unreviewed_ids=("没有地块合格性和技术措施审核的四川地块", "Sichuan plots without an eligibility and technical-measure review", "六(四)"),
              plot_late_ids=("登记时尚未审核的四川地块", "Sichuan plots not yet reviewed when the project was registered", "六(四)")),
    fact_kind("sc.plot",
              in_sichuan=("地块的县级区划代码属四川省（无 5102、5112）", "the plot's county code lies in Sichuan", "三(一)(二)；二"),
              land_in_scope=("地类为森林（林地）、草原或湿地", "land type is forest, grassland or wetland", "三(一)(二)"),
              county=("地块的县级区划代码", "the plot's county code", "三(一)(二)")),
    fact_kind("sc.principle",
              designed=("项目已到设计阶段", "the project has reached design", "三(一)"),
              present=("该因素有说明或证明材料（占位符不算）", "the factor has evidence (placeholders do not count)", "三(一)")),
    fact_kind("sc.batch",
              assessed=("该减排量批次有专家委员会评估记录", "the batch has an expert assessment on record", "三(三)"),
              assessed_before=("批次评估不晚于批次登记日", "the batch assessment precedes its registration", "三(三)"),
              batch_registered=("批次已登记", "the batch is registered", "二(二)"),
              batch=("减排量批次编号", "the reduction batch's id", "三(三)"),
              registered=("批次登记日", "the date the batch was registered", "二(二)、三(三)")),
    fact_kind("sc.other_registration",
              active=("在其他机制已登记", "registered in another mechanism", "三(一) 唯一性"),
              pending=("在其他机制已申请", "applied for in another mechanism", "三(一) 唯一性"),
              status=("其他机制登记状态", "status of the other registration", "三(一)"),
              recognised=("有生效的互认安排覆盖", "a mutual-recognition arrangement in force covers it", "五(一)"),
              other_mechanism=("另一机制的代码", "the other mechanism's code", "三(一) 唯一性"),
              other_id=("在另一机制的登记（申请）编号", "the registration (application) number in the other mechanism", "三(一) 唯一性"),
              arrangement=("覆盖该情形的互认安排（名称及来源）", "the mutual-recognition arrangement that covers it (title and source)", "五(一)")),
    fact_kind("sc.retirement",
              batch_known=("所用批次为已登记批次", "the batch drawn on is registered", "二(二)"),
              repeat=("该批次此前已注销", "the batch was retired before", "二(二)、四(二)(三)"),
              exceeds=("注销量超过批次登记量", "the amount exceeds the batch", "二(二)"),
              before_registration=("注销早于批次登记", "the retirement precedes the batch's registration", "二(二)"),
              future=("注销日期晚于判定日", "the retirement date is after the as-of date", "二(二)"),
              has_beneficiary=("载明使用方", "a beneficiary is named", "四(二)(三)"),
              has_retirement_registry=("载明办理注销的登记机构", "the retirement names its registry", "二(二)"),
              retirement_registry_ok=("注销登记机构为指定机构", "the retirement's registry is the designated one", "二(二)"),
              has_voucher=("载明注销凭证编号", "a voucher number is given", "二(二)"),
              batch=("注销所用的减排量批次", "the batch the retirement draws on", "二(二)"),
              amount=("注销量（tCO2e）", "the amount retired (tCO2e)", "二(二)、四(二)(三)"),
              batch_amount=("该批次的已登记减排量（tCO2e）", "the batch's registered amount (tCO2e)", "二(二)"),
              first_index=("首次注销该批次的 retirements 序号", "index in retirements of the first retirement of that batch", "二(二)、四(二)(三)"),
              date=("注销日期", "the retirement date", "二(二)"),
              batch_registered=("该批次的登记日期", "the date the batch was registered", "二(二)"),
              as_of=("判定日", "the as-of date", "二(二)"),
              retirement_registry=("办理注销的登记机构", "the registry that handled the retirement", "二(二)")),
    fact_kind("sc.judicial",
              has_court=("载明法院", "a court is named", "四(三)"),
              court_named=("名称含“法院”", "the name contains 法院", "四(三)"),
              has_case_number=("载明案号", "a case number is given", "四(三)"),
              case_number_ok=("案号符合（年份）法院代字＋类型代字＋序号＋号", "the case number has the standard form", "四(三)"),
              court=("作出生态修复判决的法院", "the court that ordered the ecological restoration", "四(三)"),
              case_number=("判决的案号", "the judgment's case number", "四(三)")),
    fact_kind("sc.development_terms",
              months_since_signed=("签约至判定日已开始的月数", "months begun since signing", "六(四)"),
              reached_design=("项目已达到设计阶段", "the project has reached design", "六(四)"),
              deadline_passed=("约定开发期限早于判定日", "the agreed development deadline has passed", "六(四)"),
              signed_date=("开发协议签订日", "the date the development agreement was signed", "六(四)"),
              deadline=("协议约定的开发期限（到期日）", "the development deadline the agreement sets", "六(四)")),
)


RULESET = Ruleset(
    id="sichuan", title_zh="四川省深入推进林草碳普惠机制建设的指导意见",
    title_en="Sichuan guiding opinions on the forest-and-grass carbon inclusive mechanism",
    source="SC", jurisdiction=SICHUAN_PLOTS, window=WINDOW, rules=RULES, params=PARAMS, derive=derive, facts=FACTS, document=DOC,
)
