"""One decision: the check the CLI runs, with a decision id and the rule-base version.

``run_check`` is the single place the platform calls the checker; switching to the crash-isolated
check host (``compliance.checker`` ``isolated_check``) is a change of the one line inside it.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import uuid


def run_check(sub, as_of: dt.date | None = None, *, sanctions=None, source: str = ""):
    """Judge one validated submission exactly as ``compliance check`` does."""
    from compliance.checker import check

    return check(sub, as_of, sanctions=sanctions, source=source)


@functools.lru_cache(maxsize=1)
def rulebase_version() -> str:
    """``<package version>+<12 hex>``: a digest of every rule declaration and dated parameter, so a
    stored decision names the exact rule base that made it."""
    from compliance import __version__
    from compliance.checker import all_params, all_rulesets
    from compliance.rules.portfolio import PORTFOLIO_RULES

    parts = []
    for rs in all_rulesets():
        for r in rs.rules:
            parts.append(_rule_key(r))
    parts.extend(_rule_key(r) for r in PORTFOLIO_RULES)
    for name, p in sorted(all_params().items()):
        parts.append([name, [[d.isoformat(), repr(v)] for d, v in p.versions], p.citation.text()])
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:12]
    return f"{__version__}+{digest}"


def _rule_key(r) -> list:
    return [r.id, r.citation.text(), r.window[0].isoformat(), r.window[1].isoformat(),
            [[c.key, c.severity.value, str(c.when), c.zh, c.en, c.fix_zh, c.fix_en, c.exception_to] for c in r.cases]]


def new_decision_id() -> str:
    return uuid.uuid4().hex


def document(report, lang: str, decision_id: str | None = None) -> dict:
    """The check document of ``compliance check --format json`` plus decision_id and rulebase_version."""
    doc = report.as_dict(lang)
    doc["decision_id"] = decision_id or new_decision_id()
    doc["rulebase_version"] = rulebase_version()
    return doc
