"""`compliance schema` is a JSON Schema a standard validator can use: every shipped example
validates, every field is described in Chinese and English, bounds are enforced."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from compliance.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def as_json(x):
    """What a YAML file means as JSON (dates become ISO strings, as in a JSON submission)."""
    if isinstance(x, dict):
        return {(k.isoformat() if isinstance(k, dt.date) else str(k)): as_json(v) for k, v in x.items()}
    if isinstance(x, list):
        return [as_json(v) for v in x]
    if isinstance(x, dt.date):
        return x.isoformat()
    return x


@pytest.fixture(scope="module")
def schema():
    r = CliRunner().invoke(app, ["schema"])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def test_schema_is_valid_2020_12(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_shipped_example_validates(schema, path):
    data = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = [f"{list(e.path)}: {e.message[:120]}" for e in Draft202012Validator(schema).iter_errors(data)]
    assert errors == []


def _properties(schema):
    for name, d in [("(root)", schema), *schema["$defs"].items()]:
        for field, node in (d.get("properties") or {}).items():
            yield f"{name}.{field}", node


def test_every_field_has_a_chinese_and_english_description(schema):
    missing = [f for f, node in _properties(schema)
               if not (CJK.search(node.get("description", "")) and re.search(r"[a-z]{2}", node.get("description", "")))]
    assert missing == []


def test_bounds_use_keywords_validators_honour(schema):
    text = json.dumps(schema)
    assert '"ge"' not in text and '"le"' not in text
    v = Draft202012Validator(schema)
    data = as_json(yaml.safe_load((ROOT / "examples" / "hunan-ccer-afforestation.yaml").read_text(encoding="utf-8")))
    data["plots"][0]["area_ha"] = -1
    assert any(list(e.path) == ["plots", 0, "area_ha"] for e in v.iter_errors(data))
    data["plots"][0]["area_ha"] = 1
    data["project"]["mechanism"] = "NOPE"
    assert not v.is_valid(data)


def test_code_lists_carry_labels_for_forms(schema):
    prov = schema["$defs"]["Province"]
    assert prov["x-codes"][:2] == ["43", "51"] and prov["x-labels"]["43"]["zh"] == "湖南省"
    assert "湘林碳票" in schema["$defs"]["Mechanism"]["enum"]


def test_schema_to_a_file_needs_force_to_overwrite(tmp_path):
    out = tmp_path / "s.json"
    r = CliRunner().invoke(app, ["schema", "-o", str(out)])
    assert r.exit_code == 0 and json.loads(out.read_text(encoding="utf-8"))["$defs"]
    r = CliRunner().invoke(app, ["schema", "--out", str(out)])
    assert r.exit_code == 2 and "--force" in r.output
    assert CliRunner().invoke(app, ["schema", "--out", str(out), "--force"]).exit_code == 0


def test_every_field_is_described_once():
    """FIELD_DOCS is a dict literal: a second entry for a key silently replaces the first (a merge once
    left the later, thinner texts in force), so each key appears once."""
    import ast

    import compliance.submission.model as model

    tree = ast.parse(Path(model.__file__).read_text(encoding="utf-8"))
    docs = next(n for n in ast.walk(tree) if isinstance(n, ast.AnnAssign) and getattr(n.target, "id", "") == "FIELD_DOCS")
    keys = [k.value for k in docs.value.keys]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
