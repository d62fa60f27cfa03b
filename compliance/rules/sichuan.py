"""川林发〔2024〕3号 深入推进林草碳普惠机制建设的指导意见: the Sichuan rules (SC-).

Issued 2024-01-16 by 四川省林业和草原局 and 四川省生态环境厅, without an end date; applies to
林草碳普惠 projects (mechanism SCPH) in province 51. A Sichuan project under another mechanism
(CCER, …) is judged by that mechanism's rules, not these.

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
from .base import OPEN_END, Case, Citation, F, Jurisdiction, Ruleset, param, rule

DOC = "川林发〔2024〕3号"


def cite(article: str, basis: str = "primary", note: str = "") -> Citation:
    return Citation(DOC, article, basis, note)


ISSUED = dt.date(2024, 1, 16)       # 印发之日起施行 (no end date stated)
WINDOW = (ISSUED, OPEN_END)
SICHUAN = Jurisdiction(provinces=("51",), mechanisms=(Mechanism.SCPH.value,))
ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

PARAMS = [
    param("SC.in_force_from", ISSUED, ISSUED, cite("印发日期"), "指导意见印发施行日期", "date the guiding opinions were issued"),
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
CASE_NUMBER = re.compile(r"^[（(](19|20)\d{2}[）)]\S*?[\u4e00-\u9fff]\d+号(之[一二三四五六七八九十\d]+)?$")


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

    def uncovered(found) -> list:
        return [p for p in sub.plots
                if not any(r.division is None or p.county.startswith(r.division) for r in found)]

    plot_any, plot_before = reviews(ReviewKind.PLOT_ELIGIBILITY, ctx.as_of), reviews(ReviewKind.PLOT_ELIGIBILITY, bound)
    missing_any, missing_before = uncovered(plot_any), uncovered(plot_before)

    def plot_names(plots) -> str:
        return _joined((f"{p.id}（{divisions.full_name(p.county)}）" for p in plots), "zh") or "—"

    # -- registry and venue (二(二), 二(三)) -----------------------------------------------
    venues = refdata.designated_venues(pr.mechanism.value) or []
    registries = refdata.load("venues.yaml").get("registries", {}).get(pr.mechanism.value) or []
    venue, registry = pr.trading_venue or "", pr.registry or ""

    # -- monitoring plan (三(二)) ---------------------------------------------------------
    plan = getattr(pr, "monitoring_plan", None)
    parts = [("model", "计量模型", "measurement model"), ("parameters", "碳计量参数", "carbon parameters"),
             ("frequency_years", "监测频率（年）", "monitoring frequency (years)")]
    missing_parts = [p for p in parts if plan is None or not (
        getattr(plan, p[0]) is not None if p[0] == "frequency_years" else _evidence(getattr(plan, p[0])))]

    facts.append({
        "kind": "sc.project", "path": "project",
        "stage": pr.stage.value, "stage_zh": pr.stage.zh, "stage_en": pr.stage.en,
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
            "county": p.county, "county_name": divisions.full_name(p.county),
            "in_sichuan": in_sichuan(p.county),
            "land_in_scope": p.land_type in SCOPE_LANDS,
            "land_type_zh": p.land_type.zh, "land_type_en": p.land_type.en,
        })

    # -- principles (三(一)) --------------------------------------------------------------
    principles = getattr(pr, "principles", None)
    for key, (zh, en) in PRINCIPLES.items():
        facts.append({
            "kind": "sc.principle", "path": f"project.principles.{key}", "principle": key,
            "principle_zh": zh, "principle_en": en, "designed": designed, "stage_zh": pr.stage.zh, "stage_en": pr.stage.en,
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
            "retirement_id": r.id or "—",
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
                "case_number_ok": bool(CASE_NUMBER.match(number)),
            })
    return facts


J = SICHUAN
RULES = [
    rule("SC-2-scope", ("项目地块在四川省且为林地、草地或湿地", "plots in Sichuan on forest land, grassland or wetland"),
         cite("二、四(一)"), "sc.plot", source="SC", jurisdiction=J, window=WINDOW,
         also_cites=(cite("三(一)"),),
         cases=[
             Case("outside", F.in_sichuan == False, ERROR,
                  "地块 {plot_id} 位于 {county_name}（{county}），不在四川省行政区域内",
                  "plot {plot_id} lies in {county_name} ({county}), outside Sichuan",
                  "核对县级区划代码（四川省为 51 开头，无 5102、5112）；省外地块不能纳入林草碳普惠项目",
                  "check the county code (Sichuan codes start with 51; there is no 5102 or 5112); plots outside "
                  "Sichuan cannot be part of a 林草碳普惠 project", at="county", show=('county',)),
             Case("land", F.land_in_scope == False, ERROR,
                  "地块 {plot_id} 的地类为{land_type_zh}，不属于林草碳普惠的森林（林地）、草原、湿地",
                  "plot {plot_id} is {land_type_en}, not forest land, grassland or wetland",
                  "移出该地块，或按不动产权证书和国土调查成果更正地类",
                  "remove the plot, or correct its land type from its certificate and the land survey", at="land_type"),
         ]),
    rule("SC-3.1-principles", ("逐项说明真实性、额外性、唯一性、普惠性、代表性、数据可获得性", "evidence for each of the six principles"),
         cite("三(一)"), "sc.principle", source="SC", jurisdiction=J, window=WINDOW,
         when=(F.designed == True) & (F.present == False), severity=ERROR,
         message=("项目已到“{stage_zh}”阶段，缺少{principle_zh}的说明或证明材料（project.principles.{principle}）",
                  "project at stage '{stage_en}' records no evidence of {principle_en} (project.principles.{principle})"),
         fix=("在 project.principles 中填写“{principle_zh}”（{principle}）的证明材料，如数据来源、承诺书或论证文件",
              "record the evidence of {principle_en} under project.principles.{principle} (data source, declaration or analysis)")),
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
                  "项目已到“{stage_zh}”阶段（视为已登记），但没有省级林草碳普惠专家委员会的技术评估记录",
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
                  "项目已到“{stage_zh}”阶段（视为已登记），但未填写登记机构",
                  "project is at stage '{stage_en}' (registered) but names no registry",
                  "在 project.registry 中填写 {designated_registries}", "name {designated_registries} in project.registry",
                  at="registry"),
         ]),
    rule("SC-2.3-venue", ("在西部生态产品交易平台交易", "trade on the 西部生态产品交易平台"),
         cite("二(三)"), "sc.project", source="SC", jurisdiction=J, window=WINDOW,
         cases=[
             Case("undesignated", (F.has_venue == True) & (F.venue_designated == False), ERROR,
                  "交易场所“{venue}”不是林草碳普惠减排量的指定交易平台（指定：{designated_venues}）",
                  "venue '{venue}' is not designated for 林草碳普惠 reductions (designated: {designated_venues})",
                  "改在 {designated_venues} 交易；如有新的指定文件，请在 compliance/data/venues.yaml 的 venues.SCPH 下登记场所及其依据",
                  "trade on {designated_venues}; if a new designation was published, add it with its source under venues.SCPH in compliance/data/venues.yaml",
                  at="trading_venue", show=('venue',)),
             Case("no_venue", (F.stage == Stage.TRADING.value) & (F.has_venue == False), ERROR,
                  "项目已进入交易阶段，但未填写交易场所", "project is trading but names no trading venue",
                  "在 project.trading_venue 中填写 {designated_venues}", "name {designated_venues} in project.trading_venue",
                  at="trading_venue"),
         ]),
    rule("SC-6.4-plot-review", ("登记前林草部门已审核地块合格性和技术措施", "plot eligibility and measures reviewed before registration"),
         cite("六(四)"), "sc.project", source="SC", jurisdiction=J, window=WINDOW,
         cases=[
             Case("missing", (F.registered == True) & (F.plot_review_any == False), ERROR,
                  "项目已到“{stage_zh}”阶段（视为已登记），但以下地块没有林草部门的地块合格性和技术措施审核记录：{plot_unreviewed}",
                  "project is at stage '{stage_en}' (registered) but no forestry department's review of plot eligibility and measures covers: {plot_unreviewed_ids}",
                  "在 project.reviews 中记录 kind: plot_eligibility、审核机关、区划代码（县、市州或省）和日期（不晚于登记日）",
                  "record in project.reviews a review with kind: plot_eligibility, the authority, its division code and date (on or before registration)",
                  at="reviews", show=('plot_unreviewed_ids',)),
             Case("late", (F.registered == True) & (F.plot_review_any == True) & (F.plot_review_before == False), ERROR,
                  "地块合格性和技术措施审核晚于项目登记日 {registration_date}，登记时以下地块尚未审核：{plot_late}",
                  "the plot eligibility review is dated after registration on {registration_date}; at registration these plots were unreviewed: {plot_late_ids}",
                  "核对审核日期和 milestones.filing（登记日）；先审核后登记", "check the review date and milestones.filing: review comes before registration",
                  at="reviews", show=('registration_date', 'plot_late_ids')),
         ]),
    rule("SC-5.1-unique", ("不在其他机制重复登记（唯一性）", "no double registration in another mechanism (uniqueness)"),
         cite("三(一)、五(一)"), "sc.other_registration", source="SC", jurisdiction=J, window=WINDOW,
         cases=[
             Case("double", (F.active == True) & (F.recognised == False), ERROR,
                  "{scope_zh}已在{other_zh}登记（编号 {other_id}），又申报林草碳普惠，属重复申报，违反唯一性要求；目前没有已生效的互认安排",
                  "{scope_en} is already registered in {other_en} (id {other_id}) and now claimed under 林草碳普惠: a double claim "
                  "against the uniqueness principle; no mutual-recognition arrangement is in force",
                  "注销在{other_zh}的登记后再申报，或移出重复的地块；川渝项目互认生效后，在 compliance/data/mutual_recognition.yaml 中登记该安排及其依据",
                  "cancel the {other_en} registration first or take the plots out; once a Sichuan–Chongqing project recognition is "
                  "in force, record it with its source in compliance/data/mutual_recognition.yaml",
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

RULESET = Ruleset(
    id="sichuan", title_zh="四川省深入推进林草碳普惠机制建设的指导意见",
    title_en="Sichuan guiding opinions on the forest-and-grass carbon inclusive mechanism",
    source="SC", jurisdiction=SICHUAN, window=WINDOW, rules=RULES, params=PARAMS, derive=derive, document=DOC,
)
