"""The loader builds YAML documents by a direct walk of libyaml's nodes (speed); what it builds is
what PyYAML's safe constructor builds, aliases stay shared, and repeated keys stay refused."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from compliance.submission import files as loader

ROOT = Path(__file__).resolve().parents[2]

TRICKY = """
ints: [0, -5, +7, 012, 0x1F, 0o17, 1_000, 190:20:30, 99999999999999999999]
floats: [1.5, -0.0, .5, 1.5e+3, 6.8523015e+5, 685.230_15e+03, 190:20:30.15, .inf, -.Inf, .NaN]
bools: [yes, No, true, FALSE, on, off, y, n]
nulls: [~, null, Null, ""]
strs: [!!str 12, "012", '1.5', 2026-06-01, 2026-06-01 10:00:00, abc, 平江县]
base: &base {a: 1, b: [x, y]}
merged: {<<: *base, c: 3}
shared: [*base, *base]
keys: {1: one, 1.5: onehalf, false: no, null: none}
"""


def _standard(text: str):
    """PyYAML's own construction with the loader's resolvers (dates stay text)."""
    fast = loader._yaml_loader()

    class Standard(fast):
        pass

    Standard.construct_document = yaml.constructor.SafeConstructor.construct_document
    return yaml.load(text, Loader=Standard)


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True        # NaN
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b and (not isinstance(a, float) or str(a) == str(b))


@pytest.mark.parametrize("path", sorted(ROOT.glob("examples/*.yaml")), ids=lambda p: p.name)
def test_every_example_is_built_as_pyyaml_builds_it(path):
    text = path.read_text(encoding="utf-8")
    assert _same(loader.parse_text(text, str(path), ".yaml"), _standard(text))


def test_scalars_merge_keys_and_odd_keys_are_built_as_pyyaml_builds_them():
    fast = loader.parse_text(TRICKY, "x", ".yaml")
    assert _same(fast, _standard(TRICKY))
    assert fast["ints"][3] == 10 and fast["strs"][3] == "2026-06-01"     # YAML 1.1 octal; dates stay text


def test_aliases_stay_shared_so_the_budget_counts_them():
    data = loader.parse_text(TRICKY, "x", ".yaml")
    assert data["shared"][0] is data["shared"][1] is data["base"]


def test_repeated_keys_are_refused_at_any_depth_before_bad_values():
    for text in ("a: 1\na: 2\n", "p:\n  q: {x: 1, x: 2}\n", "a: 012x\nb: [1, 2]\nb: 3\n"):
        with pytest.raises(loader.InvalidSubmission) as e:
            loader.parse_text(text, "x", ".yaml")
        assert e.value.problems[0].type == "duplicate_key"


def test_a_collection_as_key_is_still_a_syntax_problem_not_a_traceback():
    with pytest.raises(loader.InvalidSubmission) as e:
        loader.parse_text("? [a, b]\n: 1\n", "x", ".yaml")
    assert e.value.problems[0].type == "yaml_syntax"
