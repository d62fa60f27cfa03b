"""The sanctions register, consulted by every check (REG-suspended, REG-restricted).

川林发〔2024〕3号 六(四): violators are suspended, restricted or stripped of their eligibility to
develop carbon-sink resources, and notified. A check looks up the developer and every party by
统一社会信用代码 / ID number on the as-of date; the finding cites the register entry.
"""
from __future__ import annotations

from compliance.rules.facts import Context
from compliance.reference.vocab import Severity
from .base import Citation, F, Jurisdiction, OPEN_END, Ruleset, rule

import datetime as dt

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

RULESET = Ruleset(
    id="register", title_zh="惩戒名录（暂停、限制、取消开发资格）", title_en="Sanctions register",
    source="REG", jurisdiction=Jurisdiction(), window=(dt.date.min, OPEN_END), rules=RULES, params=[],
    derive=derive, document="川林发〔2024〕3号 六(四)",
)
