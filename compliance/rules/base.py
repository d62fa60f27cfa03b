"""How a rule is declared: citation, dated parameters, jurisdiction, cases and messages.

A ruleset module (hunan.py, ccer.py, ...) declares its parameters and rules once, beside
their citations; the catalogue (`compliance rules`), the docs and every report read these
declarations. Conditions are written in a tiny expression language over prepared fact
fields (``F.shares_exact == False``); the engine adapter translates them for durable_rules,
so no ruleset module imports the engine.
"""
from __future__ import annotations

from compliance.errors import InternalFailure
from compliance.i18n import pick

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from compliance.reference.vocab import Severity

OPEN_END = dt.date.max


# --------------------------------------------------------------------------- citations
@dataclass(frozen=True)
class Citation:
    document: str                 # 湘林基〔2025〕5号
    article: str = ""             # 第十五条 / 六(四) / Art. 10(3)
    basis: str = "primary"        # primary: read in the official text; secondary: announcements/commentary
    source_note: str = ""         # where a secondary basis comes from

    def text(self) -> str:
        return f"{self.document} {self.article}".strip()

    def __str__(self) -> str:
        return self.text()


# --------------------------------------------------------------------------- parameters
@dataclass(frozen=True)
class Param:
    """A threshold set by law, with the date each value takes effect (OpenFisca style)."""

    name: str
    versions: tuple[tuple[dt.date, Any], ...]   # (effective from, value), ascending
    citation: Citation
    zh: str
    en: str
    unit: str = ""

    def at(self, as_of: dt.date) -> Any:
        value = None
        for start, v in self.versions:
            if start <= as_of:
                value = v
        if value is None:
            raise LookupError(f"parameter {self.name} has no value in force on {as_of}")
        return value

    def in_force(self, as_of: dt.date) -> bool:
        return bool(self.versions) and self.versions[0][0] <= as_of


def param(name: str, value: Any, since: dt.date, citation: Citation, zh: str, en: str, unit: str = "",
          later: Iterable[tuple[dt.date, Any]] = ()) -> Param:
    return Param(name, ((since, value), *tuple(later)), citation, zh, en, unit)


def param_value(declared: Iterable[Param], name: str, in_force: dict) -> Any:
    """The value of the declared parameter ``name``: the one in force on the as-of date (``in_force``,
    e.g. ``ctx.params``), else -- before it takes effect -- its first declared value. The fallback only
    fills a derived fact's display (a rule reading a parameter not in force is not judged), and it
    keeps the number in one place: the declaration."""
    if name in in_force:
        return in_force[name]
    for p in declared:
        if p.name == name:
            return p.versions[0][1]
    raise KeyError(name)


# --------------------------------------------------------------------------- conditions
class Expr:
    def __and__(self, other: "Expr") -> "Expr":
        return All((self, other))

    def __or__(self, other: "Expr") -> "Expr":
        return Any_((self, other))

    def fields(self) -> set[str]:
        raise NotImplementedError

    def params(self) -> set[str]:
        raise NotImplementedError


@dataclass(frozen=True)
class P:
    """Reference to a parameter, resolved on the as-of date when the ruleset is compiled."""

    name: str


@dataclass(frozen=True, eq=False)
class Cmp(Expr):
    field: str
    op: str            # == != < <= > >=
    value: Any         # a literal or P(...)

    def fields(self) -> set[str]:
        return {self.field}

    def params(self) -> set[str]:
        return {self.value.name} if isinstance(self.value, P) else set()

    def __str__(self) -> str:
        v = f"param({self.value.name})" if isinstance(self.value, P) else repr(self.value)
        return f"{self.field} {self.op} {v}"


@dataclass(frozen=True, eq=False)
class All(Expr):
    parts: tuple[Expr, ...]

    def fields(self):
        return set().union(*(p.fields() for p in self.parts))

    def params(self):
        return set().union(*(p.params() for p in self.parts))

    def __str__(self):
        return " and ".join(f"({p})" if isinstance(p, Any_) else str(p) for p in self.parts)


@dataclass(frozen=True, eq=False)
class Any_(Expr):
    parts: tuple[Expr, ...]

    def fields(self):
        return set().union(*(p.fields() for p in self.parts))

    def params(self):
        return set().union(*(p.params() for p in self.parts))

    def __str__(self):
        return " or ".join(str(p) for p in self.parts)


def holds(expr: Expr, fact: dict, params: dict) -> bool:
    """Evaluate a declared condition on one fact in Python (for rules judged outside a check,
    such as the register's recording rules); ``params`` maps parameter names to their values."""
    if isinstance(expr, All):
        return all(holds(p, fact, params) for p in expr.parts)
    if isinstance(expr, Any_):
        return any(holds(p, fact, params) for p in expr.parts)
    if isinstance(expr, Cmp):
        if expr.field not in fact:
            return False
        left = fact[expr.field]
        right = params[expr.value.name] if isinstance(expr.value, P) else expr.value
        try:
            return {"==": left == right, "!=": left != right}[expr.op] if expr.op in ("==", "!=") else \
                {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[expr.op]
        except TypeError:
            return False
    raise TypeError(f"not a condition: {expr!r}")


class _Field:
    def __init__(self, name: str):
        self._name = name

    def _cmp(self, op, value):
        return Cmp(self._name, op, value)

    def __eq__(self, v):  # type: ignore[override]
        return self._cmp("==", v)

    def __ne__(self, v):  # type: ignore[override]
        return self._cmp("!=", v)

    def __lt__(self, v):
        return self._cmp("<", v)

    def __le__(self, v):
        return self._cmp("<=", v)

    def __gt__(self, v):
        return self._cmp(">", v)

    def __ge__(self, v):
        return self._cmp(">=", v)

    __hash__ = None  # type: ignore[assignment]


class _Fields:
    def __getattr__(self, name: str) -> _Field:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Field(name)


F = _Fields()


# --------------------------------------------------------------------------- jurisdiction
@dataclass(frozen=True)
class Jurisdiction:
    """Where a rule applies: province code prefixes, mechanisms, methodologies (None: any).

    ``by_plots``: the provinces also match when any plot lies in them, whatever province the
    project declares (川林发〔2024〕3号 六(四) speaks of every 林草碳汇项目 with plots in Sichuan).
    """

    provinces: Optional[tuple[str, ...]] = None
    mechanisms: Optional[tuple[str, ...]] = None
    methodologies: Optional[tuple[str, ...]] = None
    by_plots: bool = False

    def matches(self, province: str, mechanism: str, methodology: Optional[str],
                plot_provinces: Iterable[str] = ()) -> bool:
        if self.provinces is not None and not any(province.startswith(p) for p in self.provinces):
            if not (self.by_plots and any(pp.startswith(p) for pp in plot_provinces for p in self.provinces)):
                return False
        if self.mechanisms is not None and mechanism not in self.mechanisms:
            return False
        if self.methodologies is not None and (methodology or "") not in self.methodologies:
            return False
        return True

    def describe(self, lang: str = "zh") -> str:
        from compliance.reference import divisions

        parts = []
        if self.provinces:
            parts.append("、".join(divisions.name(p) for p in self.provinces))
        if self.mechanisms:
            parts.append("/".join(self.mechanisms))
        if self.methodologies:
            parts.append("/".join(self.methodologies))
        if self.by_plots and parts:
            parts[0] += "（含地块位于该省的项目）" if lang == "zh" else " (and projects with plots there)"
        if not parts:
            return "全国" if lang == "zh" else "nationwide"
        return "，".join(parts) if lang == "zh" else ", ".join(parts)


# --------------------------------------------------------------------------- rules
AGREEMENT = "agreement"   # tag: the rule judges an agreement's terms (read by the agreement drafter)
TAGS = frozenset({AGREEMENT})


@dataclass(frozen=True)
class Case:
    """One outcome of a rule: when it holds, a finding of this severity is recorded."""

    key: str
    when: Expr
    severity: Severity
    zh: str                          # message template, {field} from the fact, {param:NAME} for parameters
    en: str
    fix_zh: str = ""
    fix_en: str = ""
    exception_to: Optional[str] = None   # "RULE-ID" or "RULE-ID:case": this case overrides that one
    show: tuple[str, ...] = ()           # fact fields reported with the finding (besides those in `when`)
    at: str = ""                         # field under the fact's path that the finding points at
    fact: Optional[str] = None           # the kind of fact this case reads, if not the rule's


@dataclass(frozen=True)
class Rule:
    id: str
    title_zh: str
    title_en: str
    citation: Citation
    fact: str                        # the kind of fact the rule reads
    cases: tuple[Case, ...]
    source: str                      # HN, SC, MEAS, AFF, LAW, REG ...
    jurisdiction: Jurisdiction = Jurisdiction()
    window: tuple[dt.date, dt.date] = (dt.date.min, OPEN_END)
    decides: Optional[str] = None    # the point decided; two rules deciding one point must be linked
    also_cites: tuple[Citation, ...] = ()
    # a rule whose basis differs by case of fact (森林法 for forest land, 草原法 for grassland …): the fact's
    # ``cite`` field names the key, the finding cites that citation instead of ``citation``
    cites_by_fact: tuple[tuple[str, Citation], ...] = ()
    reading: str = ""                # where the rule is the product's reading rather than the text's words
    tags: frozenset[str] = frozenset()   # what else reads the rule, e.g. AGREEMENT: the drafter refuses on it

    def citation_for(self, fact: dict) -> Citation:
        return dict(self.cites_by_fact).get(fact.get("cite", ""), self.citation)

    def in_force(self, as_of: dt.date) -> bool:
        return self.window[0] <= as_of <= self.window[1]

    @property
    def point(self) -> str:
        return self.decides or self.id

    @property
    def basis(self) -> str:
        return self.citation.basis

    def severities(self) -> list[Severity]:
        return sorted({c.severity for c in self.cases}, key=lambda s: s.rank)

    def case(self, key: str) -> Case:
        for c in self.cases:
            if c.key == key:
                return c
        raise KeyError(f"{self.id}:{key}")

    def params(self) -> set[str]:
        cached = self.__dict__.get("_params_memo")    # declarations are frozen: compute once
        if cached is None:
            cached = frozenset().union(*(c.when.params() for c in self.cases))
            object.__setattr__(self, "_params_memo", cached)
        return set(cached)

    def fact_of(self, case: Case) -> str:
        return case.fact or self.fact


def rule(id: str, title: tuple[str, str], citation: Citation, fact: str, *, source: str,
         when: Expr | None = None, severity: Severity | None = None, message: tuple[str, str] | None = None,
         fix: tuple[str, str] = ("", ""), cases: Iterable[Case] = (), jurisdiction: Jurisdiction = Jurisdiction(),
         window: tuple[dt.date, dt.date] = (dt.date.min, OPEN_END), decides: str | None = None,
         exception_to: str | None = None, show: tuple[str, ...] = (), at: str = "",
         also_cites: tuple[Citation, ...] = (), cites_by_fact: tuple[tuple[str, Citation], ...] = (),
         reading: str = "", tags: Iterable[str] = ()) -> Rule:
    """Declare a rule; the one-case form takes when/severity/message/fix directly.

    ``tags``: AGREEMENT marks a rule that judges the terms of an agreement; the agreement
    drafter (compliance/agreements/plan.py) refuses to draft a document on its error findings."""
    cases = tuple(cases)
    if when is not None:
        cases = (Case("main", when, severity or Severity.ERROR, message[0], message[1], fix[0], fix[1],
                      exception_to, show, at),) + cases
    if not cases:
        raise ValueError(f"rule {id} has no case")
    tags = frozenset(tags)
    if tags - TAGS:
        raise ValueError(f"rule {id} has unknown tags {sorted(tags - TAGS)}; known: {sorted(TAGS)}")
    keys = [c.key for c in cases]
    if len(set(keys)) != len(keys):
        raise ValueError(f"rule {id} repeats a case key")
    return Rule(id, title[0], title[1], citation, fact, cases, source, jurisdiction, window, decides, also_cites,
                cites_by_fact, reading, tags)


# --------------------------------------------------------------------------- fact fields
@dataclass(frozen=True)
class FactField:
    """One field of a fact, with its one-line legal meaning and the article it implements."""

    name: str
    zh: str
    en: str
    article: str = ""


@dataclass(frozen=True)
class FactKind:
    """The fields a ruleset's rules read from one kind of fact (``hn.plot``, ``sc.project`` …)."""

    kind: str
    fields: dict[str, FactField]

    def field(self, name: str) -> FactField | None:
        return self.fields.get(name)


def fact_kind(kind: str, **fields: tuple) -> FactKind:
    """Declare a fact kind: ``fact_kind("hn.plot", in_hunan=("地块的县级区划代码属湖南省",
    "the plot's county code lies in Hunan", "第二条"), ...)``."""
    out = {}
    for name, spec in fields.items():
        zh, en, *article = spec
        out[name] = FactField(name, zh, en, article[0] if article else "")
    return FactKind(kind, out)


def describe_condition(expr: Expr, kind: FactKind | None, lang: str = "zh", params: dict | None = None) -> str:
    """A condition in words: ``not in_hunan — 地块的县级区划代码属湖南省（第二条）``."""
    if isinstance(expr, All):
        return (" 且 " if lang == "zh" else " and ").join(
            f"（{describe_condition(p, kind, lang, params)}）" if isinstance(p, Any_) else describe_condition(p, kind, lang, params)
            for p in expr.parts)
    if isinstance(expr, Any_):
        return (" 或 " if lang == "zh" else " or ").join(describe_condition(p, kind, lang, params) for p in expr.parts)
    assert isinstance(expr, Cmp)
    f = kind.field(expr.field) if kind else None
    meaning = ""
    if f is not None:
        words = f.zh if lang == "zh" else f.en
        art = f"（{f.article}）" if f.article and lang == "zh" else (f" ({f.article})" if f.article else "")
        meaning = f" — {words}{art}"
    if expr.value is True and expr.op in ("==", "!="):
        head = expr.field if expr.op == "==" else f"not {expr.field}"
    elif expr.value is False and expr.op in ("==", "!="):
        head = f"not {expr.field}" if expr.op == "==" else expr.field
    elif isinstance(expr.value, P):
        shown = params.get(expr.value.name) if params else None
        head = f"{expr.field} {expr.op} {expr.value.name}" + (f" (= {shown})" if shown is not None else "")
    else:
        head = f"{expr.field} {expr.op} {expr.value!r}"
    return head + meaning


# --------------------------------------------------------------------------- rulesets
Deriver = Callable[["Context"], Iterable[dict]]   # noqa: F821 - Context lives in compliance.rules.facts


@dataclass
class Ruleset:
    """A source of rules (a province's measures, a national law) that plugs in by jurisdiction."""

    id: str                          # hunan, sichuan, ccer, tenure ...
    title_zh: str
    title_en: str
    source: str                      # key used in citations and catalogue grouping
    jurisdiction: Jurisdiction
    window: tuple[dt.date, dt.date]
    rules: list[Rule]
    params: list[Param] = field(default_factory=list)
    derive: Optional[Deriver] = None     # facts this ruleset needs beyond the core facts
    document: str = ""
    facts: tuple[FactKind, ...] = ()     # the fact fields its rules read, with meaning and article

    def fact_kind(self, kind: str) -> FactKind | None:
        for k in self.facts:
            if k.kind == kind:
                return k
        return None

    def undeclared_fields(self) -> list[str]:
        """``kind.field`` a rule of this ruleset reads -- in a condition, among the facts a finding
        reports (``show``), or to choose its citation (``cite``) -- but not declared in ``facts``."""
        missing = []
        for r in self.rules:
            for c in r.cases:
                k = self.fact_kind(r.fact_of(c))
                read = c.when.fields() | set(c.show) | ({"cite"} if r.cites_by_fact else set())
                for name in sorted(read):
                    if k is None or k.field(name) is None:
                        missing.append(f"{r.fact_of(c)}.{name} ({r.id}:{c.key})")
        return sorted(set(missing))

    def applies(self, province: str, mechanism: str, methodology: Optional[str],
                plot_provinces: Iterable[str] = ()) -> bool:
        return self.jurisdiction.matches(province, mechanism, methodology, plot_provinces)


# --------------------------------------------------------------------------- findings
@dataclass
class Finding:
    rule: str
    case: str
    severity: Severity
    citation: Citation
    path: str
    message_zh: str
    message_en: str
    fix_zh: str
    fix_en: str
    facts: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)
    title_zh: str = ""
    title_en: str = ""

    def message(self, lang: str = "zh") -> str:
        return self.message_zh if lang == "zh" else self.message_en

    def fix(self, lang: str = "zh") -> str:
        return self.fix_zh if lang == "zh" else self.fix_en

    def as_dict(self, lang: str = "zh") -> dict:
        return {
            "rule": self.rule,
            "case": self.case,
            "severity": self.severity.value,
            "citation": self.citation.text(),
            "basis": self.citation.basis,
            "path": self.path,
            "message": self.message(lang),
            "fix": self.fix(lang),
            "facts": self.facts,
            "params": self.params,
        }


class RuleConflict(InternalFailure):
    """Two rules decided the same point differently and neither names the other as its exception."""

    key = "rule_conflict"

    def render(self, lang: str = "zh") -> str:
        return pick(lang, "规则冲突（规则库内部错误），检查未完成：", "rule conflict (rule base failure), check not completed: ") + self.detail
