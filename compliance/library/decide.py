"""One decision: the check the CLI runs, with a decision id and the rule-base version.

``run_check`` is the single place the platform calls the checker. The service passes its
crash-isolated ``compliance.checker.isolate.CheckHost`` (one worker process per server process,
reused): durable_rules is C code, and a crash on hostile input must not take the server down. The
drafting readiness reuses the check's own report (``agreements.plan.judge``) and judges composed
agreements through the same host.
"""
from __future__ import annotations

import datetime as dt
import functools
import uuid

from compliance.errors import ComplianceError, InternalFailure, InvalidInput, Refused


class CheckUnavailable(InternalFailure):
    """The checking process died twice on this submission (or hung past the limit); the server
    lives on, the check was not completed (exit 3 of ``compliance check``)."""

    key = "check_crashed"
    http_status = 503


def _status_of(exit_code: int) -> int:
    return {2: InvalidInput.http_status, 1: Refused.http_status}.get(exit_code, InternalFailure.http_status)


def run_check(sub, as_of: dt.date | None = None, *, sanctions=None, source: str = "", host=None):
    """Judge one validated submission exactly as ``compliance check`` does; in ``host`` (a
    ``CheckHost``) when given, else in this process with the register lookup ``sanctions``."""
    if host is None:
        from compliance.checker import check

        return check(sub, as_of, sanctions=sanctions, source=source)
    from compliance.checker.isolate import RemoteFailure, WorkerCrashed

    try:
        return host.check(sub, as_of, source=source)
    except WorkerCrashed as e:
        raise CheckUnavailable(str(e), zh=e.render("zh"), en=e.render("en")) from None
    except RemoteFailure as e:        # the worker's ComplianceError, with the status its exit code means
        e.http_status = _status_of(e.exit_code)
        raise


def host_checker(host):
    """``checker(sub, as_of)`` for the readiness's check of composed agreements (through ``host``)."""
    if host is None:
        return None
    return lambda composed, as_of: run_check(composed, as_of, host=host, source="readiness")


@functools.lru_cache(maxsize=1)
def rulebase_version() -> str:
    """The checker's rule-base version (``compliance.checker.catalogue.rulebase_version``), computed once."""
    from compliance.checker.catalogue import rulebase_version as version

    return version()


def new_decision_id() -> str:
    return uuid.uuid4().hex


def document(report, lang: str, decision_id: str | None = None, *, sub=None, as_of: dt.date | None = None,
             host=None) -> dict:
    """The check document of ``compliance check --format json`` (with the drafting readiness of
    ``sub`` when given, as the CLI prints it) plus decision_id and rulebase_version."""
    doc = report.as_dict(lang)
    if sub is not None:
        from compliance.agreements.readiness import draft_readiness

        doc["readiness"] = draft_readiness(sub, as_of, report=report, checker=host_checker(host)).as_dict(lang)
    doc["decision_id"] = decision_id or new_decision_id()
    doc["rulebase_version"] = rulebase_version()
    return doc


__all__ = ["run_check", "document", "rulebase_version", "new_decision_id", "CheckUnavailable", "ComplianceError"]
