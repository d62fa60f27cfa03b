"""The submission model and loader: the format's example as written, and every kind of bad input."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.submission import files as loader
from compliance.reference.ids import id_number_problem, uscc_problem
from compliance.reference.vocab import AgreementKind, Mechanism, Stage

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "hunan-ccer-afforestation.yaml"
SPEC = ROOT.parent / "shared" / "SUBMISSION.md"


def test_example_is_the_format_example_plus_its_plot_polygons():
    if not SPEC.exists():
        pytest.skip("shared/SUBMISSION.md not beside the repository")
    spec = SPEC.read_text(encoding="utf-8")
    block = spec.split("```yaml\n", 1)[1].split("```", 1)[0]
    as_written = loader.loads(block, "SUBMISSION.md")       # the format's own example is accepted as written
    shipped = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    shipped["project"].pop("crs", None)                       # the optional geometry (plots[].geometry, crs)
    for plot in shipped["plots"]:
        plot.pop("geometry", None)
    assert yaml.safe_load(block) == shipped
    assert as_written.project.id == loader.load(EXAMPLE).project.id


def test_example_loads_with_its_codes():
    sub = loader.load(EXAMPLE)
    assert sub.project.mechanism is Mechanism.CCER
    assert sub.project.stage is Stage.DESIGN
    assert [a.kind for a in sub.agreements] == [AgreementKind.DEVELOPMENT, AgreementKind.TRANSFER, AgreementKind.BENEFIT]
    # YAML reads the unquoted ID number as an integer; the model keeps it as text
    assert sub.rights_holders[1].id_number == "430626199203154411"
    assert sub.project.crediting_period.days == 7305   # inclusive of both ends: 20 years


def test_json_and_yaml_give_the_same_submission(tmp_path):
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    p = tmp_path / "s.json"
    p.write_text(json.dumps(data, default=str, ensure_ascii=False), encoding="utf-8")
    assert loader.load(p) == loader.load(EXAMPLE)


def test_chinese_aliases_for_codes(compliant):
    compliant["project"]["mechanism"] = "湘林碳票"
    compliant["project"]["stage"] = "设计"
    compliant["project"]["province"] = "湖南"
    compliant["plots"][0]["land_type"] = "林地"
    compliant["plots"][0]["measure"] = "人工造林"
    compliant["agreements"][1]["kind"] = "资源流转协议"
    compliant["agreements"][1]["mode"] = "出租"
    sub = loader.validate(compliant)
    assert sub.project.mechanism is Mechanism.XLTP and sub.project.province.value == "43"
    assert sub.agreements[1].kind is AgreementKind.TRANSFER


def test_collective_uscc_n2_is_accepted_and_checked():
    assert uscc_problem("N2430626MF00123457") is None
    assert uscc_problem("N2430626MF00123458") == "uscc_checksum"
    assert uscc_problem("91430626MA4T8K2L3Y") is None


def test_id_number_accepts_current_county_430626_and_checks_birth_date():
    assert id_number_problem("430626199203154411") is None
    assert id_number_problem("430626199202304411") == "id_birth_date"
    assert id_number_problem("430626199203154412") == "id_checksum"


def problems(data, lang="zh"):
    with pytest.raises(loader.InvalidSubmission) as e:
        loader.validate(data, "t.yaml")
    return {p.path: p.message(lang) for p in e.value.problems}


@pytest.mark.parametrize("mutate, path, words", [
    (lambda d: d["plots"][1].__setitem__("area_ha", "abc"), "plots[1].area_ha", "应为数字"),
    (lambda d: d["plots"][1].__setitem__("area_ha", 0), "plots[1].area_ha", "应不小于"),
    (lambda d: d["plots"][0].__setitem__("county", "439999"), "plots[0].county", "未知县级区划代码"),
    (lambda d: d["plots"][0].pop("holder"), "plots[0].holder", "缺少必填字段"),
    (lambda d: d["plots"][0].__setitem__("holder", "RH9"), "plots[0].holder", "不存在的林权权利人"),
    (lambda d: d["agreements"][2]["parties"].append("XX"), "agreements[2].parties[3]", "不存在的当事方"),
    (lambda d: d["agreements"][1]["plots"].append("P-404"), "agreements[1].plots[2]", "不存在的地块"),
    (lambda d: d["agreements"][1].__setitem__("term", {"start": "2026-03-01", "end": "2026-02-28"}), "agreements[1].term", "早于开始日期"),
    (lambda d: d["project"].__setitem__("mechanism", "CDM"), "project.mechanism", "未知代码"),
    (lambda d: d["developer"].__setitem__("uscc", "91430626MA4T8K2L3X"), "developer.uscc", "校验位"),
    (lambda d: d["rights_holders"][1].__setitem__("id_number", "430626199203154412"), "rights_holders[1].id_number", "校验位"),
    (lambda d: d["plots"][0].__setitem__("aera_ha", 3), "plots[0].aera_ha", "未知字段"),
    (lambda d: d["agreements"][0].__setitem__("kind", "lease"), "agreements[0]", "协议类型无效"),
    (lambda d: d["project"]["milestones"].__setitem__("design", "2026-13-01"), "project.milestones.design", "应为日期"),
])
def test_each_bad_input_names_its_field(compliant, mutate, path, words):
    mutate(compliant)
    found = problems(compliant)
    assert path in found, found
    assert words in found[path]


def test_every_problem_is_reported_at_once(compliant):
    compliant["plots"][0]["area_ha"] = -1
    compliant["plots"][1]["county"] = "000000"
    compliant["developer"].pop("name")
    found = problems(compliant)
    assert {"plots[0].area_ha", "plots[1].county", "developer.name"} <= set(found)


def test_english_messages(compliant):
    compliant["plots"][1]["area_ha"] = "abc"
    assert problems(compliant, "en")["plots[1].area_ha"] == "must be a number, got abc"


@pytest.mark.parametrize("content, kind", [
    ("project: [unclosed", "yaml_syntax"),
    ("- just\n- a list\n", "not_a_mapping"),
    ("", "empty_document"),
    ("# only a comment\n", "empty_document"),
])
def test_malformed_files(tmp_path, content, kind):
    p = tmp_path / "bad.yaml"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(loader.InvalidSubmission) as e:
        loader.load(p)
    assert e.value.problems[0].type == kind


def test_missing_and_binary_files(tmp_path):
    with pytest.raises(loader.InvalidSubmission) as e:
        loader.load(tmp_path / "nope.yaml")
    assert e.value.problems[0].type == "file_not_found"
    p = tmp_path / "bin.yaml"
    p.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(loader.InvalidSubmission):
        loader.load(p)


# --------------------------------------------------------------------------- property test
_BASE = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


ALL_PATHS = [p for p in _paths(_BASE) if p]
junk = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                 st.text(max_size=30), st.lists(st.integers(), max_size=3),
                 st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
                 st.sampled_from(["2026-02-30", "43", "N2430626MF00123457", "RH1", "交易", "-1", "1e309"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), st.sampled_from(["set", "delete"]), junk), min_size=1, max_size=4))
def test_loader_raises_only_its_own_error(mutations):
    data = copy.deepcopy(_BASE)
    for path, op, value in mutations:
        node = data
        try:
            for k in path[:-1]:
                node = node[k]
            if op == "delete":
                del node[path[-1]]
            else:
                node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    try:
        sub = loader.validate(data, "mutant")
    except loader.InvalidSubmission as e:
        assert e.problems and all(p.message("zh") and p.message("en") for p in e.problems)
    else:
        from compliance.checker import check

        assert check(sub).verdict in ("pass", "fail")   # a valid mutant is also checkable


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_text_file_is_read_or_explained(text):
    try:
        loader.loads(text, "fuzz")
    except loader.InvalidSubmission as e:
        assert e.problems


def test_an_impossible_unquoted_date_is_named_by_its_field(tmp_path):
    p = tmp_path / "d.yaml"
    p.write_text(EXAMPLE.read_text(encoding="utf-8").replace("development: 2026-02-10", "development: 2026-02-30"),
                 encoding="utf-8")
    with pytest.raises(loader.InvalidSubmission) as e:
        loader.load(p)
    assert [x.path for x in e.value.problems] == ["project.milestones.development"]


@pytest.mark.parametrize("name, text", [("d.yaml", "format: a\nformat: b\n"), ("d.json", '{"as_of": 1, "as_of": 2}')])
def test_duplicate_keys_are_refused_not_silently_resolved(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    with pytest.raises(loader.InvalidSubmission) as e:
        loader.load(p)
    assert e.value.problems[0].type.startswith("duplicate_key")


def test_unquoted_province_code(compliant):
    compliant["project"]["province"] = 43
    assert loader.validate(compliant).project.province.value == "43"


def test_a_path_through_a_file_is_explained(tmp_path):
    f = tmp_path / "file.yaml"
    f.write_text("x: 1", encoding="utf-8")
    with pytest.raises(loader.InvalidSubmission) as e:
        loader.load(f / "inner.yaml")
    assert e.value.problems[0].type in ("file_unreadable_os", "file_not_found")


def test_a_device_that_reports_no_size_is_read_only_up_to_the_limit():
    """/dev/zero has no size and no end: refused as too large, never read forever."""
    from compliance.submission.files import InvalidSubmission, read_file

    with pytest.raises(InvalidSubmission) as info:
        read_file("/dev/zero")
    assert [p.type for p in info.value.problems] == ["file_too_large"]
