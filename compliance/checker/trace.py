"""`compliance explain RULE FILE`: why a rule fired -- or did not -- for one submission.

The rule's declared conditions (``compliance.rules.base``: ``Cmp``/``All``/``Any_`` over fact fields
and parameters) are evaluated here in Python over exactly the facts and parameter values the engine
is given (``pipeline.prepare``), comparison by comparison, with the engine's own literal conversion
(dates as day numbers). The engine's verdict is run alongside, so the explanation also says when a
case that holds was overridden by another rule's exception, and a mismatch between the two would be
reported as an internal failure rather than explained away.
"""
from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field
from typing import Any, Optional

from compliance.errors import InternalFailure, InvalidInput
from compliance.i18n import pick
from compliance.rules.base import All, Any_, Cmp, Expr, P, Rule

_OPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_INTERNAL = {"sid", "fid", "kind"}


@dataclass
class Comparison:
    field: str
    op: str
    fact_value: Any
    compared_with: Any            # the literal, or the parameter's value
    param: Optional[str]          # the parameter's name, when the comparand is one
    holds: bool

    def as_dict(self) -> dict:
        return {"field": self.field, "op": self.op, "fact_value": _show(self.field, self.fact_value),
                "compared_with": _show(self.field, self.compared_with), "param": self.param, "holds": self.holds}

    def render(self, lang: str) -> str:
        rhs = _show(self.field, self.compared_with)
        rhs = f"{rhs!r}" + (f"（参数 {self.param}）" if lang == "zh" and self.param else f" (parameter {self.param})" if self.param else "")
        mark = "✓" if self.holds else "✗"
        return f"{mark} {self.field} = {_show(self.field, self.fact_value)!r}  {self.op}  {rhs}"


@dataclass
class Evaluation:
    """One case over one fact."""

    case: str
    path: str
    holds: bool
    comparisons: list[Comparison]
    failed: list[Comparison]       # for a case that does not hold: the conditions that failed it
    fired: bool = False            # the engine reported it (and no exception overrode it)
    overridden_by: str = ""        # the engine matched it but another rule's exception won

    def as_dict(self) -> dict:
        return {"case": self.case, "path": self.path, "applies": self.holds and not self.overridden_by,
                "conditions_hold": self.holds, "fired": self.fired, "overridden_by": self.overridden_by or None,
                "compared": [c.as_dict() for c in self.comparisons],
                "failed_conditions": [c.as_dict() for c in self.failed]}


@dataclass
class Explanation:
    rule: Rule
    as_of: dt.date
    applicable: bool
    reason: str = ""               # why the rule is not among this check's rules
    reason_en: str = ""
    params: dict = field(default_factory=dict)
    cases: dict[str, list[Evaluation]] = field(default_factory=dict)   # case key -> one evaluation per fact

    def fired(self) -> bool:
        return any(e.fired for evs in self.cases.values() for e in evs)

    def as_dict(self, lang: str = "zh") -> dict:
        r = self.rule
        return {"rule": r.id, "title": pick(lang, r.title_zh, r.title_en), "citation": r.citation.text(),
                "basis": r.citation.basis, "basis_note": r.citation.source_note or None,
                "as_of": self.as_of.isoformat(), "applicable": self.applicable,
                "reason": pick(lang, self.reason, self.reason_en) or None, "fired": self.fired(),
                "params": {k: _plain(v) for k, v in self.params.items()},
                "cases": [{"case": c.key, "severity": c.severity.value, "condition": str(c.when),
                           "message": pick(lang, c.zh, c.en),
                           "facts": [e.as_dict() for e in self.cases.get(c.key, [])]} for c in r.cases]}


def _plain(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date) else v


def _show(field_name: str, v: Any) -> Any:
    """Day numbers as the dates they stand for."""
    if field_name.endswith("_day") and isinstance(v, int) and not isinstance(v, bool):
        if v > 0:
            try:
                return dt.date.fromordinal(v).isoformat()
            except ValueError:
                return v
        return None
    return v


def evaluate(expr: Expr, fact: dict, params: dict) -> tuple[bool, list[Comparison], list[Comparison]]:
    """(holds, every comparison made, the comparisons that made it fail)."""
    from compliance.checker.engine import _literal

    if isinstance(expr, Cmp):
        rhs = _literal(expr.value, params)
        lhs = fact.get(expr.field)
        try:
            holds = lhs is not None and bool(_OPS[expr.op](lhs, rhs))
        except TypeError:
            holds = False
        c = Comparison(expr.field, expr.op, lhs, rhs, expr.value.name if isinstance(expr.value, P) else None, holds)
        return holds, [c], ([] if holds else [c])
    if isinstance(expr, All):
        allc, failed, ok = [], [], True
        for part in expr.parts:
            h, cs, fs = evaluate(part, fact, params)
            allc += cs
            if not h:
                ok = False
                failed += fs
        return ok, allc, failed
    if isinstance(expr, Any_):
        allc, failed, ok = [], [], False
        for part in expr.parts:
            h, cs, fs = evaluate(part, fact, params)
            allc += cs
            failed += fs
            ok = ok or h
        return ok, allc, ([] if ok else failed)
    raise InternalFailure(f"unsupported condition {expr!r}")


def find_rule(rule_id: str) -> Rule:
    from compliance.checker.pipeline import all_rules
    from compliance.rules.portfolio import PORTFOLIO_RULES

    every = [*all_rules(), *PORTFOLIO_RULES]
    for r in every:
        if r.id == rule_id:
            return r
    low = rule_id.strip().lower()
    for r in every:
        if r.id.lower() == low:
            return r
    close = [r.id for r in every if low in r.id.lower()][:8]
    raise InvalidInput(zh=f"未知规则 {rule_id}" + (f"；是否指：{', '.join(close)}" if close else "；规则列表见 compliance rules"),
                       en=f"unknown rule {rule_id}" + (f"; did you mean: {', '.join(close)}" if close else "; see compliance rules"))


def explain_rule(sub, rule_id: str, as_of: dt.date | None = None, *, sanctions=None) -> Explanation:
    from compliance.checker.pipeline import check, prepare
    from compliance.rules.portfolio import PORTFOLIO_RULES

    rule = find_rule(rule_id)
    when, sets, rules, params, facts = prepare(sub, as_of, sanctions=sanctions)
    pr = sub.project
    if rule in PORTFOLIO_RULES:
        return Explanation(rule, when, False,
                           "跨项目规则：只在 compliance batch 对整个项目组合检查时判定", "a cross-project rule: judged only by "
                           "compliance batch over a whole portfolio")
    if rule not in rules:
        if not rule.in_force(when):
            zh = f"{when.isoformat()} 不在该规则施行期间（{rule.window[0]} 至 {'今' if rule.window[1] == dt.date.max else rule.window[1]}）"
            en = f"{when.isoformat()} is outside the rule's window ({rule.window[0]} to {'open' if rule.window[1] == dt.date.max else rule.window[1]})"
        elif not any(rule in rs.rules for rs in sets) or not rule.jurisdiction.matches(pr.province.value, pr.mechanism.value, pr.methodology):
            where = next((rs for rs in _all_sets() if rule in rs.rules), None)
            scope = (where.jurisdiction if where else rule.jurisdiction)
            zh = (f"不适用于本项目（省份 {pr.province.value} {pr.province.zh}、机制 {pr.mechanism.value}、方法学 {pr.methodology or '无'}）："
                  f"该规则适用于 {scope.describe('zh')}" + ("" if rule.jurisdiction == scope else f"，且 {rule.jurisdiction.describe('zh')}"))
            en = (f"does not apply to this project (province {pr.province.value}, mechanism {pr.mechanism.value}, methodology "
                  f"{pr.methodology or 'none'}): the rule covers {scope.describe('en')}"
                  + ("" if rule.jurisdiction == scope else f" and {rule.jurisdiction.describe('en')}"))
        else:
            missing = sorted(rule.params() - params.keys())
            zh = f"参数 {', '.join(missing)} 在 {when.isoformat()} 尚无效力"
            en = f"parameters {', '.join(missing)} have no value in force on {when.isoformat()}"
        return Explanation(rule, when, False, zh, en)
    report = check(sub, when, sanctions=sanctions)
    kept = {(f.rule, f.case, f.path) for f in report.findings}
    used_params = {n: params[n] for n in sorted(rule.params()) if n in params}     # one order in every process
    out = Explanation(rule, when, True, params=used_params)
    for case in rule.cases:
        kind = rule.fact_of(case)
        evs = []
        for fact in facts:
            if fact.get("kind") != kind:
                continue
            holds, comps, failed = evaluate(case.when, fact, params)
            path = fact.get("path", "")
            at = f"{path}.{case.at}" if case.at and path else (case.at or path)
            ev = Evaluation(case.key, at, holds, comps, failed)
            ev.fired = (rule.id, case.key, at) in kept
            if holds and not ev.fired:
                ev.overridden_by = _overrider(report, rule, at) or ""
                if not ev.overridden_by:
                    raise InternalFailure(f"explain: {rule.id}:{case.key} holds at {at} but the engine did not report it")
            if ev.fired and not holds:
                raise InternalFailure(f"explain: the engine reported {rule.id}:{case.key} at {at} but its condition fails")
            evs.append(ev)
        out.cases[case.key] = evs
    return out


def _all_sets():
    from compliance.checker.pipeline import all_rulesets

    return all_rulesets()


def _overrider(report, rule: Rule, path: str) -> Optional[str]:
    """The finding (rule:case) on the same point and path whose case is an exception to ``rule``."""
    from compliance.checker.pipeline import all_rules

    by_id = {r.id: r for r in all_rules()}
    for f in report.findings:
        other = by_id.get(f.rule)
        if other is None or f.path != path or other.point != rule.point or other.id == rule.id and f.case:
            continue
        target = other.case(f.case).exception_to or ""
        if target.split(":")[0] == rule.id:
            return f"{f.rule}:{f.case}"
    # the rule's own other case may be the exception (same rule, another case)
    for f in report.findings:
        if f.rule == rule.id and f.path == path:
            target = rule.case(f.case).exception_to or ""
            if target.split(":")[0] == rule.id:
                return f"{f.rule}:{f.case}"
    return None


def render(e: Explanation, lang: str = "zh") -> str:
    r = e.rule
    lines = [f"{r.id} {pick(lang, r.title_zh, r.title_en)}",
             pick(lang, "依据：", "basis: ") + r.citation.text()
             + pick(lang, "（一手，已核对原文）" if r.citation.basis == "primary" else "（二手，请复核）",
                    " (primary)" if r.citation.basis == "primary" else " (secondary: double-check)")
             + (f" — {r.citation.source_note}" if r.citation.source_note else ""),
             pick(lang, "判定日期：", "as of: ") + e.as_of.isoformat()]
    if not e.applicable:
        lines.append(pick(lang, "结论：本次检查不判定该规则 —— ", "outcome: not judged in this check — ") + pick(lang, e.reason, e.reason_en))
        return "\n".join(lines)
    if e.params:
        lines.append(pick(lang, "参数：", "parameters: ") + ", ".join(f"{k} = {_plain(v)}" for k, v in e.params.items()))
    lines.append(pick(lang, "结论：", "outcome: ") + (pick(lang, "触发", "fired") if e.fired() else pick(lang, "未触发", "did not fire")))
    for c in r.cases:
        evs = e.cases.get(c.key, [])
        lines.append("")
        lines.append(pick(lang, f"情形 {c.key}（{c.severity.value}）：", f"case {c.key} ({c.severity.value}): ") + str(c.when))
        if not evs:
            lines.append(pick(lang, f"  无 {r.fact_of(c)} 事实：不适用（本文件没有该情形所判定的对象）",
                              f"  no {r.fact_of(c)} fact: does not apply (nothing in the file this case judges)"))
        for ev in evs:
            if ev.fired:
                state = pick(lang, "适用（产生问题）", "applies (finding)")
            elif ev.overridden_by:
                state = pick(lang, f"条件成立，但被 {ev.overridden_by} 作为例外取代", f"conditions hold, overridden by {ev.overridden_by}")
            else:
                state = pick(lang, "不适用", "does not apply")
            lines.append(f"  {ev.path or '-'}: {state}" + (pick(lang, "（✓ 成立，✗ 不成立）", " (✓ holds, ✗ fails)") if ev is evs[0] else ""))
            for comp in ev.comparisons:
                lines.append("    " + comp.render(lang))
            if not ev.holds:
                lines.append(pick(lang, "    未满足的条件：", "    failed: ")
                             + "; ".join(f"{c.field} {c.op} {_show(c.field, c.compared_with)!r}" for c in ev.failed))
    return "\n".join(lines)
