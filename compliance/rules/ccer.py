"""温室气体自愿减排交易管理办法（试行）(生态环境部、市场监管总局令第31号): the national CCER rules (CCER-).

In force from its publication on 2023-10-20 (第五十一条); applies to every project whose mechanism is
CCER, in any province. Article numbers are those of the text as published (read in the mirror
``knifesoft/isostds`` docs/carbon/method-of-trade.md).
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from compliance.reference import refdata, workdays
from compliance.rules.facts import Context, day, iso
from compliance.reference.vocab import Mechanism, NoticeDocument, PartyKind, Severity, Stage
from ._periods import add_years, years_begun
from .base import OPEN_END, Case, Citation, F, Jurisdiction, P, Ruleset, param, param_value, rule, fact_kind

DOC = "温室气体自愿减排交易管理办法（试行）"
DOC_SHORT = "生态环境部、市场监管总局令第31号"


def cite(article: str, basis: str = "primary", note: str = "") -> Citation:
    return Citation(DOC, article, basis, note)


FROM = dt.date(2023, 10, 20)       # 第五十一条: 本办法自公布之日(2023年10月20日)起施行
WINDOW = (FROM, OPEN_END)
CCER = Jurisdiction(mechanisms=(Mechanism.CCER.value,))
ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
CIVIL_1259 = Citation("民法典", "第一千二百五十九条", "primary", "“以内”包括本数")

PARAMS = [
    param("MEAS.in_force_from", FROM, FROM, cite("第五十一条"), "办法施行日期", "date the measures take effect"),
    param("MEAS.start_after", dt.date(2012, 11, 8), FROM, cite("第十条第一款第（三）项"),
          "项目须于该日之后开工建设", "projects must start construction after this date"),
    param("MEAS.vintage_after", dt.date(2020, 9, 22), FROM, cite("第十七条第一款第（三）项"),
          "减排量须产生于该日之后", "reductions must arise after this date"),
    param("MEAS.vintage_years", 5, FROM, cite("第十七条第二款", note="“以内”包括本数（民法典第一千二百五十九条）"),
          "每期减排量的产生时间须在申请登记之日前的年数以内", "years before its application date within which each batch must arise",
          "年"),
    param("MEAS.notice_workdays", 20, FROM, cite("第十二条第三款、第十九条第三款"),
          "项目设计文件和减排量核算报告的公示期（工作日）", "public notice period of the design document and reduction reports",
          "个工作日"),
]

NOTICE_ARTICLE = {NoticeDocument.PDD: ("第十二条", "article 12"), NoticeDocument.REDUCTION_REPORT: ("第十九条", "article 19")}
ACTIVE_STATUSES = ("registered", "applied")
STATUS_ZH = {"registered": "已登记", "applied": "已申请", "cancelled": "已注销"}


# ------------------------------------------------------------------------ reference data
def methodology_entry(code: str) -> Optional[dict]:
    for m in refdata.load("methodologies.yaml").get("methodologies", []):
        if m["code"].strip().upper() == (code or "").strip().upper():
            return m
    return None


def published_methodologies(as_of: dt.date) -> list[dict]:
    return [m for m in refdata.load("methodologies.yaml").get("methodologies", [])
            if m["in_force"] <= as_of and (m.get("until") is None or as_of <= m["until"])]


def _norm(name: Optional[str]) -> str:
    return "".join((name or "").split()).replace("（", "(").replace("）", ")").lower()


# ------------------------------------------------------------------------ facts
def derive(ctx: Context) -> list[dict]:
    sub, pr = ctx.sub, ctx.sub.project
    as_of = ctx.as_of
    facts: list[dict] = []
    dev = sub.developer

    facts.append({
        "kind": "ccer.owner", "path": "developer", "owner_name": dev.name, "owner_kind": dev.kind.value,
        "owner_kind_zh": dev.kind.zh, "owner_kind_en": dev.kind.en,
        "owner_is_person": dev.kind is PartyKind.INDIVIDUAL,
    })

    code = (pr.methodology or "").strip()
    entry = methodology_entry(code) if code else None
    in_force = bool(entry) and entry["in_force"] <= as_of and (entry.get("until") is None or as_of <= entry["until"])
    published = published_methodologies(as_of)
    pdd_notices = [n for n in pr.public_notices if n.document is NoticeDocument.PDD]
    facts.append({
        "kind": "ccer.project", "path": "project",
        "methodology": code or "—", "has_methodology": bool(code),
        "methodology_published": entry is not None, "methodology_in_force": in_force,
        "methodology_name": (entry or {}).get("name", ""),
        "methodology_from": iso((entry or {}).get("in_force")), "methodology_until": iso((entry or {}).get("until")),
        "methodology_source": (entry or {}).get("source", ""),
        "published_list": "、".join(f"{m['code']} {m['name']}" for m in published) or "（无）",
        "published_list_en": ", ".join(f"{m['code']} ({m['name_en']})" for m in published) or "(none)",
        "has_start": pr.start_date is not None, "start_date": iso(pr.start_date), "start_day": day(pr.start_date),
        "stage": pr.stage.value, "stage_zh": pr.stage.zh, "stage_en": pr.stage.en, "stage_order": pr.stage.order,
        "validator": pr.validator or "", "verifier": pr.verifier or "",
        "has_verifier": bool(pr.verifier),
        "same_body": bool(pr.validator) and bool(pr.verifier) and _norm(pr.validator) == _norm(pr.verifier),
        "pdd_notice_count": len(pdd_notices),
        "as_of": as_of.isoformat(), "as_of_day": ctx.as_of_day,
    })

    # -- public notices (第十二条、第十九条): each recorded notice is judged ----------------------
    needed = param_value(PARAMS, "MEAS.notice_workdays", ctx.params)
    for i, n in enumerate(pr.public_notices):
        counted = workdays.count(n.start, n.end)
        earliest_end, est_end = workdays.add(n.start, needed)
        art_zh, art_en = NOTICE_ARTICLE[n.document]
        facts.append({
            "kind": "ccer.notice", "path": f"project.public_notices[{i}]",
            "document_zh": n.document.zh, "document_en": n.document.en, "article_zh": art_zh, "article_en": art_en,
            "start": iso(n.start), "end": iso(n.end), "workdays": counted.days,
            "estimated": counted.estimated or est_end,
            "estimate_note_zh": counted.note("zh"), "estimate_note_en": counted.note("en"),
            "earliest_end": iso(earliest_end), "calendar": workdays.SOURCE,
        })

    # -- reduction batches (第十七条、第十九条) ----------------------------------------------------
    cp = pr.crediting_period
    reports = [n for n in pr.public_notices if n.document is NoticeDocument.REDUCTION_REPORT]
    for i, b in enumerate(pr.reduction_batches):
        app = b.application_date
        noticed = any(n.end <= app and n.start >= b.period.start for n in reports)
        facts.append({
            "kind": "ccer.batch", "path": f"project.reduction_batches[{i}]",
            "period_start": iso(b.period.start), "period_start_day": day(b.period.start),
            "period_end": iso(b.period.end), "period_end_day": day(b.period.end),
            "application_date": iso(app), "application_day": day(app),
            "amount": f"{b.amount_tco2e:g}",
            "years_before": years_begun(b.period.start, app),
            "earliest_allowed": iso(add_years(app, -int(param_value(PARAMS, "MEAS.vintage_years", ctx.params)))),
            "arises_after_application": b.period.end > app,
            "has_crediting": cp is not None,
            "in_crediting": cp is not None and cp.start <= b.period.start and b.period.end <= cp.end,
            "crediting": f"{cp.start}～{cp.end}" if cp else "—",
            "has_report_notice": noticed,
        })

    # -- uniqueness (第十条第一款第（一）项、第四十八条) ------------------------------------------
    for i, r in enumerate(pr.other_registrations):
        facts.append({
            "kind": "ccer.other_registration", "path": f"project.other_registrations[{i}]",
            "mechanism_zh": r.mechanism.zh, "mechanism_en": r.mechanism.en, "registration_id": r.id,
            "status": r.status, "status_zh": STATUS_ZH.get(r.status, r.status),
            "active": r.status in ACTIVE_STATUSES,
            "scope_zh": ("地块 " + "、".join(r.plots)) if r.plots else "整个项目",
            "scope_en": ("plots " + ", ".join(r.plots)) if r.plots else "the whole project",
        })

    # -- cancellations (第十六条) ------------------------------------------------------------
    for i, c in enumerate(pr.ccer_history):
        if c.cancelled is not None and c.cancelled <= as_of:
            facts.append({"kind": "ccer.cancellation", "path": f"project.ccer_history[{i}]",
                          "registration_id": c.id, "cancelled": iso(c.cancelled), "reason": c.reason or "—",
                          "was_cancelled": True})
    for i, r in enumerate(pr.other_registrations):
        if r.mechanism is Mechanism.CCER and r.status == "cancelled":
            facts.append({"kind": "ccer.cancellation", "path": f"project.other_registrations[{i}]",
                          "registration_id": r.id, "cancelled": iso(r.date) or "—", "reason": "—",
                          "was_cancelled": True})
    return facts


J = CCER
RULES = [
    rule("CCER-4-owner", ("项目业主为法人或其他组织", "project owner is a legal person or organisation"),
         cite("第四条第一款"), "ccer.owner", source="MEAS", jurisdiction=J, window=WINDOW,
         when=F.owner_is_person == True, severity=ERROR,
         message=("项目业主 {owner_name} 为自然人：第四条只允许依法成立的法人和其他组织申请温室气体自愿减排项目登记（自然人只能参与交易）",
                  "project owner {owner_name} is a natural person: article 4 lets only legal persons and other organisations register CCER projects (natural persons may only trade)"),
         fix=("由依法成立并持有统一社会信用代码的企业、集体经济组织或其他组织担任项目业主（developer.kind、developer.uscc）",
              "make a legally established organisation with a unified social credit code the owner (developer.kind, developer.uscc)"),
         at="kind"),
    rule("CCER-10-methodology", ("采用生态环境部发布的项目方法学", "a methodology published by the Ministry"),
         cite("第十条第一款第（二）项"), "ccer.project", source="MEAS", jurisdiction=J, window=WINDOW,
         also_cites=(cite("第八条"),),
         cases=[
             Case("missing", F.has_methodology == False, ERROR,
                  "未填写项目方法学：第十条要求项目属于生态环境部发布的项目方法学支持领域（现行：{published_list}）",
                  "no methodology given: article 10 requires a field supported by a published methodology (in force: {published_list_en})",
                  "在 project.methodology 中填写所用方法学编号，如 CCER-14-001-V01",
                  "give the methodology code in project.methodology, e.g. CCER-14-001-V01", at="methodology"),
             Case("unpublished", (F.has_methodology == True) & (F.methodology_published == False), ERROR,
                  "方法学 {methodology} 不在生态环境部已发布的 CCER 方法学之列（现行：{published_list}）",
                  "methodology {methodology} is not a published CCER methodology (in force: {published_list_en})",
                  "改用已发布的方法学；如认为生态环境部已新发布该方法学，报生态环境主管部门确认；确认后由系统管理员登记编号、施行日期和来源",
                  "use a published methodology; if the Ministry is thought to have published it, ask the ecology and environment authority to confirm; "
                  "once confirmed, the system administrator records its code, date and source",
                  at="methodology"),
             Case("not_in_force", (F.methodology_published == True) & (F.methodology_in_force == False), ERROR,
                  "方法学 {methodology} {methodology_name}在判定日 {as_of} 不在施行期内（施行 {methodology_from}，废止 {methodology_until}）",
                  "methodology {methodology} is not in force on {as_of} (from {methodology_from}, until {methodology_until})",
                  "改用判定日有效的方法学：{published_list}", "use a methodology in force on the date: {published_list_en}",
                  at="methodology"),
         ]),
    rule("CCER-10-start", ("项目于 2012 年 11 月 8 日之后开工建设", "project started after 8 November 2012"),
         cite("第十条第一款第（三）项"), "ccer.project", source="MEAS", jurisdiction=J, window=WINDOW,
         cases=[
             Case("early", (F.has_start == True) & (F.start_day <= P("MEAS.start_after")), ERROR,
                  "项目开始日期 {start_date} 不在 {p[MEAS.start_after]} 之后：第十条要求项目于该日之后开工建设",
                  "project start {start_date} is not after {p[MEAS.start_after]}: article 10 requires a start after that date",
                  "核对造林（开工）日期；该日或之前开始的项目不能申请 CCER 项目登记",
                  "check the planting (start) date; projects started on or before that date cannot be registered",
                  at="start_date"),
             Case("unknown", (F.has_start == False) & (F.stage_order >= Stage.DESIGN.order), WARNING,
                  "项目已到“{stage_zh}”阶段，但未填写开始（造林）日期，无法核对第十条的开工日期要求",
                  "project is at stage '{stage_en}' but has no start date, so the article 10 start requirement cannot be checked",
                  "在 project.start_date 中填写造林开始日期", "record the planting start in project.start_date", at="start_date"),
         ]),
    rule("CCER-17-vintage", ("减排量产生于 2020 年 9 月 22 日之后且在申请前五年以内", "reductions after 22 Sept 2020 and within 5 years before application"),
         cite("第十七条"), "ccer.batch", source="MEAS", jurisdiction=J, window=WINDOW, also_cites=(CIVIL_1259,),
         cases=[
             Case("before_2020", F.period_start_day <= P("MEAS.vintage_after"), ERROR,
                  "本期减排量自 {period_start} 起算，不是产生于 {p[MEAS.vintage_after]} 之后（第十七条第一款第（三）项）",
                  "this batch starts on {period_start}, not after {p[MEAS.vintage_after]} (article 17(1)(3))",
                  "将本期起始日调整到 {p[MEAS.vintage_after]} 之后，该日及以前的减排量不能登记",
                  "start the batch after {p[MEAS.vintage_after]}; reductions up to that day cannot be registered",
                  at="period.start"),
             Case("too_old", F.years_before > P("MEAS.vintage_years"), ERROR,
                  "本期减排量 {period_start}～{period_end} 于 {application_date} 申请登记，最早部分已超出申请日前 {p[MEAS.vintage_years]} 年（最早可为 {earliest_allowed}）",
                  "batch {period_start}..{period_end} applied for on {application_date} reaches back more than {p[MEAS.vintage_years]} years (earliest allowed: {earliest_allowed})",
                  "只申请 {earliest_allowed} 及以后产生的减排量，或提前申请", "apply only for reductions from {earliest_allowed} on, or apply earlier",
                  at="application_date"),
             Case("not_arisen", F.arises_after_application == True, ERROR,
                  "本期减排量截至 {period_end}，晚于申请登记日 {application_date}：尚未产生的减排量不能申请登记",
                  "batch ends on {period_end}, after its application date {application_date}: reductions not yet arisen cannot be registered",
                  "将本期截止日改为申请日或之前", "end the batch on or before its application date", at="period.end"),
             Case("outside_crediting", (F.has_crediting == True) & (F.in_crediting == False), ERROR,
                  "本期减排量 {period_start}～{period_end} 超出项目计入期 {crediting}（第十七条第一款第（四）项：应在可申请登记的时间期限内）",
                  "batch {period_start}..{period_end} lies outside the crediting period {crediting} (article 17(1)(4))",
                  "将本期调整到计入期内", "keep the batch within the crediting period", at="period"),
         ]),
    rule("CCER-18-independence", ("核查机构不得为审定机构", "the verifier is not the validator"),
         cite("第十八条第一款"), "ccer.project", source="MEAS", jurisdiction=J, window=WINDOW,
         when=(F.has_verifier == True) & (F.same_body == True), severity=ERROR,
         message=("减排量核查机构“{verifier}”与项目审定机构“{validator}”为同一机构：第十八条禁止委托负责项目审定的机构核查该项目减排量",
                  "the verifier '{verifier}' is the body that validated the project ('{validator}'): article 18 forbids it"),
         fix=("另行委托一家未参与本项目审定的审定与核查机构开展减排量核查",
              "engage a different validation and verification body for the verification"),
         at="verifier"),
    rule("CCER-12-notice", ("设计文件和减排量核算报告公示二十个工作日", "design document and reduction reports publicly noticed for 20 working days"),
         cite("第十二条第三款、第十九条第三款"), "ccer.notice", source="MEAS", jurisdiction=J, window=WINDOW,
         cases=[
             Case("short", F.workdays < P("MEAS.notice_workdays"), ERROR,
                  "{document_zh}公示期 {start} 至 {end} 只有 {workdays} 个工作日，少于{article_zh}规定的 {p[MEAS.notice_workdays]} 个工作日（已计入法定节假日和调休）{estimate_note_zh}",
                  "the {document_en} notice {start}..{end} lasted {workdays} working days, fewer than the {p[MEAS.notice_workdays]} of {article_en} (public holidays and make-up days counted){estimate_note_en}",
                  "公示至少到 {earliest_end}（自 {start} 起第 {p[MEAS.notice_workdays]} 个工作日）后再申请登记",
                  "keep the notice up until at least {earliest_end} (the {p[MEAS.notice_workdays]}th working day from {start}) before applying",
                  show=("start", "end", "calendar")),
             Case("provisional", (F.workdays >= P("MEAS.notice_workdays")) & (F.estimated == True), INFO,
                  "{document_zh}公示期 {start} 至 {end} 计 {workdays} 个工作日{estimate_note_zh}",
                  "the {document_en} notice {start}..{end} counts {workdays} working days{estimate_note_en}",
                  "节假日安排公布后重新检查", "re-check once the holiday arrangement is published", show=("calendar",)),
             Case("no_pdd_notice", (F.stage_order >= Stage.LIBRARY.order) & (F.pdd_notice_count == 0), ERROR,
                  "项目已到“{stage_zh}”阶段，但未记录项目设计文件的公示（第十二条：申请项目登记前应公示项目设计文件二十个工作日）",
                  "project is at stage '{stage_en}' but no public notice of the design document is recorded (article 12)",
                  "在 project.public_notices 中记录 document: pdd 的公示起止日期",
                  "record the design document's notice (document: pdd, start, end) in project.public_notices",
                  fact="ccer.project", at="public_notices"),
             Case("no_report_notice", F.has_report_notice == False, ERROR,
                  "{application_date} 申请登记的本期减排量（{period_start}～{period_end}）没有在申请前公示减排量核算报告的记录（第十九条）",
                  "the batch {period_start}..{period_end} applied for on {application_date} has no recorded public notice of its reduction report before the application (article 19)",
                  "在 project.public_notices 中记录 document: reduction_report 的公示（须在申请日前结束）",
                  "record the reduction report's notice (document: reduction_report, ending before the application) in project.public_notices",
                  fact="ccer.batch"),
         ]),
    rule("CCER-48-unique", ("项目和地块未参与其他减排机制", "neither project nor plots in another mechanism"),
         cite("第十条第一款第（一）项、第四十八条"), "ccer.other_registration", source="MEAS", jurisdiction=J, window=WINDOW,
         when=F.active == True, severity=ERROR,
         message=("{scope_zh}在{mechanism_zh}中{status_zh}（编号 {registration_id}）：不具备唯一性，构成重复认定或减排量重复计算（第四十八条）",
                  "{scope_en} is {status} in {mechanism_en} (id {registration_id}): not unique, a double registration or double counting (article 48)"),
         fix=("先在{mechanism_zh}注销该登记并取得注销证明，或将涉及的地块移出本项目",
              "cancel the registration in {mechanism_en} first and keep the proof, or take the plots out of this project")),
    rule("CCER-16-cancelled", ("已注销项目不得再次申请登记", "a cancelled project is not registered again"),
         cite("第十六条第三款"), "ccer.cancellation", source="MEAS", jurisdiction=J, window=WINDOW,
         when=F.was_cancelled == True, severity=ERROR,
         message=("本项目曾以编号 {registration_id} 登记为 CCER 项目并已注销（注销日期：{cancelled}）：第十六条规定注销后的项目不得再次申请登记",
                  "this project was registered as CCER project {registration_id} and has been cancelled (date: {cancelled}): article 16 bars a new registration"),
         fix=("注销后的项目不能再次申请登记；如为新的、不同的项目活动，请以新项目重新设计并说明区别",
              "a cancelled project cannot be registered again; a genuinely new activity must be designed as a new project")),
]

# -- the fact fields the rules read, with their meaning and article ------------------------------
FACTS = (
    fact_kind("ccer.owner", owner_is_person=("项目业主为自然人", "the owner is a natural person", "第四条第一款")),
    fact_kind("ccer.project",
              has_methodology=("写明了方法学", "a methodology is named", "第十条第一款第（二）项"),
              methodology_published=("方法学在已发布方法学之列", "the methodology is published", "第八条、第十条"),
              methodology_in_force=("方法学在判定日有效", "the methodology is in force on the date", "第十条"),
              has_start=("记录了项目开始日期", "a start date is recorded", "第十条第一款第（三）项"),
              start_day=("项目开始日期（日序号）", "start date (day number)", "第十条第一款第（三）项"),
              stage_order=("项目阶段序号", "stage number", "第十二条"),
              has_verifier=("记录了核查机构", "a verifier is recorded", "第十八条"),
              same_body=("核查机构与审定机构为同一机构", "verifier and validator are one body", "第十八条第一款"),
              pdd_notice_count=("项目设计文件公示记录数", "design document notices recorded", "第十二条")),
    fact_kind("ccer.notice",
              workdays=("公示期工作日数（含节假日调休）", "working days of the notice", "第十二条第三款、第十九条第三款"),
              estimated=("节假日安排尚未公布，按估计计算", "holidays not yet published: estimated", "第十二条"),
              start=("公示起始日", "first day of the notice", "第十二条第三款、第十九条第三款"),
              end=("公示截止日", "last day of the notice", "第十二条第三款、第十九条第三款"),
              calendar=("计算工作日所用的节假日安排（国务院办公厅通知）", "the holiday arrangement the working days are counted by (State Council notices)",
                        "第十二条第三款、第十九条第三款")),
    fact_kind("ccer.batch",
              period_start_day=("本期减排量起始日（日序号）", "batch start (day number)", "第十七条第一款第（三）项"),
              years_before=("起始日至申请日已开始的年数", "years begun before the application", "第十七条第二款"),
              arises_after_application=("本期截止日晚于申请日", "the batch ends after its application", "第十七条"),
              has_crediting=("记录了计入期", "a crediting period is recorded", "第十七条第一款第（四）项"),
              in_crediting=("本期在计入期内", "the batch lies in the crediting period", "第十七条第一款第（四）项"),
              has_report_notice=("申请前公示了减排量核算报告", "the reduction report was noticed before the application", "第十九条")),
    fact_kind("ccer.other_registration", active=("在其他机制已登记或已申请", "registered or applied for elsewhere", "第十条第一款第（一）项、第四十八条")),
    fact_kind("ccer.cancellation", was_cancelled=("本项目曾登记并已注销", "the project was registered and cancelled", "第十六条第三款")),
)


RULESET = Ruleset(
    id="ccer", title_zh="温室气体自愿减排交易管理办法（试行）（全国 CCER）",
    title_en="Measures for the administration of voluntary GHG emission reduction trading (trial) — national CCER",
    source="MEAS", jurisdiction=CCER, window=WINDOW, rules=RULES, params=PARAMS, derive=derive, facts=FACTS,
    document=f"{DOC}（{DOC_SHORT}）",
)
