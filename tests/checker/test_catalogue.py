"""The rule base's version, as the batch report's cover and the platform state it."""
from __future__ import annotations

import pytest


def test_batch_cover_names_the_same_rule_base_version_as_the_platform():
    from compliance.checker.catalogue import rulebase_version

    decide = pytest.importorskip("compliance.library.decide")
    assert rulebase_version() == decide.rulebase_version()
