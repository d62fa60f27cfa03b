"""Property: whatever a user (or an attacker) feeds `compliance check` -- every example mutated at a
random place, or random text -- the answer is a verdict or a refusal by field: exit 0, 1 or 2, no
traceback, and memory stays bounded."""
from __future__ import annotations

import copy
import json
import os
import resource
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from compliance.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "examples").glob("*.yaml"))}
RUNNER = CliRunner()

hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["[/]", "[bold]x[/bold]", "\x1b[2J", "\u202eevil", "\ud800", "\x00", "1e400", "-0", "NaN",
                     "2026-13-45", "９" * 30, "430626", "", " ", "DEV", "RH1", "<<", "*a", "&a x"]),
)
values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**40, max_value=10**40),
              st.floats(allow_nan=True, allow_infinity=True), hostile_text),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner, max_size=4)),
    max_leaves=8)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


def _mutate(data, path, action, value):
    data = copy.deepcopy(data)
    if not path:
        return value if action == "set" else data
    node = data
    for p in path[:-1]:
        node = node[p]
    last = path[-1]
    if action == "delete":
        del node[last]
    elif action == "append" and isinstance(node, list):
        node.append(value)
    else:
        node[last] = value
    return data


def _dump(data, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, default=str, allow_nan=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


_RSS: list[int] = []


def _check(tmp_path, text: str, suffix: str):
    p = tmp_path / f"input{suffix}"
    p.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    r = RUNNER.invoke(app, ["check", str(p), "--lang", "en", "--no-register", "--format", "json"])
    assert r.exit_code in (0, 1, 2), r.output[-2000:]
    assert "Traceback" not in r.output, r.output[-2000:]
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    _RSS.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch):
    monkeypatch.delenv("COMPLIANCE_DEBUG", raising=False)


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data(), name=st.sampled_from(sorted(EXAMPLES)), action=st.sampled_from(["set", "delete", "append"]),
       value=values, fmt=st.sampled_from(["yaml", "json"]))
def test_every_example_mutated_anywhere_is_judged_or_refused(tmp_path_factory, data, name, action, value, fmt):
    base = EXAMPLES[name]
    paths = list(_paths(base))
    path = data.draw(st.sampled_from(paths))
    mutated = _mutate(base, path, action, value)
    try:
        text = _dump(mutated, fmt)
    except (ValueError, TypeError, yaml.YAMLError):
        return
    _check(tmp_path_factory.mktemp("m"), text, "." + fmt)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(max_size=300), suffix=st.sampled_from([".yaml", ".json"]),
       name=st.sampled_from(sorted(EXAMPLES)), cut=st.integers(min_value=0, max_value=4000))
def test_random_and_truncated_text_is_refused_or_judged(tmp_path_factory, text, suffix, name, cut):
    source = (ROOT / "examples" / name).read_text(encoding="utf-8")
    _check(tmp_path_factory.mktemp("r"), text, suffix)
    _check(tmp_path_factory.mktemp("t"), source[:cut] + text, ".yaml")


def test_memory_stayed_bounded():
    """Runs after the properties above (file order): peak RSS grew by less than 300 MB over them."""
    if len(_RSS) < 10:
        pytest.skip("the property tests did not run before this one")
    assert (max(_RSS) - _RSS[0]) < 300 * 1024, (_RSS[0], max(_RSS))
