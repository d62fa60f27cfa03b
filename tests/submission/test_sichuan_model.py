"""The Sichuan additions to the submission format: principles, monitoring plan, batches, retirements."""
from __future__ import annotations

import copy

import pytest

from compliance.submission import files as loader
from compliance.submission.model import PRINCIPLES, RetirementPurpose
from tests.support import example_data

GRASS = "sichuan-scph-grassland"


def load(data):
    return loader.validate(copy.deepcopy(data), "test")


def test_principles_accept_chinese_keys_and_codes_alike():
    data = example_data(GRASS)
    sub = load(data)
    pr = sub.project.principles
    assert pr.authenticity.startswith("2024年度草原资源")
    # a list of documents is kept as one text
    assert "承诺书" in pr.uniqueness and "；" in pr.uniqueness
    data["project"]["principles"] = {code: f"材料 {code}" for code in PRINCIPLES}
    assert load(data).project.principles.data_availability == "材料 data_availability"


def test_a_principle_given_twice_is_invalid_at_principles():
    data = example_data(GRASS)
    data["project"]["principles"]["additionality"] = "另一份"
    with pytest.raises(loader.InvalidSubmission) as e:
        load(data)
    assert [p.path for p in e.value.problems] == ["project.principles"]


def test_an_unknown_principle_key_is_reported():
    data = example_data(GRASS)
    data["project"]["principles"]["美观性"] = "…"
    with pytest.raises(loader.InvalidSubmission) as e:
        load(data)
    assert e.value.problems[0].path == "project.principles.美观性"
    assert e.value.problems[0].type == "extra_forbidden"


def test_monitoring_plan_chinese_keys_and_positive_frequency():
    data = example_data(GRASS)
    data["project"]["monitoring_plan"] = {"计量模型": "材积源生物量法", "碳计量参数": "参数表", "监测频率": 5}
    plan = load(data).project.monitoring_plan
    assert (plan.model, plan.parameters, plan.frequency_years) == ("材积源生物量法", "参数表", 5)
    data["project"]["monitoring_plan"]["监测频率"] = -1
    with pytest.raises(loader.InvalidSubmission) as e:
        load(data)
    assert e.value.problems[0].path == "project.monitoring_plan.frequency_years"


def test_retirement_purposes_and_their_aliases():
    assert RetirementPurpose.lookup("碳汇+生态司法") is RetirementPurpose.JUDICIAL
    assert RetirementPurpose.lookup("义务植树") is RetirementPurpose.TREE_PLANTING
    assert RetirementPurpose.lookup("大型活动") is RetirementPurpose.LARGE_EVENT
    sub = load(example_data(GRASS))
    assert [r.purpose for r in sub.project.retirements] == [
        RetirementPurpose.LARGE_EVENT, RetirementPurpose.TREE_PLANTING, RetirementPurpose.JUDICIAL]


def test_retirement_amount_must_be_positive():
    data = example_data(GRASS)
    data["project"]["retirements"][0]["amount_tco2e"] = 0
    with pytest.raises(loader.InvalidSubmission) as e:
        load(data)
    assert e.value.problems[0].path == "project.retirements[0].amount_tco2e"


def test_reduction_batches_are_shared_with_the_ccer_fields():
    sub = load(example_data(GRASS))
    batches = sub.project.reduction_batches
    assert [b.id for b in batches] == ["SCPH-513233-2025-001", "SCPH-513233-2025-002", "SCPH-513233-2025-003"]
    assert {b.registered.isoformat() for b in batches} == {"2025-05-30"}
    assert sum(b.amount_tco2e for b in batches) == 1426
    assert [r.batch for r in sub.project.retirements] == [b.id for b in batches]   # each batch retired once


def test_the_hunan_example_still_loads_without_any_sichuan_field():
    sub = load(example_data("hunan-ccer-afforestation"))
    assert sub.project.principles is None and sub.project.monitoring_plan is None and sub.project.retirements == []
