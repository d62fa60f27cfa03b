"""What a check picks for a jurisdiction and day (rulesets, rules, parameters) is worked out once and
reused by later checks of the same kind; it still follows the rule base: a ruleset registered,
removed, or a ruleset's rule list replaced after a check changes the next check."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from compliance.checker import all_rulesets, check, register_ruleset, unregister_ruleset
from compliance.reference.vocab import Severity
from compliance.rules.base import Citation, F, Jurisdiction, Ruleset, rule
from compliance.submission import files as loader

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "hunan-ccer-afforestation.yaml"
DAY = dt.date(2026, 6, 1)

EXTRA = Ruleset(
    id="selection-test", title_zh="测试", title_en="test", source="ST", jurisdiction=Jurisdiction(provinces=("43",)),
    window=(dt.date(2000, 1, 1), dt.date.max), document="测试",
    derive=lambda ctx: [{"kind": "st.project", "path": "project", "always": True}],
    rules=[rule("ST-T-always", ("总是提示", "always"), Citation("测试", "第一条"), "st.project", source="ST",
                when=F.always == True, severity=Severity.INFO, message=("测试规则已适用", "test rule applied"))],
)


def rules_hit(sub) -> set[str]:
    return check(sub, DAY).rules_hit()


def test_a_ruleset_registered_or_removed_after_a_check_changes_the_next_check():
    sub = loader.load(EXAMPLE)
    assert "ST-T-always" not in rules_hit(sub)          # the choice for Hunan on DAY is now made once
    register_ruleset(EXTRA)
    try:
        assert "ST-T-always" in rules_hit(sub)
    finally:
        unregister_ruleset(EXTRA.id)
    assert "ST-T-always" not in rules_hit(sub)


def test_a_rule_list_replaced_after_a_check_changes_the_next_check(monkeypatch):
    sub = loader.load(EXAMPLE)
    before = check(sub, DAY)
    hit = sorted(before.rules_hit())
    assert hit, "the example has findings to take away"
    gone = hit[0]
    rs = next(rs for rs in all_rulesets() if any(r.id == gone for r in rs.rules))
    monkeypatch.setattr(rs, "rules", [r for r in rs.rules if r.id != gone])
    assert gone not in rules_hit(sub)
    monkeypatch.undo()
    assert gone in rules_hit(sub)
