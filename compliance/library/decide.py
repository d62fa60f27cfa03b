"""One decision: the check the CLI runs, with a decision id and the rule-base version.

``run_check`` is the single place the platform calls the checker; switching to the crash-isolated
check host (``compliance.checker`` ``isolated_check``) is a change of the one line inside it.
"""
from __future__ import annotations

import datetime as dt
import functools
import uuid


def run_check(sub, as_of: dt.date | None = None, *, sanctions=None, source: str = ""):
    """Judge one validated submission exactly as ``compliance check`` does."""
    from compliance.checker import check

    return check(sub, as_of, sanctions=sanctions, source=source)


@functools.lru_cache(maxsize=1)
def rulebase_version() -> str:
    """The checker's rule-base version (``compliance.checker.catalogue.rulebase_version``), computed once."""
    from compliance.checker.catalogue import rulebase_version as version

    return version()


def new_decision_id() -> str:
    return uuid.uuid4().hex


def document(report, lang: str, decision_id: str | None = None, *, sub=None, as_of: dt.date | None = None) -> dict:
    """The check document of ``compliance check --format json`` (with the drafting readiness of
    ``sub`` when given, as the CLI prints it) plus decision_id and rulebase_version."""
    doc = report.as_dict(lang)
    if sub is not None:
        from compliance.agreements.readiness import draft_readiness

        doc["readiness"] = draft_readiness(sub, as_of).as_dict(lang)
    doc["decision_id"] = decision_id or new_decision_id()
    doc["rulebase_version"] = rulebase_version()
    return doc
