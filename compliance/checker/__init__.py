"""Checking a submission: rule selection, the engine adapter, findings, reports and the catalogue."""
from compliance.checker.pipeline import (  # noqa: F401  (the checker's public names)
    Report, all_params, all_rules, all_rulesets, applicable, check, explain, register_ruleset,
    resolve_exceptions, resolve_params, rule_by_id, unregister_ruleset,
)
