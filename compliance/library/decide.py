"""One decision: the check the CLI runs, with a decision id and the rule-base version.

``run_check`` is the single place the platform calls the checker (``check_with_readiness``: the
check and the drafting readiness of a check document, in one message to a host). The service
passes its crash-isolated ``compliance.checker.isolate.CheckHost`` (one worker process per server
process, reused): durable_rules is C code, and a crash on hostile input must not take the server
down. The anonymous check (``check_documents``) sends the request body itself: the worker reads,
judges and documents it. The drafter reuses the check's own report (``agreements.plan.judge``) and judges composed
agreements through the same host (``host_checker``); the decision trace explains
rules in the host (``trace``) and the cross-project rules of 入库 match their facts there
(``host_matcher``). With a host, no engine is created in the caller's process.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import uuid

from compliance.errors import ComplianceError, InternalFailure, InvalidInput, Refused


class CheckUnavailable(InternalFailure):
    """The checking process died twice on this submission (or hung past the limit); the server
    lives on, the check was not completed (exit 3 of ``compliance check``)."""

    key = "check_crashed"
    http_status = 503


class RegisterUnreadable(InternalFailure):
    """The sanctions register the check consults could not be opened or verified: the check was not
    completed. The server's configuration, not the submitter's input (the CLI's ``--db`` is an exit 2
    there): a 503 naming the register's own message."""

    key = "register_unreadable"
    http_status = 503

    @classmethod
    def of(cls, e: ComplianceError) -> "RegisterUnreadable":
        return cls(str(e), zh=f"惩戒名录无法读取或核验，检查未完成：{e.render('zh')}",
                   en=f"the sanctions register cannot be read or verified; the check was not completed: {e.render('en')}")


def _from_register(e: ComplianceError) -> bool:
    return (getattr(e, "origin", None) or type(e).__module__).startswith("compliance.penalties")


@contextlib.contextmanager
def _register_unreadable():
    """A register failure raised inside (in this process or carried back from a worker) becomes
    ``RegisterUnreadable``; every other error passes unchanged."""
    try:
        yield
    except ComplianceError as e:
        if _from_register(e):
            raise RegisterUnreadable.of(e) from None
        raise


def _status_of(exit_code: int) -> int:
    return {2: InvalidInput.http_status, 1: Refused.http_status}.get(exit_code, InternalFailure.http_status)


def run_check(sub, as_of: dt.date | None = None, *, sanctions=None, source: str = "", host=None):
    """Judge one validated submission exactly as ``compliance check`` does; in ``host`` (a
    ``CheckHost``) when given, else in this process with the register lookup ``sanctions``."""
    if host is None:
        from compliance.checker import check

        with _register_unreadable():
            return check(sub, as_of, sanctions=sanctions, source=source)
    return in_host(host.check, sub, as_of, source=source)


def check_with_readiness(sub, as_of: dt.date | None = None, *, source: str = "", readiness: bool = True,
                         host=None, sanctions=None):
    """(report, Readiness or None): ``run_check`` and the drafting readiness of ``sub`` together --
    in ``host`` one message for both (the readiness's check of the composed agreements runs in the
    worker beside the check), else in this process with the register lookup ``sanctions``."""
    from compliance.agreements.readiness import check_and_readiness

    if host is None:
        with _register_unreadable():
            return check_and_readiness(sub, as_of, source, readiness, sanctions=sanctions)
    return in_host(host.run, check_and_readiness, sub, as_of, source, readiness, source=source)


def check_documents(raw: bytes, name: str, as_of: dt.date | None = None, lang: str = "zh", *,
                    readiness: bool = True, host=None, sanctions=None) -> list[dict]:
    """The check documents of a request body (``name``: how to read it, ``intake.submissions``):
    each submission it holds read and validated, checked with its drafting readiness
    (``check_and_readiness``) and made a ``document`` -- all in ``host`` when given, in one
    message (the body goes over, the documents come back: the caller never builds the submission
    and the plots never cross the pipe), else in this process with the register lookup ``sanctions``.
    Invalid input is the same ``InvalidSubmission`` (every problem with its field path) either way."""
    from compliance.submission.files import InvalidSubmission

    if host is None:
        with _register_unreadable():
            return documents(raw, name, as_of, lang, readiness, sanctions=sanctions)
    ok, value = in_host(host.call, _documents_or_problems, raw, name, as_of, lang, readiness, source=name)
    if not ok:
        raise InvalidSubmission(*value)
    return value


def documents(raw: bytes, name: str, as_of: dt.date | None, lang: str, readiness: bool, *, sanctions=None) -> list[dict]:
    """``check_documents`` in this process (a register failure raised as it is: the caller, or
    ``in_host`` for the worker's, says it is the register's)."""
    from compliance.agreements.readiness import check_and_readiness
    from compliance.library import intake

    subs = intake.submissions(raw, name)
    out = []
    for sub in subs:
        report, ready = check_and_readiness(sub, as_of, intake.source_of(name, subs, sub), readiness, sanctions=sanctions)
        out.append(document(report, lang, readiness=ready))
    return out


def _documents_or_problems(raw, name, as_of, lang, readiness, *, sanctions=None):
    """``documents`` as the check worker runs it: (True, documents), or (False, (source, problems))
    of invalid input, which the caller raises again whole (a worker's ComplianceError comes back
    as its texts only)."""
    from compliance.submission.files import InvalidSubmission

    try:
        return True, documents(raw, name, as_of, lang, readiness, sanctions=sanctions)
    except InvalidSubmission as e:
        return False, (e.source, e.problems)


def in_host(call, *args, **kw):
    """``call(*args, **kw)``, a request to a ``CheckHost``: a dead worker (after its retry) is
    ``CheckUnavailable`` (503), the worker's own ComplianceError keeps the status its exit code means."""
    from compliance.checker.isolate import RemoteFailure, WorkerCrashed

    try:
        return call(*args, **kw)
    except WorkerCrashed as e:
        raise CheckUnavailable(str(e), zh=e.render("zh"), en=e.render("en")) from None
    except RemoteFailure as e:        # the worker's ComplianceError, with the status its exit code means
        with _register_unreadable():
            e.http_status = _status_of(e.exit_code)
            raise


def host_checker(host):
    """``checker(sub, as_of)`` for the readiness's check of composed agreements (through ``host``)."""
    if host is None:
        return None
    from compliance.agreements.plan import agreement_check

    return lambda composed, as_of: in_host(host.run, agreement_check, composed, as_of, source="readiness")


def host_matcher(host_of):
    """``match(rule, params, facts)`` for the cross-project rules (``compliance.portfolio.cross``)
    through the host ``host_of()`` answers (None: the engine of this process)."""
    def match(rule, params, facts):
        host = host_of()
        if host is None:
            from compliance.portfolio.cross import local_match

            return local_match(rule, params, facts)
        return in_host(host.match, rule, params, facts)

    return match


@functools.lru_cache(maxsize=1)
def rulebase_version() -> str:
    """The checker's rule-base version (``compliance.checker.catalogue.rulebase_version``), computed once."""
    from compliance.checker.catalogue import rulebase_version as version

    return version()


def new_decision_id() -> str:
    return uuid.uuid4().hex


def document(report, lang: str, decision_id: str | None = None, *, sub=None, as_of: dt.date | None = None,
             host=None, readiness=None) -> dict:
    """The check document of ``compliance check --format json`` (with the drafting readiness of
    ``sub`` when given, as the CLI prints it; ``readiness``: one already made) plus decision_id and
    rulebase_version."""
    doc = report.as_dict(lang)
    if readiness is not None:
        doc["readiness"] = readiness.as_dict(lang)
    elif sub is not None:
        from compliance.agreements.readiness import draft_readiness

        doc["readiness"] = draft_readiness(sub, as_of, report=report, checker=host_checker(host)).as_dict(lang)
    doc["decision_id"] = decision_id or new_decision_id()
    doc["rulebase_version"] = rulebase_version()
    return doc


def _key(f: dict) -> tuple:
    return (f.get("rule"), f.get("case"), f.get("path"), f.get("severity"))


def trace(sub, as_of: dt.date, stored_findings: list, rules: list[str] | None = None, *, lang: str = "zh",
          sanctions=None, host=None) -> dict:
    """The step-by-step explanation of a stored decision, from its stored submission on its as_of:
    ``compliance explain RULE`` (``compliance.checker.trace``) for each rule of ``rules`` (default:
    the rules the decision reported; ``["all"]``: every rule of the rulesets the check applied),
    and whether judging the stored submission again gives the stored findings (``reproduced``).

    The check is run again, and each rule explained, in ``host`` (the service's worker) when
    given, else in this process with the register lookup ``sanctions``."""
    from compliance.checker.isolate import explain_rules
    from compliance.checker.pipeline import all_rulesets
    from compliance.checker.trace import find_rule
    from compliance.i18n import pick
    from compliance.rules.portfolio import PORTFOLIO_RULES

    cross = {r.id for r in PORTFOLIO_RULES}
    report = run_check(sub, as_of, sanctions=sanctions, source="trace", host=host)
    again = report.as_dict(lang)["findings"]
    # the cross-project findings were judged at 入库 against the projects stored then: not re-run here
    before = [_key(f) for f in stored_findings if f.get("rule") not in cross]
    now = [_key(f) for f in again]
    wanted = [r.strip() for r in (rules or []) if r and r.strip()]
    if wanted == ["all"]:
        ids = [r.id for rs in all_rulesets() if rs.id in set(report.rulesets) for r in rs.rules]
    elif wanted:
        ids = [find_rule(r).id for r in wanted]      # an unknown rule: InvalidInput naming it (422)
    else:
        ids = [f["rule"] for f in stored_findings]
    ids = list(dict.fromkeys(ids))
    judged = [rid for rid in ids if rid not in cross]
    if host is not None:
        explained = in_host(host.explain, sub, judged, as_of, lang=lang, source="trace")
    else:
        explained = explain_rules(sub, judged, as_of, lang, sanctions=sanctions)
    by_rule = dict(zip(judged, explained))
    steps = []
    for rid in ids:
        if rid in cross:
            rule = find_rule(rid)
            steps.append({"rule": rid, "title": pick(lang, rule.title_zh, rule.title_en), "citation": rule.citation.text(),
                          "applicable": True, "cross_project": True,
                          "fired": any(f.get("rule") == rid for f in stored_findings),
                          "reason": pick(lang, "跨项目规则：入库时对当时项目库中的其他项目判定，见该决定的问题（含另一项目）",
                                         "a cross-project rule: judged at 入库 against the projects stored then; "
                                         "see the decision's findings (naming the other project)")})
            continue
        steps.append(by_rule[rid])
    return {"rulebase_version_now": rulebase_version(), "reproduced": before == now,
            "differences": {"only_stored": [list(k) for k in before if k not in now],
                            "only_now": [list(k) for k in now if k not in before]},
            "trace": steps}


__all__ = ["run_check", "check_documents", "in_host", "host_checker", "host_matcher", "trace", "document", "rulebase_version", "new_decision_id", "CheckUnavailable", "ComplianceError"]
