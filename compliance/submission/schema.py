"""The JSON Schema (draft 2020-12) of the submission format, generated from the pydantic model.

Pydantic's own schema is the starting point; this module makes it one a standard validator
(``jsonschema``) reads the way the loader does:

* bounds as the keywords validators honour (``minimum``/``maximum``, not pydantic's ``ge``/``le``);
* every code list (``Vocab``) as an ``enum`` of the codes *and* the Chinese/English labels and
  aliases the loader accepts, with the labels kept in ``x-labels`` (the fill-in workbook's
  drop-downs and the web form are generated from them);
* codes a YAML file may write unquoted (``province: 43``, an ID number) accepted as integers;
* a ``description`` in Chinese and English on every field (from ``model.FIELD_DOCS``).
"""
from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://forest-carbon.example/schemas/forest-carbon-submission-1.json"
_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def _vocab_classes() -> dict[str, type]:
    from compliance.reference import vocab
    from compliance.submission import model

    out: dict[str, type] = {}
    for mod in (vocab, model):
        for name in dir(mod):
            obj = getattr(mod, name)
            if isinstance(obj, type) and issubclass(obj, vocab.Vocab) and obj is not vocab.Vocab:
                out[obj.__name__] = obj
    return out


def _accepted(cls) -> list[str]:
    seen: list[str] = []
    for m in cls:
        for key in (m.value, m.zh, m.en, *m.aliases):
            if key not in seen:
                seen.append(key)
    return seen


def _fix(node: Any, vocabs: dict[str, type], defs: dict) -> Any:
    if isinstance(node, list):
        return [_fix(n, vocabs, defs) for n in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for k, v in node.items():
        out[_BOUNDS.get(k, k)] = _fix(v, vocabs, defs)
    # text fields that a YAML file may write as a bare number (codes, ID numbers, phone numbers)
    if out.get("type") == "string" and "format" not in out and "enum" not in out and "const" not in out:
        out["type"] = ["string", "integer"]
    return out


def _vocab_def(cls, original: dict) -> dict:
    labels = {m.value: {"zh": m.zh, "en": m.en} for m in cls}
    values: list[Any] = _accepted(cls)
    if all(m.value.isdigit() for m in cls):            # province 43 written without quotes
        values += [int(m.value) for m in cls]
    return {"title": original.get("title", cls.__name__),
            "description": (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ and cls.__doc__ != "A str enum whose members carry zh/en labels and extra aliases." else
            f"代码表 {cls.__name__}：可填代码或中文名称 / code list {cls.__name__}: a code or its label",
            "enum": values, "x-codes": [m.value for m in cls], "x-labels": labels}


def _key_aliases(defs: dict) -> None:
    """Sichuan's principles and monitoring plan may be written with Chinese keys (真实性: …)."""
    from compliance.submission.model import MONITORING_KEYS, PRINCIPLES

    tables = {"Principles": {zh: code for code, (zh, _) in PRINCIPLES.items()}, "MonitoringPlan": MONITORING_KEYS}
    for name, table in tables.items():
        d = defs.get(name)
        if not d:
            continue
        props = d["properties"]
        if name == "Principles":   # evidence: one text or a list of documents
            for code in list(props):
                props[code] = {"description": props[code].get("description", ""),
                               "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": ["string", "integer"]}},
                                         {"type": "null"}]}
        for alias, code in table.items():
            if code in props:
                props[alias] = {**props[code], "description": f"{alias}（= {code}） / alias of {code}"}


@lru_cache(maxsize=1)
def _schema() -> dict:
    from compliance.submission.model import Submission

    raw = Submission.model_json_schema(by_alias=True)
    vocabs = _vocab_classes()
    defs = raw.get("$defs", {})
    fixed_defs = {}
    for name, d in defs.items():
        if name in vocabs and "enum" in d:
            fixed_defs[name] = _vocab_def(vocabs[name], d)
        else:
            fixed_defs[name] = _fix(d, vocabs, defs)
    _key_aliases(fixed_defs)
    body = {k: _fix(v, vocabs, defs) for k, v in raw.items() if k != "$defs"}
    out = {"$schema": SCHEMA_DIALECT, "$id": SCHEMA_ID,
           "title": "forest-carbon-submission/1",
           "description": "林业碳汇项目提交文件（一个项目） / forestry carbon-sink project submission (one project)",
           **{k: v for k, v in body.items() if k != "title"}, "$defs": fixed_defs}
    return out


def schema() -> dict:
    """The schema as a fresh dict (callers may change their copy)."""
    return copy.deepcopy(_schema())


def code_list(def_name: str, lang: str = "zh") -> list[tuple[str, str]]:
    """(code, label) of one code list of the schema, e.g. ``code_list("Province")``."""
    d = _schema()["$defs"][def_name]
    return [(c, d["x-labels"][c][lang]) for c in d["x-codes"]]


def field_schema(*path: str) -> dict:
    """The schema node of a field, following ``$ref``/``anyOf`` (e.g. ``field_schema("Plot", "land_type")``)."""
    s = _schema()
    node = s["$defs"][path[0]] if path[0] in s["$defs"] else s
    for p in path[1:]:
        node = resolve(node)["properties"][p]
    return node


def resolve(node: dict) -> dict:
    """Follow a ``$ref`` and an optional ``anyOf [X, null]`` to the node it stands for."""
    s = _schema()
    while True:
        if "$ref" in node:
            node = s["$defs"][node["$ref"].rsplit("/", 1)[-1]]
            continue
        alts = [a for a in node.get("anyOf", []) if a.get("type") != "null"]
        if len(alts) == 1 and "anyOf" in node:
            node = alts[0]
            continue
        return node


def ref_name(node: dict) -> str | None:
    """The $defs name a field refers to (through anyOf/array items), or None."""
    if "$ref" in node:
        return node["$ref"].rsplit("/", 1)[-1]
    for a in node.get("anyOf", []):
        r = ref_name(a)
        if r:
            return r
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        return ref_name(node["items"])
    return None
