"""User-facing texts that are not rule findings: input problems and CLI words (zh / en)."""
from __future__ import annotations

import re

import os
from enum import Enum
from typing import Any

class Lang(str, Enum):
    """The two output languages; Chinese is the default everywhere."""

    zh = "zh"
    en = "en"


def env_lang() -> str:
    """The language named by COMPLIANCE_LANG (``en``/``en_US``… → en), else zh."""
    return "en" if os.environ.get("COMPLIANCE_LANG", "").strip().lower().startswith("en") else "zh"


def resolve_lang(option: "str | Lang | None" = None) -> str:
    """The one decision of the output language: ``--lang`` first, then COMPLIANCE_LANG, then zh."""
    if isinstance(option, Lang):
        return option.value
    if option:
        return "en" if str(option).strip().lower().startswith("en") else "zh"
    return env_lang()


# help texts are chosen when the CLI is built, before options are parsed: COMPLIANCE_LANG decides
HELP_LANG = env_lang()


def H(zh: str, en: str) -> str:
    """Help text in the language chosen by COMPLIANCE_LANG (default Chinese)."""
    return en if HELP_LANG == "en" else zh


def pick(lang: str, zh: str, en: str) -> str:
    """One of a (zh, en) pair for an output language."""
    return en if lang == "en" else zh

# error type -> (zh, en); {value}/{ctx keys} are filled in
VALIDATION: dict[str, tuple[str, str]] = {
    # reading the file
    "file_not_found": ("文件不存在", "file not found"),
    "file_unreadable": ("无权读取该文件", "file cannot be read (permission denied)"),
    "file_unreadable_os": ("无法读取该文件：{msg}", "cannot read the file: {msg}"),
    "duplicate_key_json": ("键 {key} 在同一对象中重复出现（字段只能写一次）", "key {key} appears twice in one object (a field may be given once)"),
    "duplicate_key": ("第 {line} 行：键 {key} 重复出现（同一层级的字段只能写一次）", "line {line}: key {key} appears twice (a field may be given once per level)"),
    "is_directory": ("这是一个目录，不是提交文件", "this is a directory, not a submission file"),
    "file_too_large": ("文件过大（{size} 字节，上限 {max} 字节）", "file too large ({size} bytes, limit {max})"),
    "workbook_for_batch": ("这是多个项目的工作簿或表格：请用 compliance batch 检查；单个项目请用 YAML/JSON 文件或 compliance new 生成的工作簿",
                           "this workbook or spreadsheet is not one project: check portfolios with `compliance batch`; a single project is a YAML/JSON file or a workbook made by `compliance new`"),
    "encoding": ("文件不是 UTF-8 或 GB18030 编码的文本", "file is not UTF-8 or GB18030 text"),
    "yaml_syntax": ("YAML 格式错误（第 {line} 行第 {column} 列）：{msg}", "YAML syntax error (line {line}, column {column}): {msg}"),
    "json_syntax": ("JSON 格式错误（第 {line} 行第 {column} 列）：{msg}", "JSON syntax error (line {line}, column {column}): {msg}"),
    "empty_document": ("提交文件为空（没有任何内容）", "the submission is empty (nothing in it)"),
    "not_a_mapping": ("提交文件的顶层应为键值结构（YAML 映射 / JSON 对象），实际为 {type}", "the top level must be a mapping (YAML mapping / JSON object), got {type}"),
    "unreadable": ("无法读取：{msg}", "cannot be read: {msg}"),
    "too_many_plots": ("地块过多：{count} 个，单个提交文件上限 {max} 个（请拆分为多个项目，或用 compliance batch 检查）",
                       "too many plots: {count}, a submission holds at most {max} (split it into projects, or use compliance batch)"),
    "too_deep": ("嵌套层级过深（上限 {max} 层）", "nested too deeply (limit {max} levels)"),
    "too_many_aliases": ("YAML 别名（*引用）使用过多（上限 {max} 次）", "too many YAML aliases (* references; limit {max})"),
    "too_many_values": ("展开 YAML 别名后取值过多（上限 {max} 个）", "too many values once YAML aliases are expanded (limit {max})"),
    "bad_key": ("键名无效（应为不含控制字符的简短文本）", "invalid key (a short text without control characters)"),
    "string_too_long": ("文本过长（上限 {max} 个字符）", "text too long (limit {max} characters)"),
    # a text bound of the model (checked after its before-validator, so pydantic names it too_long)
    "too_long": ("文本过长（上限 {max_length} 个字符）", "text too long (limit {max_length} characters)"),
    "control_character": ("文本含不允许的字符 {char}（NUL、控制字符或孤立的 UTF-16 代理项）",
                          "text holds a character that is not allowed, {char} (NUL, control character or lone UTF-16 surrogate)"),
    # shape and types (pydantic's own error types)
    "missing": ("缺少必填字段", "required field is missing"),
    "extra_forbidden": ("未知字段（请检查拼写）", "unknown field (check the spelling)"),
    "string_type": ("应为文本", "must be text"),
    "string_too_short": ("不能为空", "must not be empty"),
    "int_type": ("应为整数", "must be an integer"),
    "int_parsing": ("应为整数，实际为 {input}", "must be an integer, got {input}"),
    "int_from_float": ("应为整数，实际为 {input}", "must be an integer, got {input}"),
    "float_type": ("应为数字", "must be a number"),
    "float_parsing": ("应为数字，实际为 {input}", "must be a number, got {input}"),
    "finite_number": ("应为有限的数字", "must be a finite number"),
    "number_not_bool": ("应为数字，不能是 true/false", "must be a number, not true/false"),
    "bool_type": ("应为 true 或 false", "must be true or false"),
    "bool_parsing": ("应为 true 或 false，实际为 {input}", "must be true or false, got {input}"),
    "date_type": ("应为日期（YYYY-MM-DD）", "must be a date (YYYY-MM-DD)"),
    "date_parsing": ("应为日期（YYYY-MM-DD），实际为 {input}", "must be a date (YYYY-MM-DD), got {input}"),
    "date_from_datetime_parsing": ("应为日期（YYYY-MM-DD），实际为 {input}", "must be a date (YYYY-MM-DD), got {input}"),
    "date_from_datetime_inexact": ("应为日期，不应带时间", "must be a date without a time"),
    "list_type": ("应为列表", "must be a list"),
    "dict_type": ("应为键值结构", "must be a mapping"),
    "model_type": ("应为键值结构", "must be a mapping"),
    "model_attributes_type": ("应为键值结构", "must be a mapping"),
    "too_short": ("至少需要 {min_length} 项", "needs at least {min_length} item(s)"),
    "greater_than": ("应大于 {gt}", "must be greater than {gt}"),
    "greater_than_equal": ("应不小于 {ge}", "must be at least {ge}"),
    "less_than_equal": ("应不大于 {le}", "must be at most {le}"),
    "literal_error": ("取值无效，应为 {expected}", "invalid value; expected {expected}"),
    "enum": ("取值无效，应为 {expected}", "invalid value; expected {expected}"),
    "json_invalid": ("请求体不是有效的 JSON：{error}", "the request body is not valid JSON: {error}"),
    "string_pattern_mismatch": ("格式不符，应符合 {pattern}", "does not match the format {pattern}"),
    "union_tag_invalid": ("协议类型无效", "invalid agreement kind"),
    "union_tag_not_found": ("缺少协议类型 kind", "agreement kind is missing"),
    "unknown_agreement_kind": ("协议类型无效，应为：{choices}", "invalid agreement kind; expected one of {choices}"),
    # codes
    "unknown_code": ("未知代码 {value}，应为：{choices}", "unknown code {value}; expected one of {choices}"),
    "unknown_county": ("未知县级区划代码 {value}（参照国家统计局 2023 年统计用区划代码，全国各省）", "unknown county code {value} (NBS 2023 division codes, all provinces)"),
    "unknown_division": ("未知区划代码 {value}", "unknown division code {value}"),
    # identifiers
    "uscc_length": ("统一社会信用代码应为 18 位，实际为 {value}", "a unified social credit code has 18 characters: {value}"),
    "uscc_charset": ("统一社会信用代码含非法字符（不得含 I、O、Z、S、V）：{value}", "unified social credit code has invalid characters (no I, O, Z, S, V): {value}"),
    "uscc_authority": ("统一社会信用代码的登记管理部门或机构类别代码无效：{value}", "invalid registration-authority or organisation-type code in unified social credit code: {value}"),
    "uscc_division": ("统一社会信用代码第 3–8 位应为行政区划代码：{value}", "characters 3-8 of a unified social credit code must be a division code: {value}"),
    "uscc_checksum": ("统一社会信用代码校验位错误（GB 32100）：{value}，按前 17 位第 18 位应为 {expected}（若前 17 位有误请一并核对）",
                      "wrong check character in unified social credit code (GB 32100): {value}; from the first 17 characters the 18th should be {expected} (unless one of those is mistyped)"),
    "uscc_required": ("非自然人主体须填写统一社会信用代码 uscc", "an organisation needs its unified social credit code (uscc)"),
    "id_format": ("身份证号码应为 17 位数字加 1 位数字或 X：{value}", "an ID number is 17 digits plus a digit or X: {value}"),
    "id_birth_date": ("身份证号码中的出生日期无效：{value}", "the birth date inside the ID number is invalid: {value}"),
    "id_checksum": ("身份证号码校验位错误（GB 11643）：{value}，按前 17 位第 18 位应为 {expected}（若前 17 位有误请一并核对）",
                    "wrong check digit in ID number (GB 11643): {value}; from the first 17 digits the 18th should be {expected} (unless one of those is mistyped)"),
    "id_number_required": ("自然人须填写身份证号码 id_number", "a natural person needs an ID number (id_number)"),
    # consistency
    "period_order": ("结束日期 {end} 早于开始日期 {start}", "end date {end} is before start date {start}"),
    "consent_count": ("同意人数 {in_favour} 超过应到人数 {members}", "in_favour {in_favour} exceeds members {members}"),
    "unknown_holder": ("引用了不存在的林权权利人 {value}（应为 rights_holders 中的 id）", "refers to unknown rights holder {value} (must be an id in rights_holders)"),
    "unknown_party": ("引用了不存在的当事方 {value}（应为 developer 或 rights_holders 中的 id）", "refers to unknown party {value} (must be the developer's or a rights holder's id)"),
    "unknown_plot": ("引用了不存在的地块 {value}（应为 plots 中的 id）", "refers to unknown plot {value} (must be an id in plots)"),
    "duplicate_id": ("id 重复：{value}", "duplicate id: {value}"),
    # plot geometry (compliance.submission.geometry: the message comes with the problem)
    "geometry": ("{zh}", "{en}"),
}

TEXTS: dict[str, tuple[str, str]] = {
    "invalid_header": ("{source}：提交文件有 {n} 处问题，未进行检查：", "{source}: the submission has {n} problem(s) and was not checked:"),
    "verdict_pass": ("通过", "pass"),
    "verdict_fail": ("不通过", "fail"),
    "no_findings": ("未发现问题", "no findings"),
    "fix": ("修改建议", "how to fix"),
    "citation": ("依据", "basis"),
    "path": ("字段", "field"),
    "rule": ("规则", "rule"),
    "severity": ("级别", "severity"),
    "message": ("说明", "finding"),
    "project": ("项目", "project"),
    "as_of": ("判定日期", "as of"),
    "summary": ("{errors} 个错误，{warnings} 个警告，{infos} 个提示", "{errors} error(s), {warnings} warning(s), {infos} info"),
    "basis_primary": ("一手（已核对原文）", "primary (read in the official text)"),
    "basis_secondary": ("二手（公告或专业解读，请复核）", "secondary (announcements or commentary: double-check)"),
    "window": ("施行期间", "in force"),
    "open_end": ("至今", "open"),
    "article_texts": ("条文原文", "Text of the cited articles"),
    "article_source": ("来源", "Source"),
    "article_missing": ("以下条款暂无原文", "no text here for"),
    "article_unavailable": ("无原文", "no text available"),
    "usage_error": ("参数错误：{msg}", "usage error: {msg}"),
}


class Safe(dict):
    """A format_map mapping that leaves unknown {fields} as they are."""

    def __missing__(self, key):
        return "{" + key + "}"


def _fill(template: str, values: dict) -> str:
    return template.format_map(Safe(values))


_SHOWN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text with control characters, lone surrogates and bidi controls shown as escapes (\\x1b, \\u202e),
    so that user text quoted in a message cannot act on the terminal or reorder the line."""
    if not _SHOWN.search(text):
        return text
    return _SHOWN.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def validation_message(kind: str, ctx: dict, input: Any, lang: str = "zh") -> str:
    pair = VALIDATION.get(kind)
    values = {k: printable(v) if isinstance(v, str) else v for k, v in (ctx or {}).items()}
    if isinstance(input, str):
        input = printable(input)
    values.setdefault("input", "空值" if input is None and lang == "zh" else repr(input) if not isinstance(input, str) else input)
    values.setdefault("value", values["input"])
    if "max_length" in values:       # pydantic's name of the limit (the loader's own checks say "max")
        values.setdefault("max", values["max_length"])
    if lang == "zh" and isinstance(values.get("expected"), str):     # pydantic's "'a', 'b' or 'c'"
        values["expected"] = values["expected"].replace(" or ", " 或 ")
    if pair is None:
        generic = ("取值无效（{kind}）", "invalid value ({kind})")
        return _fill(generic[0 if lang == "zh" else 1], {"kind": kind})
    return _fill(pair[0 if lang == "zh" else 1], values)


def text(key: str, lang: str = "zh", **values) -> str:
    pair = TEXTS[key]
    return _fill(pair[0 if lang == "zh" else 1], values)
