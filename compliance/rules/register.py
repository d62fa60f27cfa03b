"""The sanctions register, consulted by every check (REG-suspended, REG-restricted).

川林发〔2024〕3号 六(四): violators are suspended, restricted or stripped of their eligibility to
develop carbon-sink resources, and notified. A check looks up the developer and every party by
统一社会信用代码 / ID number on the as-of date; the finding cites the register entry.
"""
from __future__ import annotations

import datetime as dt

from compliance.rules.facts import Context
from compliance.reference.vocab import Severity
from ._periods import add_years
from .base import Case, Citation, F, Jurisdiction, OPEN_END, P, Ruleset, fact_kind, holds, param, rule

SC_64 = Citation("川林发〔2024〕3号", "六(四)")
# RULES.md also lists 湘林基〔2025〕5号 第二十三条, but that article concerns officials' misconduct
# (泄露涉密资料、滥用职权…), not a developer's eligibility, so it is not cited here
ALSO = (Citation("温室气体自愿减排交易管理办法（试行）", "第四十三条"),)
MEASURE_ZH = {"suspend": "暂停参与林业碳汇资源开发资格", "cancel": "取消参与林业碳汇资源开发资格",
              "restrict": "限制参与林业碳汇资源开发资格", "notice": "通报"}
MEASURE_EN = {"suspend": "suspension of eligibility", "cancel": "cancellation of eligibility",
              "restrict": "restriction of eligibility", "notice": "public notice"}


def derive(ctx: Context) -> list[dict]:
    if ctx.sanctions is None:
        return []
    sub = ctx.sub
    parties = [("developer", "开发主体", "developer", sub.developer)] + [
        (f"rights_holders[{i}]", "林权权利人", "rights holder", p) for i, p in enumerate(sub.rights_holders)]
    by_code: dict[str, list[tuple[str, str, str, object]]] = {}
    for path, zh, en, p in parties:
        if p.code:
            by_code.setdefault(p.code, []).append((path, zh, en, p))
    if not by_code:
        return []
    hits = ctx.sanctions(sorted(by_code), ctx.as_of, sub.project.province.value, sub.project.mechanism.value)
    facts = []
    for s in hits:
        for path, zh, en, p in by_code.get(s.code, []):
            facts.append({
                "kind": "reg.sanction", "path": f"{path}.{'uscc' if p.uscc else 'id_number'}",
                "role_zh": zh, "role_en": en, "party_name": p.name, "code": s.code,
                "measure": s.measure, "measure_zh": MEASURE_ZH.get(s.measure, s.measure),
                "measure_en": MEASURE_EN.get(s.measure, s.measure),
                "blocking": bool(s.blocking), "entry_id": s.entry_id, "event_hash": s.event_hash[:16],
                "authority": s.authority, "case_number": s.case_number, "basis": s.citation,
                # the finding cites the entry's own recorded basis and deciding authority
                "cites": f"{s.citation}（{s.authority} {s.case_number}）" if s.citation else
                f"{s.authority} {s.case_number}",
                "from_date": s.from_date.isoformat(), "to_date": s.to_date.isoformat() if s.to_date else "",
                "until_zh": s.to_date.isoformat() if s.to_date else "无固定期限",
                "until_en": s.to_date.isoformat() if s.to_date else "open-ended",
                "scope": "、".join(s.mechanisms) if s.mechanisms != ("*",) else "全部机制",
                "scope_en": ", ".join(s.mechanisms) if s.mechanisms != ("*",) else "all mechanisms",
            })
    return facts


_SHOW = ("entry_id", "case_number", "authority", "from_date", "to_date", "basis", "event_hash")
RULES = [
    rule("REG-suspended", ("开发主体或当事方未被暂停、取消开发资格", "no party suspended or disqualified"),
         SC_64, "reg.sanction", source="REG", also_cites=ALSO,
         when=F.blocking == True, severity=Severity.ERROR,
         message=("{role_zh} {party_name}（{code}）在惩戒名录中有生效的{measure_zh}：条目 {entry_id}，{authority} {case_number}，"
                  "{from_date} 至 {until_zh}，范围 {scope}，依据 {basis}",
                  "{role_en} {party_name} ({code}) is under an active {measure_en} in the sanctions register: entry {entry_id}, "
                  "{authority} {case_number}, {from_date} to {until_en}, scope {scope_en}, basis {basis}"),
         fix=("在处理期限届满或依法解除（compliance sanctions lift）前，该主体不得参与林业碳汇项目开发；更换开发主体或待解除后再提交",
              "the party may not develop carbon-sink projects until the measure ends or is lifted; replace the party or resubmit afterwards"),
         show=_SHOW),
    rule("REG-restricted", ("当事方受限制开发资格的提示", "a party under a restriction"),
         SC_64, "reg.sanction", source="REG", also_cites=ALSO,
         when=F.measure == "restrict", severity=Severity.WARNING,
         message=("{role_zh} {party_name}（{code}）在惩戒名录中有生效的{measure_zh}：条目 {entry_id}，{authority} {case_number}，"
                  "{from_date} 至 {until_zh}，范围 {scope}",
                  "{role_en} {party_name} ({code}) is under an active {measure_en}: entry {entry_id}, {authority} "
                  "{case_number}, {from_date} to {until_en}, scope {scope_en}"),
         fix=("核对限制的具体内容（compliance sanctions show {entry_id}），确认本项目不在限制范围内",
              "read the restriction (compliance sanctions show {entry_id}) and confirm this project is outside it"),
         show=_SHOW),
]

# --------------------------------------------------------------------------- recording rules
# Judged when a regulator records (or amends) a sanction, on one fact of kind "reg.recording"
# that fields.check_sanction derives (recording_fact below); the register stores the warnings
# with the event. They never block the recording.

APL_9 = Citation("行政处罚法", "第九条、第十四条、第十六条")
APL_36 = Citation("行政处罚法", "第三十六条")
MEAS_43 = Citation("温室气体自愿减排交易管理办法（试行）", "第四十三条")
MEAS_5 = Citation("温室气体自愿减排交易管理办法（试行）", "第五条")

PARAMS = [
    param("REG.limitation_years", 2, dt.date(1996, 10, 1), APL_36,
          "行政处罚的追责时效（违法行为终了后二年内未被发现的，不再给予行政处罚）",
          "limitation period of an administrative penalty (not discovered within two years of the conduct ending)",
          unit="年"),
    param("REG.limitation_years_harm", 5, dt.date(2021, 7, 15), APL_36,
          "涉及公民生命健康安全、金融安全且有危害后果的违法行为的追责时效（延长至五年）",
          "limitation period where life, health or financial safety is harmed (extended to five years)",
          unit="年"),
    param("MEAS.43_bar_years", 3, dt.date(2023, 10, 19), MEAS_43,
          "弄虚作假的项目业主不再受理申请的期限", "years no application is accepted from an owner who falsified data",
          unit="年"),
]

_REC = "reg.recording"
RECORDING_RULES = [
    rule("REG-basis", ("处理的依据应为法律、法规或规章", "a sanction's basis is a law, regulation or rule"),
         APL_9, _REC, source="REG",
         when=(F.has_basis == True) & (F.basis_has_statute == False), severity=Severity.WARNING,  # noqa: E712
         message=("依据仅为规范性文件（{documents}）：行政处罚须以法律、法规或规章为依据（行政处罚法第九条、第十四条、第十六条）；"
                  "请补充上位法依据，或作为资格/信用管理措施登记",
                  "the only basis is normative documents ({documents}): an administrative penalty needs a law, "
                  "regulation or rule as its basis (APL Art. 9, 14, 16); add one, or record this as "
                  "eligibility/credit management"),
         fix=("在 --basis 中补充法律、法规或规章的条款", "add an article of a law, regulation or rule with --basis"),
         show=("documents",)),
    rule("REG-limitation", ("违法行为超过追责时效的提示", "conduct beyond the limitation period"),
         APL_36, _REC, source="REG",
         when=F.years_beyond >= P("REG.limitation_years"), severity=Severity.WARNING,
         message=("违法行为终了（{ended}）至{until_label}（{until}）已超过 {p[REG.limitation_years]} 年：注意行政处罚法第三十六条的追责时效"
                  "（涉及生命健康安全、金融安全且有危害后果的为 {p[REG.limitation_years_harm]} 年）",
                  "the conduct ended {ended}, more than {p[REG.limitation_years]} years before the {until_label_en} "
                  "({until}): mind the limitation period of APL Art. 36 ({p[REG.limitation_years_harm]} years where life, health or "
                  "financial safety is harmed)"),
         show=("ended", "until")),
    rule("MEAS-43", ("CCER 数据造假的三年不予受理期限", "the three-year bar after CCER data falsification"),
         MEAS_43, _REC, source="MEAS",
         cases=[
             Case(
                 "applied", (F.ccer_falsification == True) & (F.default_applied == True), Severity.WARNING,  # noqa: E712
                 "CCER 数据造假：按《温室气体自愿减排交易管理办法（试行）》第四十三条，{p[MEAS.43_bar_years]} 年内不受理该业主的申请；"
                 "未给出截止日期，已按默认期限设为 {suggested_to}",
                 "CCER data falsification: under MEAS Art. 43 no application from the owner is accepted for "
                 "{p[MEAS.43_bar_years]} years; no to date was given, so the default period ending {suggested_to} was applied",
                 show=("suggested_to",)),
             Case(
                 "suggest", (F.ccer_falsification == True) & (F.default_applied == False)  # noqa: E712
                 & (F.open_ended == True), Severity.WARNING,  # noqa: E712
                 "CCER 数据造假：《温室气体自愿减排交易管理办法（试行）》第四十三条规定 {p[MEAS.43_bar_years]} 年内不受理，"
                 "建议截止日期为 {suggested_to}",
                 "CCER data falsification: MEAS Art. 43 sets a {p[MEAS.43_bar_years]}-year bar; suggested to date {suggested_to}",
                 show=("suggested_to",)),
         ]),
    rule("REG-competence", ("决定机关对所引依据有管辖权", "the deciding authority is competent for the basis it cites"),
         MEAS_5, _REC, source="REG",
         when=(F.competence_known == True) & (F.competent == False), severity=Severity.WARNING,  # noqa: E712
         message=("{authority} 不是所引依据（{basis_text}）的处理机关：该依据由{departments_zh}适用（{sources}）；"
                  "请核对决定机关，或改引本部门有权适用的依据",
                  "{authority} is not competent for the basis it cites ({basis_text}): that basis is applied by "
                  "{departments_zh} ({sources}); check the deciding authority, or cite a basis this department may apply"),
         show=("authority", "basis_text")),
]

def period_end(start: dt.date, years: int) -> dt.date:
    """Last day of a period of ``years`` whose first day is ``start`` (both inclusive): the day
    before the anniversary -- 2026-03-01 + 3 years ends 2029-02-28. A period starting on 29
    February ends on 28 February."""
    try:
        return start.replace(year=start.year + years) - dt.timedelta(days=1)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def years_beyond(ended: dt.date, until: dt.date) -> int:
    """The largest n with ``until`` later than n years after ``ended`` (0 when not even that)."""
    n = 0
    while until > add_years(ended, n + 1):
        n += 1
    return n


def param_at(name: str, on: dt.date):
    for p in PARAMS:
        if p.name == name:
            return p.at(on)
    raise KeyError(name)


def recording_fact(body: dict, falsification: bool, default_applied: bool, on: dt.date) -> dict:
    """The fact the recording rules read, from a checked sanction body."""
    basis = body["basis"]
    fact = {"kind": _REC, "has_basis": bool(basis),
            "basis_has_statute": any(b["kind"] in ("law", "regulation", "rule") for b in basis),
            "documents": "、".join(dict.fromkeys(b["document"] for b in basis)),
            "ccer_falsification": falsification, "default_applied": default_applied,
            "open_ended": body["open_ended"], "years_beyond": 0, "ended": "", "until": "",
            "until_label": "", "until_label_en": ""}
    if falsification and body.get("from_date"):
        fact["suggested_to"] = period_end(dt.date.fromisoformat(body["from_date"]),
                                          param_at("MEAS.43_bar_years", on)).isoformat()
    if body.get("conduct_ended"):
        until = body.get("discovered_on") or body["decided_on"]
        label = ("发现（立案）", "discovery") if body.get("discovered_on") else ("作出决定", "decision")
        if until:
            fact.update(ended=body["conduct_ended"], until=until, until_label=label[0], until_label_en=label[1],
                        years_beyond=years_beyond(dt.date.fromisoformat(body["conduct_ended"]),
                                                  dt.date.fromisoformat(until)))
    # REG-competence: reference data (compliance/reference/data/competence.yaml, each entry with its source)
    from compliance.reference import refdata

    authority = body["decided_by"]["name"]
    cited = [(b, refdata.competence_entry(f"{b['document']} {b['article']}".strip())) for b in basis]
    cited = [(b, e) for b, e in cited if e is not None]
    foreign = [(b, e) for b, e in cited
               if refdata.competent(authority, f"{b['document']} {b['article']}".strip()) is False]
    fact.update(authority=authority, competence_known=bool(cited), competent=not foreign)
    if foreign:
        fact.update(basis_text="；".join(f"{b['document']} {b['article']}".strip() for b, _ in foreign),
                    departments_zh="、".join(dict.fromkeys(e["department"] for _, e in foreign)),
                    sources="；".join(dict.fromkeys(e["source"] for _, e in foreign)))
    return fact


def recording_warnings(fact: dict, on: dt.date) -> list[dict]:
    """The recording rules that hold for ``fact``, as warnings stored with the event: rule id,
    citation and the declared message in both languages."""
    from compliance.i18n import Safe

    params = {p.name: p.at(on) for p in PARAMS if p.in_force(on)}

    def _fmt(template: str) -> str:
        try:
            return template.format_map(Safe(fact, p=Safe(params)))
        except (IndexError, ValueError, AttributeError, KeyError):
            return template

    out = []
    for r in RECORDING_RULES:
        for case in r.cases:
            if case.when.params() <= params.keys() and holds(case.when, fact, params):
                out.append({"rule": r.id, "case": case.key, "citation": r.citation.text(),
                            "params": {k: fact.get(k) for k in case.show},
                            "message_zh": _fmt(case.zh), "message_en": _fmt(case.en)})
    return out


# -- the fact fields the rules read, with their meaning and article ------------------------------
FACTS = (
    fact_kind("reg.sanction",
              blocking=("当事方在判定日处于暂停或取消开发资格期间（名录中经验证的登记）",
                        "the party is suspended or disqualified on the as-of date (a verified register entry)", "六(四)"),
              measure=("登记的处理措施（暂停、限制、取消、通报）", "the recorded measure (suspend, restrict, cancel, notify)", "六(四)"),
              entry_id=("名录条目编号", "the register entry's id", "六(四)"),
              case_number=("处理决定书文号", "the number of the decision document", "六(四)"),
              authority=("作出处理的机关", "the authority that decided the measure", "六(四)"),
              from_date=("处理起始日", "first day of the measure", "六(四)"),
              to_date=("处理截止日（空为无固定期限）", "last day of the measure (empty: open-ended)", "六(四)"),
              basis=("条目记载的处理依据", "the legal basis the entry records", "六(四)"),
              event_hash=("登记事件哈希（前 16 位），可据以核验条目", "hash of the register event (first 16 digits), to verify the entry", "六(四)")),
    fact_kind(_REC,
              has_basis=("登记写明了处理依据", "the entry states its legal basis", "行政处罚法第九条"),
              basis_has_statute=("依据中有法律、法规或规章（规范性文件不能单独设定处罚）",
                                 "a law, regulation or rule is among the bases (a normative document alone cannot set a penalty)",
                                 "行政处罚法第十四条、第十六条"),
              years_beyond=("违法行为终了至发现（或作出决定）的整年数", "whole years from the end of the conduct to its discovery (or the decision)",
                            "行政处罚法第三十六条"),
              ccer_falsification=("CCER 项目弄虚作假的处理", "a sanction for falsification in a CCER project", "MEAS 第四十三条"),
              default_applied=("未给出截止日期，已按第四十三条的不受理期限（MEAS.43_bar_years）设定", "no to date was given, so the bar of Art. 43 (MEAS.43_bar_years) was applied", "MEAS 第四十三条"),
              suggested_to=("起始日加第四十三条不受理期限的截止日", "the last day of the Art. 43 bar counted from the first day", "MEAS 第四十三条"),
              documents=("所引依据的文件名", "the documents cited as basis", "行政处罚法第十四条、第十六条"),
              ended=("违法行为终了日", "the day the conduct ended", "行政处罚法第三十六条"),
              until=("发现（立案）日，未记录时为决定日", "the day of discovery (case opened), else of the decision", "行政处罚法第三十六条"),
              authority=("作出决定的机关", "the deciding authority", "MEAS 第五条"),
              basis_text=("决定机关无权适用的依据条款", "the articles cited that the deciding authority may not apply", "MEAS 第五条"),
              open_ended=("登记为无固定期限", "recorded without an end date", "MEAS 第四十三条"),
              competence_known=("参考数据载明依据所属的主管部门", "the reference data names the department competent for the basis", "MEAS 第五条"),
              competent=("作出决定的机关属于该依据的主管部门", "the deciding authority belongs to the competent department", "MEAS 第五条")),
)


RULESET = Ruleset(
    id="register", title_zh="惩戒名录（暂停、限制、取消开发资格）", title_en="Sanctions register",
    source="REG", jurisdiction=Jurisdiction(), window=(dt.date.min, OPEN_END), rules=RULES + RECORDING_RULES, params=PARAMS,
    derive=derive, facts=FACTS, document="川林发〔2024〕3号 六(四)",
)
