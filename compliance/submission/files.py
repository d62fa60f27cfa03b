"""Read a submission file (YAML or JSON) into the model, or explain every problem.

The loader raises only ``InvalidSubmission``: one ``Problem`` per field, each with
the field's path (``plots[1].area_ha``) and a message in Chinese or English.
"""
from __future__ import annotations

from compliance.errors import InvalidInput

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance import i18n as messages

MAX_BYTES = 50 * 1024 * 1024


@dataclass
class Problem:
    path: str
    type: str
    ctx: dict = field(default_factory=dict)
    input: Any = None

    def message(self, lang: str = "zh") -> str:
        return messages.validation_message(self.type, self.ctx, self.input, lang)

    def as_dict(self, lang: str = "zh") -> dict:
        return {"path": self.path, "type": self.type, "message": self.message(lang)}


class InvalidSubmission(InvalidInput):
    """The input could not be read as a valid submission."""

    key = "invalid_submission"

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: {len(problems)} problem(s)")

    def lines(self, lang: str = "zh") -> list[str]:
        return [self.render(lang)]

    def render(self, lang: str = "zh") -> str:
        head = messages.text("invalid_header", lang, source=self.source, n=len(self.problems))
        lines = [head]
        for p in self.problems:
            lines.append(f"  - {p.path or '(文件)' if lang == 'zh' else p.path or '(file)'}: {p.message(lang)}")
        return "\n".join(lines)


def format_path(loc: tuple) -> str:
    """('plots', 1, 'area_ha') -> 'plots[1].area_ha'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _clean_loc(loc: tuple) -> tuple:
    """Drop what pydantic adds to locations that users never wrote (union tags, validator names)."""
    tags = {"development", "transfer", "benefit", "tripartite"}
    cleaned: list = []
    for part in loc:
        if isinstance(part, str):
            if part.startswith(("function-", "lax-", "strict-", "json-")) or part == "[key]":
                continue
            # the union tag follows the agreement's index: agreements.1.transfer.term
            if part in tags and len(cleaned) >= 2 and cleaned[-2] == "agreements" and isinstance(cleaned[-1], int):
                continue
        cleaned.append(part)
    return tuple(cleaned)


class _DuplicateKey(ValueError):
    def __init__(self, key, line):
        super().__init__(f"duplicate key {key!r}")
        self.key, self.line = key, line


_LOADER = None


def _yaml_loader():
    """Safe YAML (libyaml when present) that keeps dates as text, so the model reports a bad
    date by its field path, and refuses duplicate keys instead of keeping the last silently."""
    global _LOADER
    if _LOADER is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        class Loader(base):
            pass

        Loader.yaml_implicit_resolvers = {
            first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
            for first, resolvers in base.yaml_implicit_resolvers.items()}

        def mapping(loader, node):
            loader.flatten_mapping(node)     # merge keys (<<) first, then look for repeats
            seen = set()
            for key_node, _ in node.value:
                key = loader.construct_object(key_node, deep=True)
                if isinstance(key, (str, int, float, bool)) and key in seen:
                    raise _DuplicateKey(key, key_node.start_mark.line + 1)
                if isinstance(key, (str, int, float, bool)):
                    seen.add(key)
            return loader.construct_mapping(node, deep=True)

        Loader.add_constructor("tag:yaml.org,2002:map", mapping)
        _LOADER = Loader
    return _LOADER


def _json_pairs(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise _DuplicateKey(k, "?")
        out[k] = v
    return out


def parse_text(text: str, source: str = "<input>", suffix: str = "") -> Any:
    """Parse YAML or JSON text into plain data; syntax errors become a Problem."""
    import yaml

    try:
        if suffix == ".json":
            return json.loads(text, object_pairs_hook=_json_pairs)
        return yaml.load(text, Loader=_yaml_loader())
    except _DuplicateKey as e:
        kind = "duplicate_key" if e.line != "?" else "duplicate_key_json"
        raise InvalidSubmission(source, [Problem("", kind, {"key": e.key, "line": e.line})])
    except json.JSONDecodeError as e:
        raise InvalidSubmission(source, [Problem("", "json_syntax", {"line": e.lineno, "column": e.colno, "msg": e.msg})])
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        ctx = {"line": mark.line + 1 if mark else "?", "column": mark.column + 1 if mark else "?",
               "msg": getattr(e, "problem", None) or str(e).splitlines()[0]}
        raise InvalidSubmission(source, [Problem("", "yaml_syntax", ctx)])
    except (ValueError, RecursionError) as e:   # absurd nesting, over-long integers, bad escapes
        kind = "json_syntax" if suffix == ".json" else "yaml_syntax"
        raise InvalidSubmission(source, [Problem("", kind, {"line": "?", "column": "?", "msg": str(e).splitlines()[0][:200]})])


def read_file(path: str | Path) -> Any:
    p = Path(path)
    source = str(path)
    try:
        if p.is_dir():
            raise InvalidSubmission(source, [Problem("", "is_directory", {})])
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InvalidSubmission(source, [Problem("", "file_too_large", {"size": size, "max": MAX_BYTES})])
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InvalidSubmission(source, [Problem("", "file_not_found", {})])
    except PermissionError:
        raise InvalidSubmission(source, [Problem("", "file_unreadable", {})])
    except IsADirectoryError:
        raise InvalidSubmission(source, [Problem("", "is_directory", {})])
    except OSError as e:        # not a directory in the path, name too long, device errors …
        raise InvalidSubmission(source, [Problem("", "file_unreadable_os", {"msg": e.strerror or str(e)})])
    if p.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".csv") or raw[:4] == b"PK\x03\x04":
        raise InvalidSubmission(source, [Problem("", "workbook_for_batch", {})])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")   # files saved by Chinese Windows editors
        except UnicodeDecodeError:
            raise InvalidSubmission(source, [Problem("", "encoding", {})])
    return parse_text(text, source, p.suffix.lower())


def validate(data: Any, source: str = "<input>"):
    """Validate plain data as a Submission; raise InvalidSubmission listing every problem."""
    from pydantic import ValidationError

    from compliance.submission.model import Submission, reference_problems

    if not isinstance(data, dict):
        raise InvalidSubmission(source, [Problem("", "not_a_mapping", {"type": type(data).__name__})])
    try:
        sub = Submission.model_validate(data)
    except ValidationError as e:
        problems = []
        seen = set()
        for err in e.errors(include_url=False):
            path = format_path(_clean_loc(err["loc"]))
            key = (path, err["type"])
            if key in seen:
                continue
            seen.add(key)
            ctx = {k: (str(v) if not isinstance(v, (int, float, str)) else v) for k, v in (err.get("ctx") or {}).items()}
            inp = err.get("input")
            problems.append(Problem(path, err["type"], ctx, inp if isinstance(inp, (str, int, float, bool)) or inp is None else None))
        raise InvalidSubmission(source, problems) from None
    except (RecursionError, OverflowError) as e:
        raise InvalidSubmission(source, [Problem("", "unreadable", {"msg": str(e)[:200]})]) from None
    refs = reference_problems(sub)
    if refs:
        raise InvalidSubmission(source, [Problem(format_path(loc), t, ctx) for loc, t, ctx in refs])
    return sub


def load(path: str | Path):
    """Read and validate one submission file."""
    return validate(read_file(path), str(path))


def loads(text: str, source: str = "<input>", suffix: str = ".yaml"):
    return validate(parse_text(text, source, suffix), source)
