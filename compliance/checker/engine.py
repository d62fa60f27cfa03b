"""The durable_rules adapter: the only module that imports ``durable``.

durable_rules has sharp edges, contained here (see DESIGN.md "The engine adapter"):
- a ruleset is registered once per process under a versioned name (definition hash);
- each check uses its own state id and always deletes it (at most 1,024 live states);
- facts are flat dicts of str/int/float/bool: no date, Decimal or nested values; a float
  that JSON writes in exponent form (1e+16, 3e-05) is misread by durable's matcher and can
  crash the process, so compared floats must lie in 1e-4..1e15 (else FactError);
- each fact gets a unique id (identical facts would raise MessageObservedException);
- a catch-all rule (``$ex``, not ``$nex``, which hangs) keeps an unmatched fact from
  failing the whole batch with MessageNotHandledException. It fires a no-op for the facts, in
  calls of up to ``CATCH_ALL_CAP`` facts (durable's ``cap``: ~30 % faster checks); do NOT
  make it a join with a never-posted fact to save those calls: durable then aborts the process
  (SIGABRT/SIGSEGV) on larger fact sets (seen with the Sichuan example, 9 runs in 10);
- an exception inside an action is recorded by durable in the state, not raised: we raise it;
- an ``$or`` is expanded into one rule per branch, so a fact matching two branches fires
  the action twice: matches are de-duplicated per (rule case, fact);
- ``Host`` starts two timer threads that can also run actions; we use no timers, so the
  host here starts none and every action runs synchronously inside ``assert_facts``.
"""
from __future__ import annotations

from compliance.errors import InternalFailure
from compliance.i18n import pick

import hashlib
import itertools
import json
import threading
from typing import Any, Iterable

from compliance.rules.base import All, Any_, Cmp, Expr, P, Rule

ENGINE_VERSION = "1"
MAX_PROPERTIES = 250
_SCALARS = (str, int, float, bool)
CATCH_ALL_CAP = 1000
_PLAIN_TYPES = frozenset((str, int, float, bool, type(None)))
_OPS = {"!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}


class EngineError(InternalFailure, RuntimeError):
    """The engine failed to judge a submission; never to be read as 'no finding'."""

    key = "engine"

    def render(self, lang: str = "zh") -> str:
        return pick(lang, "规则库内部错误，检查未完成：", "rule base failure, check not completed: ") + self.detail


class FactError(EngineError):
    """A fact is not fit for the engine (wrong value type, missing field a rule reads)."""


Match = tuple[str, dict]   # (action name "RULE:case", the matched fact)


def _literal(value: Any, params: dict[str, Any]) -> Any:
    import datetime as _dt

    if isinstance(value, P):
        if value.name not in params:
            raise EngineError(f"parameter {value.name} has no value")
        value = params[value.name]
    if isinstance(value, _dt.date):
        return value.toordinal()      # dates enter the engine as day numbers only
    if not isinstance(value, _SCALARS):
        raise EngineError(f"condition value {value!r} is not a str/int/float/bool")
    return value


def to_durable(expr: Expr, params: dict[str, Any]) -> dict:
    """Translate a condition of the rule language into durable_rules' JSON form."""
    if isinstance(expr, Cmp):
        v = _literal(expr.value, params)
        if expr.op == "==":
            return {expr.field: v}
        return {_OPS[expr.op]: {expr.field: v}}
    if isinstance(expr, All):
        return {"$and": [to_durable(p, params) for p in expr.parts]}
    if isinstance(expr, Any_):
        return {"$or": [to_durable(p, params) for p in expr.parts]}
    raise EngineError(f"unsupported condition {expr!r}")


class Compiled:
    """A registered durable ruleset and what it reads."""

    def __init__(self, name: str, reads: dict[str, set[str]]):
        self.name = name
        self.reads = reads       # fact kind -> fields its conditions read


class Engine:
    def __init__(self):
        from durable import engine as durable_engine

        adapter = self

        class _Host(durable_engine.Host):
            def _run(self):          # no dispatch/timer threads: actions run in our call only
                pass

            def get_action(self, action_name):
                if action_name == "__catch_all__":
                    return _noop

                def action(c):
                    adapter._on_match(c.s.sid, action_name, c.m._d)

                return action

        self._host = _Host()
        self._compiled: dict[str, Compiled] = {}
        self._memo: dict[tuple, tuple[list, Compiled]] = {}
        self._matches: dict[str, list[Match]] = {}
        self._errors: dict[str, BaseException] = {}
        self._sids = itertools.count(1)
        self._lock = threading.Lock()   # the host is not re-entrant; one check at a time

    # -- compiling ---------------------------------------------------------------------
    def compile(self, rules: Iterable[Rule], params: dict[str, Any]) -> Compiled:
        # memo: the same rule objects with the same parameter values compile to the same ruleset;
        # skipping the rebuild and hash saves ~1 ms per check (batch checks of small projects)
        rules = list(rules)
        memo_key = (tuple(map(id, rules)), repr(sorted(params.items(), key=lambda kv: kv[0])))
        hit = self._memo.get(memo_key)
        if hit is not None:
            return hit[1]
        compiled = self._compile(rules, params)
        self._memo[memo_key] = (rules, compiled)     # keeps the rules alive, so their ids stay theirs
        return compiled

    def _compile(self, rules: list[Rule], params: dict[str, Any]) -> Compiled:
        definition: dict[str, dict] = {}
        reads: dict[str, set[str]] = {}
        for r in sorted(rules, key=lambda r: r.id):
            for case in r.cases:
                kind = r.fact_of(case)
                cond = {"$and": [{"kind": kind}, to_durable(case.when, params)]}
                definition[f"{r.id}:{case.key}"] = {"all": [{"m": cond}], "run": f"{r.id}:{case.key}"}
                reads.setdefault(kind, set()).update(case.when.fields())
        # a single-condition catch-all: see the module docstring for why it is not a join; "cap"
        # hands its no-op up to CATCH_ALL_CAP facts per call instead of one call per fact
        definition["__catch_all__"] = {"all": [{"m": {"$ex": {"kind": 1}}}], "cap": CATCH_ALL_CAP,
                                       "run": "__catch_all__"}
        digest = hashlib.sha1(json.dumps(definition, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
        name = f"cw{ENGINE_VERSION}_{digest}"
        with self._lock:
            if name not in self._compiled:
                self._host.register_rulesets({name: definition})
                self._compiled[name] = Compiled(name, reads)
        return self._compiled[name]

    # -- running -----------------------------------------------------------------------
    def _on_match(self, sid: str, action: str, fact: dict) -> None:
        self._matches[sid].append((action, fact))

    @staticmethod
    def _unique(matches: list[Match]) -> list[Match]:
        seen: set[tuple[str, int]] = set()
        out = []
        for action, fact in matches:
            key = (action, fact["fid"])
            if key not in seen:
                seen.add(key)
                out.append((action, fact))
        return out

    def check_facts(self, compiled: Compiled, facts: list[dict]) -> None:
        for i, f in enumerate(facts):
            kind = f.get("kind")
            if not isinstance(kind, str):
                raise FactError(f"fact #{i} has no kind")
            if len(f) > MAX_PROPERTIES:
                raise FactError(f"fact {kind} has {len(f)} properties (limit {MAX_PROPERTIES})")
            if not _PLAIN_TYPES.issuperset(map(type, f.values())):   # fast path; subclasses checked below
                for k, v in f.items():
                    if v is not None and not isinstance(v, _SCALARS):
                        raise FactError(f"fact {kind}.{k} is a {type(v).__name__}: facts hold only str/int/float/bool "
                                        "(dates as ISO text plus day numbers)")
            for k in compiled.reads.get(kind, ()):
                v = f.get(k)
                if v is None:
                    raise FactError(f"fact {kind} lacks field {k!r} that a rule reads")
                # JSON writes such floats in exponent form (1e+16, 3e-05), which durable's matcher
                # misreads and can crash on: the facts step must scale them (m², fen, basis points)
                if type(v) is float and v != 0 and not (1e-4 <= abs(v) < 1e15):
                    raise FactError(f"fact {kind}.{k} = {v!r} is outside the range the engine compares exactly")

    def run(self, compiled: Compiled, facts: list[dict]) -> list[Match]:
        """Post the facts of one check in a fresh state; return the rule matches."""
        self.check_facts(compiled, facts)
        with self._lock:
            sid = str(next(self._sids))
            self._matches[sid] = []
            posted = [dict(f, sid=sid, fid=n) for n, f in enumerate(facts)]
            try:
                if posted:
                    self._host.assert_facts(compiled.name, posted)
                state = self._host.get_state(compiled.name, sid) if posted else {}
                if state.get("exception"):
                    raise EngineError(f"a rule action failed: {state['exception']}")
                return self._unique(self._matches[sid])
            except EngineError:
                raise
            except Exception as e:   # durable's own exceptions carry .message, not args
                raise EngineError(getattr(e, "message", None) or repr(e)) from e
            finally:
                self._matches.pop(sid, None)
                try:
                    self._host.delete_state(compiled.name, sid)
                except Exception:
                    pass


def _noop(c) -> None:
    return None


_ENGINE: Engine | None = None


def get_engine() -> Engine:
    """One engine host per process (batch parallelism uses processes, one host each)."""
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = Engine()
    return _ENGINE
