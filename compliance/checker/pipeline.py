"""Judge a submission: pick the rulesets in force, derive facts, run the engine, explain.

Rulesets are found by jurisdiction (province, mechanism, methodology) and as-of date;
a province is one module in ``compliance/rules`` that exposes ``RULESET`` (or a ruleset
registered at run time with ``register_ruleset``), so adding one needs no change here.
"""
from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from compliance.rules.facts import Context, core_facts
from compliance.submission.files import paused_gc
from compliance.i18n import Safe
from compliance.rules.base import Citation, Finding, Param, Rule, RuleConflict, Ruleset
from compliance.reference.vocab import Severity

_EXTRA: list[Ruleset] = []
_DISCOVERED: list[Ruleset] | None = None


def register_ruleset(rs: Ruleset) -> None:
    """Plug in a ruleset defined outside ``compliance/rules`` (a test, a plugin)."""
    unregister_ruleset(rs.id)
    _EXTRA.append(rs)


def unregister_ruleset(ruleset_id: str) -> None:
    _EXTRA[:] = [r for r in _EXTRA if r.id != ruleset_id]


def all_rulesets() -> list[Ruleset]:
    global _DISCOVERED
    if _DISCOVERED is None:
        from compliance import rules as pkg

        found = []
        for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
            if info.name.startswith("_") or info.name == "base":
                continue
            module = importlib.import_module(f"{pkg.__name__}.{info.name}")
            rs = getattr(module, "RULESET", None)
            if isinstance(rs, Ruleset):
                found.append(rs)
        ids = [r.id for r in found]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise RuntimeError(f"ruleset ids declared twice: {sorted(dup)}")
        _check_declarations(found)
        _DISCOVERED = found
    return [*_DISCOVERED, *_EXTRA]


def _check_declarations(rulesets: list[Ruleset]) -> None:
    """Fail loudly on a rule base that contradicts itself before any check runs."""
    rules = {r.id: r for rs in rulesets for r in rs.rules}
    count = sum(len(rs.rules) for rs in rulesets)
    if count != len(rules):
        seen: set[str] = set()
        twice = [r.id for rs in rulesets for r in rs.rules if r.id in seen or seen.add(r.id)]
        raise RuntimeError(f"rule ids declared twice: {twice}")
    params = {p.name for rs in rulesets for p in rs.params}
    for r in rules.values():
        for c in r.cases:
            if c.exception_to:
                target, _, key = c.exception_to.partition(":")
                if target not in rules or (key and key not in [x.key for x in rules[target].cases]):
                    raise RuntimeError(f"{r.id}:{c.key} is an exception to unknown rule {c.exception_to}")
        missing = r.params() - params
        if missing:
            raise RuntimeError(f"{r.id} uses undeclared parameters {sorted(missing)}")


def all_rules() -> list[Rule]:
    return [r for rs in all_rulesets() for r in rs.rules]


def all_params() -> dict[str, Param]:
    return {p.name: p for rs in all_rulesets() for p in rs.params}


def rule_by_id(rule_id: str) -> Rule:
    for r in all_rules():
        if r.id == rule_id:
            return r
    raise KeyError(rule_id)


@dataclass
class Report:
    project_id: str
    project_name: str
    as_of: dt.date
    findings: list[Finding]
    rulesets: list[str] = field(default_factory=list)
    source: str = ""
    register: Optional[dict] = None   # the sanctions register consulted: path/URL, head, event count

    @property
    def verdict(self) -> str:
        return "fail" if self.blocking else "pass"

    @property
    def blocking(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def rules_hit(self) -> set[str]:
        return {f.rule for f in self.findings}

    def as_dict(self, lang: str = "zh") -> dict:
        return {
            "project": self.project_id,
            "project_name": self.project_name,
            "source": self.source,
            "as_of": self.as_of.isoformat(),
            "verdict": self.verdict,
            "counts": {s.value: self.count(s) for s in Severity},
            "rulesets": self.rulesets,
            "findings": [f.as_dict(lang) for f in self.findings],
            **({"register": self.register} if self.register is not None else {}),
        }


def applicable(province: str, mechanism: str, methodology: Optional[str], as_of: dt.date,
               agreements: bool = True, plot_provinces: Iterable[str] = ()) -> tuple[list[Ruleset], list[Rule]]:
    plot_provinces = tuple(sorted(set(plot_provinces)))
    sets = [rs for rs in all_rulesets() if rs.applies(province, mechanism, methodology, plot_provinces)]
    rules = [r for rs in sets for r in rs.rules
             if r.in_force(as_of) and r.jurisdiction.matches(province, mechanism, methodology, plot_provinces)]
    return sets, rules


def resolve_params(rulesets: Iterable[Ruleset], rules: Iterable[Rule], as_of: dt.date) -> dict[str, Any]:
    declared = {p.name: p for rs in all_rulesets() for p in rs.params}
    needed = set().union(*(r.params() for r in rules)) if rules else set()
    for rs in rulesets:
        needed |= {p.name for p in rs.params if p.in_force(as_of)}
    # sorted: the parameters a finding shows come out in the same order in every process (a set's
    # order follows the per-process string hash)
    return {name: declared[name].at(as_of) for name in sorted(needed) if declared[name].in_force(as_of)}


def prepare(sub, as_of: dt.date | None = None, *, sanctions: Callable[..., list] | None = None,
            tag: str | None = None):
    """What the engine is given for one submission: (as_of, rulesets, rules, parameters, facts).

    ``check`` runs the engine on exactly this; ``explain`` evaluates the same conditions over it.
    ``tag``: only the rules ``tagged`` selects, see there (the parameters stay those of the full check).
    """
    as_of = as_of or sub.as_of or dt.date.today()
    pr = sub.project
    sets, deriving, rules, params, kinds = _selection(pr.province.value, pr.mechanism.value, pr.methodology, as_of,
                                                     tuple(sorted({p.county[:2] for p in sub.plots})), tag)
    ctx = Context(sub, as_of, dict(params), sanctions, kinds)
    with paused_gc():        # deriving builds many small dicts: no cyclic-GC passes over them meanwhile
        facts = core_facts(ctx)
        for rs in deriving:
            if rs.derive is not None:
                facts.extend(rs.derive(ctx))
    return as_of, list(sets), list(rules), dict(params), facts


# what ``prepare`` picks for a jurisdiction, day and tag: the same for every submission sharing them
# (the service judges thousands a minute), kept while the rule base holds the very same rulesets,
# rule lists and parameters (a ruleset registered or a rule list replaced is a new rule base)
_SELECTIONS: "dict[tuple, tuple]" = {}
_SELECTIONS_MAX = 256


def _selection(province: str, mechanism: str, methodology: Optional[str], as_of: dt.date,
               plot_provinces: tuple, tag: Optional[str]):
    """(rulesets, rulesets to derive, rules, parameters, fact kinds read) of ``prepare``."""
    base = all_rulesets()
    # identities of what the choice reads; the entry holds the objects, so no identity is reused meanwhile
    held = tuple((rs, rs.rules, rs.params, *rs.rules, *rs.params) for rs in base)
    key = (province, mechanism, methodology, as_of, plot_provinces, tag, tuple(map(id, (x for h in held for x in h))))
    hit = _SELECTIONS.get(key)
    if hit is not None:
        return hit[1]
    sets, rules = applicable(province, mechanism, methodology, as_of, plot_provinces=plot_provinces)
    params = resolve_params(sets, rules, as_of)
    deriving = sets
    if tag is not None:
        rules = tagged(rules, tag)
        ids = {r.id for r in rules}
        deriving = [rs for rs in sets if any(r.id in ids for r in rs.rules)]
    kinds = frozenset(r.fact_of(c) for r in rules for c in r.cases)
    rules = [r for r in rules if r.params() <= params.keys()]
    value = (tuple(sets), tuple(deriving), tuple(rules), params, kinds)
    if len(_SELECTIONS) >= _SELECTIONS_MAX:
        _SELECTIONS.clear()
    _SELECTIONS[key] = (held, value)
    return value


def tagged(rules: list[Rule], tag: str) -> list[Rule]:
    """The rules carrying ``tag`` and every rule deciding one of their points: their findings come out
    as in a check of all ``rules`` (``resolve_exceptions`` links and decides only the outcomes on one
    point and path). A ruleset's facts are its own derivation's (kinds in its namespace), so only the
    rulesets holding one of these rules need derive."""
    points = {r.point for r in rules if tag in r.tags}
    return [r for r in rules if r.point in points]


def check(sub, as_of: dt.date | None = None, *, sanctions: Callable[..., list] | None = None,
          source: str = "", tag: str | None = None) -> Report:
    """Judge one validated submission on ``as_of`` (else its own as_of, else today). ``tag``: judge
    only the rules ``tagged`` selects (what the agreement drafter reads: ``rules.base.AGREEMENT``);
    their findings are those a full check gives."""
    from compliance.checker.engine import get_engine

    pr = sub.project
    as_of, sets, rules, params, facts = prepare(sub, as_of, sanctions=sanctions, tag=tag)
    engine = get_engine()
    compiled = engine.compile(rules, params)
    matches = engine.run(compiled, facts)
    by_id = {r.id: r for r in rules}
    shown = _shown(params)
    findings = []
    for action, fact in matches:
        rule_id, _, case_key = action.partition(":")
        findings.append(explain(by_id[rule_id], case_key, fact, params, shown))
    findings = resolve_exceptions(findings, by_id)
    findings.sort(key=lambda f: (f.severity.rank, f.rule, f.path, f.message_zh))
    consulted = getattr(sanctions, "consulted", None)
    register = consulted() if callable(consulted) else None
    return Report(pr.id, pr.name, as_of, findings, [rs.id for rs in sets], source, register)


def _shown(params: dict) -> dict:
    """Parameter values as message templates print them (dates in ISO form)."""
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in params.items()}


def _fmt(template: str, fact: dict, params: dict, shown: dict | None = None) -> str:
    if shown is None:
        shown = _shown(params)
    try:
        return template.format_map(Safe(fact, p=Safe(shown)))
    except (IndexError, ValueError, AttributeError, KeyError):
        return template


_INTERNAL = frozenset({"sid", "fid", "id", "kind", "path"})


def _case_reads(case) -> tuple[list[str], set[str]]:
    """The fact fields a finding of ``case`` shows and the parameters its condition uses (once per case)."""
    cached = case.__dict__.get("_reads")       # cached beside the frozen dataclass's fields
    if cached is None:
        read = [k for k in sorted(case.when.fields() | set(case.show)) if k not in _INTERNAL and not k.endswith("_day")]
        cached = case.__dict__["_reads"] = (read, case.when.params())
    return cached


def explain(rule: Rule, case_key: str, fact: dict, params: dict, shown: dict | None = None) -> Finding:
    case = rule.case(case_key)
    read, used_params = _case_reads(case)
    facts = {k: fact.get(k) for k in read}
    used = {n: (v.isoformat() if isinstance(v, dt.date) else v) for n, v in params.items() if n in used_params}
    path = fact.get("path", "")
    if case.at:
        path = f"{path}.{case.at}" if path else case.at
    citation = rule.citation_for(fact)
    if fact.get("cites"):   # a fact that carries its own legal basis (a register entry's) is cited by it
        citation = Citation(str(fact["cites"]), "", rule.citation.basis)
    if shown is None:
        shown = _shown(params)
    return Finding(
        rule=rule.id, case=case.key, severity=case.severity, citation=citation, path=path,
        message_zh=_fmt(case.zh, fact, params, shown), message_en=_fmt(case.en, fact, params, shown),
        fix_zh=_fmt(case.fix_zh, fact, params, shown), fix_en=_fmt(case.fix_en, fact, params, shown),
        facts=facts, params=used, title_zh=rule.title_zh, title_en=rule.title_en,
    )


def resolve_exceptions(findings: list[Finding], rules: dict[str, Rule]) -> list[Finding]:
    """Apply ``exception_to`` links; two unlinked outcomes on one point and path are a bug."""
    by_point: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        by_point.setdefault((rules[f.rule].point, f.path), []).append(f)
    kept: list[Finding] = []
    for (point, path), group in by_point.items():
        outcomes = {(f.rule, f.case) for f in group}
        if len(outcomes) == 1:
            kept.extend(group)
            continue
        overridden: set[tuple[str, str]] = set()
        for rid, key in outcomes:
            target = rules[rid].case(key).exception_to
            if not target:
                continue
            t_rule, _, t_key = target.partition(":")
            overridden |= {(r, k) for r, k in outcomes if r == t_rule and (not t_key or k == t_key)}
        remaining = outcomes - overridden
        if len(remaining) > 1:
            raise RuleConflict(
                f"rules {sorted(remaining)} all decide '{point}' at '{path}' without an exception_to link")
        kept.extend(f for f in group if (f.rule, f.case) in remaining)
    return kept
