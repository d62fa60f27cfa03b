"""Shared fixtures and the Gherkin step vocabulary (Chinese) used by every feature file.

Steps (``features/*.feature``, ``# language: zh-CN``):
  假如 示例 "NAME"                       load examples/NAME.yaml as plain data
  而且 将 "PATH" 设为 VALUE              set a field (VALUE is YAML: 0.4, "文本", [A, B], null, 2026-01-01)
  而且 删除 "PATH"                       remove a field or list item
  而且 在 "PATH" 中追加 VALUE            append to a list
  而且 惩戒名录中开发主体被暂停开发资格 自 DATE 至 DATE        record in a real register (暂停|取消|限制|通报)
  而且 惩戒名录中权利人 "RH1" 被限制开发资格 自 DATE 至 DATE
  假如 组合中示例 "NAME" 作为项目 "ID"      a portfolio: add an example under a project id
  而且 将项目 "ID" 的 "PATH" 设为 VALUE     change a field of one portfolio project
  当 批量检查                            cross-project rules over the portfolio (compliance batch)
  那么 项目 "ID" 应有 "RULE" 错误|警告|提示 / 那么 项目 "ID" 不应有 "RULE"
  当 检查                                validate and check on the file's as_of
  当 以 DATE 为判定日检查                 validate and check on DATE
  那么 应有 "RULE" 错误|警告|提示         a finding of that rule and severity
  那么 应有 "RULE" 错误|警告|提示 位于 "PATH"
  那么 不应有 "RULE"                     no finding of that rule
  那么 不应有 "RULE" 错误|警告|提示        no finding of that rule with that severity
  那么 结论为 "通过"|"不通过"
  那么 提交无效，问题位于 "PATH"           the loader rejects the input at that path
"""
from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from pytest_bdd import given, parsers, then, when

from tests.support import EXAMPLES, ROOT, example_data  # noqa: F401  (fixtures below use them)
SEVERITY_WORDS = {"错误": "error", "警告": "warning", "提示": "info"}


@pytest.fixture(autouse=True)
def _checkpoints_of_this_test(tmp_path_factory, monkeypatch):
    """Each test its own "machine" for the register checkpoints kept outside the register: no
    test (and no run of the suite) sees another's, nor the user's own."""
    monkeypatch.setenv("COMPLIANCE_CHECKPOINTS", str(tmp_path_factory.mktemp("checkpoints")))


@pytest.fixture
def compliant() -> dict:
    return example_data("hunan-ccer-afforestation")


# --------------------------------------------------------------------------- paths
_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def path_tokens(path: str) -> list:
    return [int(i) if i else k for k, i in _TOKEN.findall(path)]


def _parent(data, path: str):
    tokens = path_tokens(path)
    node = data
    for t in tokens[:-1]:
        if isinstance(node, dict) and t not in node:
            node[t] = {}
        node = node[t]
    return node, tokens[-1]


def set_path(data, path: str, value) -> None:
    node, last = _parent(data, path)
    node[last] = value


def del_path(data, path: str) -> None:
    node, last = _parent(data, path)
    del node[last]


def yaml_value(text: str):
    return yaml.safe_load(text)


# --------------------------------------------------------------------------- steps
@pytest.fixture
def scenario_state() -> dict:
    return {}


@given(parsers.parse('示例 "{name}"'), target_fixture="data")
def given_example(name):
    return example_data(name)


@given(parsers.parse('县界文件 "{path}"'))
def given_county_boundaries(path, monkeypatch):
    """County boundaries configured (COMPLIANCE_COUNTY_BOUNDARIES), the path under examples/."""
    monkeypatch.setenv("COMPLIANCE_COUNTY_BOUNDARIES", str(EXAMPLES / path))


@given(parsers.parse('将 "{path}" 设为 {value}'))
@when(parsers.parse('将 "{path}" 设为 {value}'))
def step_set(data, path, value):
    set_path(data, path, yaml_value(value))


@given(parsers.parse('删除 "{path}"'))
@when(parsers.parse('删除 "{path}"'))
def step_delete(data, path):
    del_path(data, path)


@given(parsers.parse('在 "{path}" 中追加 {value}'))
@when(parsers.parse('在 "{path}" 中追加 {value}'))
def step_append(data, path, value):
    node, last = _parent(data, path)
    node.setdefault(last, []) if isinstance(node, dict) else None
    node[last].append(yaml_value(value))


MEASURE_WORDS = {"暂停": "suspend", "取消": "cancel", "限制": "restrict", "通报": "notice"}


@pytest.fixture
def register_state(tmp_path) -> dict:
    return {"path": tmp_path / "register.sqlite3", "reg": None, "signer": None, "n": 0}


@given(parsers.re(r'惩戒名录中(?:开发主体|权利人 "(?P<pid>[^"]+)" )被(?P<measure>暂停|取消|限制|通报)开发资格 自 (?P<start>\S+) 至 (?P<end>\S+)$'))
def step_sanction(data, register_state, pid, measure, start, end):
    """Record a sanction against a party of the submission in a real, signed register."""
    from compliance.penalties.chain import Signer
    from compliance.penalties.store import Register

    party = data["developer"] if pid is None else next(p for p in data["rights_holders"] if p["id"] == pid)
    province = str(data["project"]["province"])[:2] if str(data["project"]["province"])[:2].isdigit() else (
        "51" if "四川" in str(data["project"]["province"]) else "43")
    st = register_state
    if st["reg"] is None:
        st["reg"], st["signer"] = Register(str(st["path"])), Signer.generate()
        name = "湖南省林业局" if province == "43" else "四川省林业和草原局"
        st["reg"].enroll(authority_id="PROV", name=name, division=province, public_key=st["signer"].public_key,
                         signer=st["signer"], bootstrap=True)
    st["n"] += 1
    st["reg"].record(dict(
        entity_name=party["name"], code=str(party.get("uscc") or party.get("id_number")), region_code=province,
        measure=MEASURE_WORDS[measure], mechanisms=["*"], from_date=start, to_date=end,
        grounds="以开发碳汇项目为名圈占林地资源，逾期未开发", basis=["森林法 第七十四条", "川林发〔2024〕3号 六(四)"],
        case_number=f"林罚决字〔2026〕{st['n']}号", evidence=["现场勘验笔录"]), authority="PROV", signer=st["signer"])


RECORD_KEYS = {"机关": "authority_name", "区划": "division", "依据": "basis", "措施": "measure", "机制": "mechanisms",
               "起始": "from_date", "截止": "to_date", "事由": "grounds", "违法类型": "conduct",
               "违法行为终了": "conduct_ended", "发现": "discovered_on", "决定": "decided_on"}


@when(parsers.re(r"^记录处理：(?P<spec>.+)$"), target_fixture="recorded")
def step_record(tmp_path, spec):
    """Record a sanction in a fresh, signed register; '键=值；…' (依据/机制 take '、'-separated lists)."""
    from compliance.penalties.chain import Signer
    from compliance.penalties.store import Register

    given = dict(part.split("=", 1) for part in spec.split("；") if part.strip())
    given = {RECORD_KEYS[k.strip()]: v.strip() for k, v in given.items()}
    name, division = given.pop("authority_name", "湖南省林业局"), given.pop("division", "43")
    raw = dict(entity_name="湖南某林业开发有限公司", code="91430626MA4T8K2L3Y", region_code=division,
               measure="suspend", mechanisms=["CCER"], from_date="2026-03-01", to_date="2027-02-28",
               grounds="未按约定开展造林", basis=["森林法 第七十四条"], case_number="林罚决字〔2026〕1号")
    for k, v in given.items():
        raw[k] = v.split("、") if k in ("basis", "mechanisms") else (None if v == "无" else v)
    if raw.get("to_date") is None:
        raw.pop("to_date")
    reg, key = Register(str(tmp_path / "recording.sqlite3")), Signer.generate()
    try:
        reg.enroll(authority_id="AUTH", name=name, division=division, public_key=key.public_key, signer=key,
                   bootstrap=True)
        done = reg.record(raw, authority="AUTH", signer=key)
        return {"warnings": done.warnings, "state": reg.sanction(done.sanction_id)}
    finally:
        reg.close()


@then(parsers.re(r'^记录时应有 "(?P<rule>[^"]+)" 警告$'))
def step_recorded_warning(recorded, rule):
    hits = [w for w in recorded["warnings"] if w["rule"] == rule]
    assert hits, f"缺少记录时警告 {rule}；实际：{[w['rule'] for w in recorded['warnings']]}"
    for w in hits:
        assert w["citation"] and w["message_zh"] and "{" not in w["message_zh"] and "{" not in w["message_en"]


@then(parsers.re(r'^记录时不应有 "(?P<rule>[^"]+)"$'))
def step_recorded_no_warning(recorded, rule):
    assert not [w for w in recorded["warnings"] if w["rule"] == rule], recorded["warnings"]


@then(parsers.parse('截止日期为 {date}'))
def step_recorded_to(recorded, date):
    assert recorded["state"]["to_date"] == date.strip()


def _run(data, as_of, register_state=None):
    from compliance.submission import files as loader
    from compliance.checker import check
    from compliance.penalties.provider import checker_provider

    try:
        sub = loader.validate(copy.deepcopy(data), "feature", base_dir=EXAMPLES)   # relative files: examples/
    except loader.InvalidSubmission as e:
        return {"invalid": e}
    provider = checker_provider(str(register_state["path"])) if register_state and register_state["reg"] else None
    return {"report": check(sub, as_of, sanctions=provider)}


@when("检查", target_fixture="outcome")
def step_check(data, register_state):
    return _run(data, None, register_state)


@when(parsers.parse("以 {date} 为判定日检查"), target_fixture="outcome")
def step_check_on(data, date, register_state):
    return _run(data, dt.date.fromisoformat(date.strip()), register_state)


def _report(outcome):
    if "invalid" in outcome:
        pytest.fail("提交无效，未检查：\n" + outcome["invalid"].render("zh"))
    return outcome["report"]


def _describe(report) -> str:
    return "\n".join(f"  {f.severity.value} {f.rule}:{f.case} @ {f.path}: {f.message_zh}" for f in report.findings) or "  （无）"


@then(parsers.re(r'应有 "(?P<rule>[^"]+)" (?P<sev>错误|警告|提示)( 位于 "(?P<path>[^"]+)")?$'))
def step_expect(outcome, rule, sev, path):
    report = _report(outcome)
    hits = [f for f in report.findings if f.rule == rule and f.severity.value == SEVERITY_WORDS[sev]
            and (path is None or f.path == path)]
    assert hits, f"缺少 {rule} {sev}{' @ ' + path if path else ''}；实际发现：\n{_describe(report)}"
    for f in hits:   # every finding must explain itself and cite its article
        assert f.citation.text() and f.message_zh and "{" not in f.message_zh and "{" not in f.message_en


@then(parsers.re(r'不应有 "(?P<rule>[^"]+)"( (?P<sev>错误|警告|提示))?$'))
def step_expect_none(outcome, rule, sev):
    report = _report(outcome)
    hits = [f for f in report.findings if f.rule == rule and (sev is None or f.severity.value == SEVERITY_WORDS[sev])]
    assert not hits, f"不应有 {rule}{' ' + sev if sev else ''}，实际发现：\n{_describe(report)}"


@then(parsers.parse('结论为 "{verdict}"'))
def step_verdict(outcome, verdict):
    report = _report(outcome)
    assert report.verdict == {"通过": "pass", "不通过": "fail"}[verdict], _describe(report)


@then(parsers.parse('提交无效，问题位于 "{path}"'))
def step_invalid(outcome, path):
    assert "invalid" in outcome, "提交应被判为无效，却通过了校验"
    paths = [p.path for p in outcome["invalid"].problems]
    assert path in paths, f"问题位置 {paths} 中没有 {path}"


# --------------------------------------------------------------------------- portfolios
@pytest.fixture
def portfolio() -> dict:
    return {}


@given(parsers.parse('组合中示例 "{name}" 作为项目 "{pid}"'))
def step_portfolio_add(portfolio, name, pid):
    data = example_data(name)
    data["project"]["id"] = pid
    portfolio[pid] = data


@given(parsers.parse('将项目 "{pid}" 的 "{path}" 设为 {value}'))
def step_portfolio_set(portfolio, pid, path, value):
    set_path(portfolio[pid], path, yaml_value(value))


@when("批量检查", target_fixture="batch")
def step_batch(portfolio):
    from compliance.submission import files as loader
    from compliance.portfolio.cross import portfolio_findings
    from compliance.rules.portfolio import extract

    extracts = []
    for pid, data in portfolio.items():
        sub = loader.validate(copy.deepcopy(data), pid, base_dir=EXAMPLES)
        extracts.append(extract(sub, sub.as_of or dt.date.today()))
    findings, _ = portfolio_findings(extracts)
    return findings


@then(parsers.re(r'项目 "(?P<pid>[^"]+)" 应有 "(?P<rule>[^"]+)" (?P<sev>错误|警告|提示)$'))
def step_batch_expect(batch, pid, rule, sev):
    hits = [f for f in batch.get(pid, []) if f.rule == rule and f.severity.value == SEVERITY_WORDS[sev]]
    assert hits, f"项目 {pid} 缺少 {rule} {sev}；实际：{[(f.rule, f.path) for f in batch.get(pid, [])]}"
    assert all(f.citation.text() and "{" not in f.message_zh for f in hits)


@then(parsers.re(r'项目 "(?P<pid>[^"]+)" 不应有 "(?P<rule>[^"]+)"$'))
def step_batch_expect_none(batch, pid, rule):
    hits = [f for f in batch.get(pid, []) if f.rule == rule]
    assert not hits, f"项目 {pid} 不应有 {rule}：{[f.message_zh for f in hits]}"
