"""The durable_rules adapter: the only module that imports ``durable``.

durable_rules has sharp edges, contained here (see DESIGN.md "The engine adapter"):
- a ruleset is registered once per process under a versioned name (definition hash);
- each check uses its own state id and always deletes it (at most 1,024 live states);
- facts are flat dicts of str/int/float/bool: no date, Decimal or nested values; a float
  that JSON writes in exponent form (1e+16, 3e-05) is misread by durable's matcher and can
  crash the process, so compared floats must lie in 1e-4..1e15 (else FactError);
- durable identifies a message by the 32-bit FNV-1 hash of its ``id`` (or of its content when
  it has none) and refuses a second message with the same hash in one state
  ("Message has already been observed": ~1 check in 20 at 5,000 plots, certain at 50,000).
  Every posted fact therefore gets an explicit string id taken from a table whose hashes are
  pairwise distinct (``fact_ids``), and a state holds at most ``STATE_FACTS`` facts;
- durable's per-state message index has 512 buckets (lookups grow with the state's size) and
  its pools crash the process on very large states: a check is posted over several states of at
  most ``STATE_FACTS`` facts. That is sound because no compiled rule joins two facts (each rule
  has one pattern over one fact; ``_single_fact`` refuses any other definition);
- only what rules read is posted: the kind, the id and the fields the conditions read; facts of
  a kind no rule reads are not posted at all. The matched fact is looked up by its id, so the
  findings still show every field of the derived fact;
- facts with the same kind and the same values in every field read are one message, posted once
  (rules are conditions over one fact's posted fields, so they match such facts alike); its
  matches are those of every fact carrying it. A 500-plot project posts ~60-500 messages instead
  of ~2,000 facts (``Engine(dedupe=False)`` posts every fact; a test compares the two);
- correlated rules (a condition comparing two facts, ``c.first.amount``) crash durable depending
  on rule order (jruizgit/rules#381, SIGSEGV): the rule language cannot express them, the
  adapter refuses them, and rules are registered in a canonical order (sorted by id) whatever
  their declaration order;
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
import operator
import threading
from typing import Any, Iterable

from compliance.rules.base import All, Any_, Cmp, Expr, P, Rule

ENGINE_VERSION = "2"
MAX_PROPERTIES = 250
_SCALARS = (str, int, float, bool)
CATCH_ALL_CAP = 1000
STATE_FACTS = 2000       # facts posted into one durable state (see the module docstring)
MAX_FACTS = 2_000_000    # facts of one check; beyond, the check is refused (the loader's limits come first)
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


def fnv1_32(text: str) -> int:
    """durable's message identity: FNV-1 (32 bit) of the id's bytes (ASCII ids only)."""
    h = 0x811C9DC5
    for b in text.encode("ascii"):
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


_IDS: list[str] = []
_ID_INDEX: dict[str, int] = {}


def fact_ids(n: int) -> list[str]:
    """The first ``n`` fact ids of a state: short ASCII strings whose FNV-1 hashes are pairwise
    distinct, so durable never takes two facts of one state for the same message. Built once per
    process (at most ``STATE_FACTS`` ids, ~3 ms)."""
    if len(_IDS) < n:
        used = {fnv1_32(i) for i in _IDS}
        candidate = int(_IDS[-1][1:], 36) + 1 if _IDS else 0
        while len(_IDS) < n:
            text = "f" + _b36(candidate)
            candidate += 1
            h = fnv1_32(text)
            if h in used:
                continue
            used.add(h)
            _ID_INDEX[text] = len(_IDS)
            _IDS.append(text)
    return _IDS[:n]


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def _literal(value: Any, params: dict[str, Any]) -> Any:
    import datetime as _dt

    if isinstance(value, P):
        if value.name not in params:
            raise EngineError(f"parameter {value.name} has no value")
        value = params[value.name]
    if isinstance(value, _dt.date):
        return value.toordinal()      # dates enter the engine as day numbers only
    if type(value).__name__ == "_Field":
        raise EngineError("a condition compares two fact fields: correlated rules are refused "
                          "(durable crashes on them depending on rule order, jruizgit/rules#381); "
                          "derive the comparison as a field in the facts step")
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
        self.posted = {k: tuple(sorted(v)) for k, v in reads.items()}   # the fields posted per kind
        # per kind: (fields, a C-level getter of their values as a tuple)
        self.getters = {k: (fields, _tuple_getter(fields)) for k, fields in self.posted.items()}


def _tuple_getter(fields: tuple[str, ...]):
    if not fields:
        return lambda f: ()
    get = operator.itemgetter(*fields)
    if len(fields) == 1:
        return lambda f: (get(f),)
    return get


def _single_fact(name: str, spec: dict) -> None:
    """Every compiled rule matches one fact with literal comparisons: posting a check over several
    states is then sound, and no correlated rule (jruizgit/rules#381) reaches durable."""
    patterns = spec.get("all") or spec.get("any") or []
    if len(patterns) != 1:
        raise EngineError(f"rule {name} joins {len(patterns)} facts: only single-fact rules are supported")

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                # a field compared with anything but a literal ({"amount": {"first": "amount"}}, $m/$s
                # references) is a correlated condition
                if k in ("$m", "$s", "$l", "$r") or (not k.startswith("$") and isinstance(v, (dict, list))):
                    raise EngineError(f"rule {name} refers to another fact: correlated rules are refused "
                                      "(jruizgit/rules#381)")
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    (pattern,) = patterns
    walk(list(pattern.values()) if isinstance(pattern, dict) else pattern)   # {"m": condition}


_FORBIDDEN: str = ""      # why no engine may be created in this process (``forbid_here``), or ""


def forbid_here(reason: str) -> None:
    """No engine in this process from now on: creating one raises ``InternalFailure`` naming
    ``reason``. The HTTP server process calls it (every engine use of the service goes to its
    ``compliance.checker.isolate.CheckHost`` worker); an engine made here would be a bug."""
    global _FORBIDDEN
    _FORBIDDEN = reason


class Engine:
    def __init__(self, canonical_order: bool = True, dedupe: bool = True):
        if _FORBIDDEN:
            raise InternalFailure(f"the rule engine may not run in this process ({_FORBIDDEN})",
                                  zh=f"规则引擎不得在本进程中运行（{_FORBIDDEN}）；操作未完成",
                                  en=f"the rule engine may not run in this process ({_FORBIDDEN}); nothing was completed")
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
        # rules are registered sorted by id (the guard against order-dependent durable crashes);
        # tests turn this off to prove the findings do not depend on the order durable sees
        self.canonical_order = canonical_order
        # facts with the same message are posted once (see ``run``); tests turn it off to compare
        self.dedupe = dedupe

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
        for r in (sorted(rules, key=lambda r: r.id) if self.canonical_order else rules):
            for case in r.cases:
                kind = r.fact_of(case)
                cond = {"$and": [{"kind": kind}, to_durable(case.when, params)]}
                definition[f"{r.id}:{case.key}"] = {"all": [{"m": cond}], "run": f"{r.id}:{case.key}"}
                reads.setdefault(kind, set()).update(case.when.fields())
        for action, spec in definition.items():
            _single_fact(action, spec)
        # a single-condition catch-all: see the module docstring for why it is not a join; "cap"
        # hands its no-op up to CATCH_ALL_CAP facts per call instead of one call per fact
        definition["__catch_all__"] = {"all": [{"m": {"$ex": {"kind": 1}}}], "cap": CATCH_ALL_CAP,
                                       "run": "__catch_all__"}
        digest = hashlib.sha1(json.dumps(definition, sort_keys=self.canonical_order,
                                         ensure_ascii=False).encode()).hexdigest()[:16]
        name = f"cw{ENGINE_VERSION}_{digest}"
        with self._lock:
            if name not in self._compiled:
                self._host.register_rulesets({name: definition})
                self._compiled[name] = Compiled(name, reads)
        return self._compiled[name]

    # -- running -----------------------------------------------------------------------
    def _on_match(self, sid: str, action: str, fact: dict) -> None:
        self._matches[sid].append((action, fact["id"]))

    def check_facts(self, compiled: Compiled, facts: list[dict]) -> None:
        """What durable will see must be fit for it: every fact has a kind, and every field a rule
        reads (the only fields posted) exists and is a plain str/int/float/bool in the exact range.
        Fields no rule reads stay in Python (findings show them) and are not checked here."""
        self._messages(compiled, facts)

    def _messages(self, compiled: Compiled, facts: list[dict]) -> dict[tuple, list[int]]:
        """The distinct messages of a check: (kind, values read, their types) -> the indices of the
        facts that carry exactly them, in order of first occurrence; every distinct one is checked
        for fitness (``check_facts``) once."""
        if len(facts) > MAX_FACTS:
            raise FactError(f"{len(facts)} facts in one check (limit {MAX_FACTS})")
        getters = compiled.getters
        groups: dict[tuple, list[int]] = {}
        for i, f in enumerate(facts):
            kind = f.get("kind")
            if kind.__class__ is not str and not isinstance(kind, str):
                raise FactError(f"fact #{i} has no kind")
            getter = getters.get(kind)
            if getter is None:
                continue
            if len(f) > MAX_PROPERTIES:
                raise FactError(f"fact {kind} has {len(f)} properties (limit {MAX_PROPERTIES})")
            fields, get = getter
            try:
                values = get(f)
            except KeyError:             # a field a rule reads is missing: named by the check below
                values = tuple([f.get(k) for k in fields])
            # the types are part of the message: True == 1 == 1.0 in Python, not in durable's JSON
            key = (kind, values, tuple(map(type, values)))
            try:
                members = groups.get(key)
            except TypeError:            # an unhashable value (list, dict): named by the check below
                self._check_values(kind, fields, values)
                raise
            if members is None:
                self._check_values(kind, fields, values)
                groups[key] = [i]
            else:
                members.append(i)
        return groups

    @staticmethod
    def _check_values(kind: str, fields: tuple[str, ...], values: tuple) -> None:
        for k, v in zip(fields, values):
            t = v.__class__
            if t is str or t is bool or t is int:
                continue
            if v is None:
                raise FactError(f"fact {kind} lacks field {k!r} that a rule reads")
            if not isinstance(v, _SCALARS):
                raise FactError(f"fact {kind}.{k} is a {t.__name__}: facts hold only str/int/float/bool "
                                "(dates as ISO text plus day numbers)")
            # JSON writes such floats in exponent form (1e+16, 3e-05), which durable's matcher
            # misreads and can crash on: the facts step must scale them (m², fen, basis points)
            if isinstance(v, float) and v != 0 and not (1e-4 <= abs(v) < 1e15):
                raise FactError(f"fact {kind}.{k} = {v!r} is outside the range the engine compares exactly")

    def run(self, compiled: Compiled, facts: list[dict]) -> list[Match]:
        """Post the facts of one check (what rules read, in states of at most ``STATE_FACTS``
        messages, each deleted afterwards); return the matches in fact order, each (rule case, fact)
        once, with the full derived fact.

        Facts that carry the same kind and the same values in every field a rule reads are one
        message: every compiled rule is a condition over one fact's posted fields with literals
        (``_single_fact``), so such facts match exactly the same rule cases. Each distinct message
        is posted once and its matches are those of every fact carrying it (``dedupe=False``
        posts every fact, for tests that prove the two agree)."""
        groups = self._messages(compiled, facts)
        if self.dedupe:
            reps = [members[0] for members in groups.values()]
            members_of = list(groups.values())
        else:
            reps = sorted(i for members in groups.values() for i in members)
            members_of = [[i] for i in reps]
        posted_fields = compiled.posted
        ids = fact_ids(min(len(reps), STATE_FACTS))
        found: set[tuple[int, str]] = set()
        with self._lock:
            for start in range(0, len(reps), STATE_FACTS):
                sid = str(next(self._sids))
                posted = []
                for n, i in enumerate(reps[start:start + STATE_FACTS]):
                    f = facts[i]
                    kind = f["kind"]
                    msg = {k: f[k] for k in posted_fields[kind]}
                    msg["kind"], msg["id"], msg["sid"] = kind, ids[n], sid
                    posted.append(msg)
                for action, fid in self._post(compiled, sid, posted):
                    for i in members_of[start + _ID_INDEX[fid]]:
                        found.add((i, action))
        return [(action, facts[i]) for i, action in sorted(found)]

    def _post(self, compiled: Compiled, sid: str, posted: list[dict]) -> list[tuple[str, str]]:
        self._matches[sid] = []
        try:
            self._host.assert_facts(compiled.name, posted)
            state = self._host.get_state(compiled.name, sid)
            if state.get("exception"):
                raise EngineError(f"a rule action failed: {state['exception']}")
            return self._matches[sid]
        except EngineError:
            raise
        except Exception as e:   # durable's own exceptions carry .message, not args
            message = getattr(e, "message", None)
            if not isinstance(message, str):
                message = type(e).__name__
            raise EngineError(message[:500]) from None
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
