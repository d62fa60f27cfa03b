"""Read a submission file (YAML or JSON) into the model, or explain every problem.

The loader raises only ``InvalidSubmission``: one ``Problem`` per field, each with
the field's path (``plots[1].area_ha``) and a message in Chinese or English.

Loading is bounded, whatever the input (limits below, each named in its refusal):
- a document over ``MAX_BYTES`` is refused before it is parsed;
- YAML is read with libyaml (the C parser) and PyYAML's safe constructor, which builds an alias
  once and shares it; ``inspect`` then walks the data and refuses more than ``MAX_ALIASES``
  alias uses or more than ``MAX_NODES`` values once aliases are expanded (a 6 KB "billion
  laughs" file never reaches validation), nesting deeper than ``MAX_DEPTH`` and strings longer
  than ``MAX_STRING``;
- text holding NUL, control characters (other than tab and line breaks), lone UTF-16 surrogates
  (``"\\ud800"`` in JSON) is refused, naming the field (bidi overrides are accepted; reports
  and messages show them, and any control character, as escapes);
- a submission with more than ``MAX_PLOTS`` plots is refused before the model is built;
- nothing of the user's data is turned into text (``str()``) before validation, except strings and
  small numbers used to name a field.
"""
from __future__ import annotations

from compliance.errors import InvalidInput

import gc
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance import i18n as messages
from compliance.i18n import printable

MAX_BYTES = 64 * 1024 * 1024      # a submission document (file or text)
MAX_PLOTS = 100_000               # plots in one submission (50,000: ~3 s to read, ~1.3 s to check)
MAX_DEPTH = 32                    # nesting of mappings/lists (the format needs 5)
MAX_ALIASES = 1_000               # YAML alias uses in one document
MAX_NODES = 5_000_000             # values that YAML alias expansion adds (a document is bounded by MAX_BYTES)
MAX_STRING = 1024 * 1024          # characters in one text value

# NUL and C0/C1 control characters (tab, LF, CR allowed; ESC is refused, so no terminal escape
# sequence gets in), DEL, lone surrogates. Bidi overrides are accepted and shown escaped on output.
_BAD_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def bad_character(text: str) -> str | None:
    """The first character of ``text`` no stored text may hold (see ``_BAD_TEXT``), else None."""
    m = _BAD_TEXT.search(text)
    return m.group() if m else None


@contextmanager
def paused_gc():
    """Pause the cyclic garbage collector while building many small objects (parsing, validating,
    deriving facts): it would otherwise scan the young objects again and again (~20 % of a load)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


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


def _name(part: Any) -> str:
    """A key as text without calling str() on arbitrary objects (a 5,000-digit integer key raises)."""
    if isinstance(part, str):
        return printable(part[:200])
    if isinstance(part, bool) or part is None:
        return repr(part)
    if isinstance(part, int):
        return str(part) if -10**30 < part < 10**30 else "<integer>"
    if isinstance(part, float):
        return repr(part)
    return f"<{type(part).__name__}>"


def format_path(loc: tuple) -> str:
    """('plots', 1, 'area_ha') -> 'plots[1].area_ha'."""
    out = ""
    for part in loc:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + _name(part)
    return out


class _Refused(Exception):
    def __init__(self, loc: tuple, kind: str, ctx: dict):
        self.loc, self.kind, self.ctx = loc, kind, ctx


def inspect(data: Any, source: str = "<input>", *, parsed: bool = False, tree: bool = False) -> None:
    """Walk parsed data once under the budgets above; raise InvalidSubmission naming the field.

    Containers seen before are alias uses (YAML shares an aliased value); walking into them again is
    what expansion would cost, so the values below them count against ``MAX_NODES`` instead of the
    walk doing it unbounded. ``parsed``: the data came from a document, where a shared container can
    only be a YAML alias (``MAX_ALIASES``); data built in memory may share containers freely.
    ``tree``: no container is shared (what ``json.loads`` returns): the walk keeps no record of the
    containers seen, and a list of numbers only (a polygon's coordinate pair) is not entered --
    nothing in it can be refused; the same refusals, in the same order."""
    try:
        _walk(data, parsed, tree)
    except _Refused as e:
        raise InvalidSubmission(source, [Problem(format_path(e.loc), e.kind, e.ctx)]) from None


_ENTERED = frozenset({dict, list, str})      # what a list must hold for ``tree`` to walk into it


def _walk(root: Any, parsed: bool = True, tree: bool = False) -> None:
    seen: set[int] = set()
    aliases = 0
    nodes = 0
    bad = _BAD_TEXT.search
    stack = [(root, 0, (), False)]
    pop, push = stack.pop, stack.append
    while stack:
        obj, depth, loc, shared = pop()
        t = type(obj)
        if t is dict or t is list:
            if depth >= MAX_DEPTH:
                raise _Refused(loc, "too_deep", {"max": MAX_DEPTH})
            if tree:
                pass
            elif (key := id(obj)) in seen:
                aliases += 1
                shared = True
                if parsed and aliases > MAX_ALIASES:
                    raise _Refused(loc, "too_many_aliases", {"max": MAX_ALIASES})
            else:
                seen.add(key)
            if shared:   # only what alias expansion adds costs beyond the document's own size
                nodes += len(obj)
                if nodes > MAX_NODES:
                    raise _Refused(loc, "too_many_values", {"max": MAX_NODES})
            d = depth + 1
            if t is dict:
                for k, v in obj.items():
                    tk = type(k)
                    if tk is str:
                        if len(k) > 1000 or bad(k):
                            raise _Refused(loc + (k,), "bad_key", {})
                    elif tk not in (int, bool, float) and k is not None:
                        raise _Refused(loc, "bad_key", {})
                    tv = type(v)
                    if tv is str:
                        if len(v) > MAX_STRING:
                            raise _Refused(loc + (k,), "string_too_long", {"max": MAX_STRING})
                        if bad(v):
                            raise _Refused(loc + (k,), "control_character",
                                           {"char": printable(bad(v).group())})
                    elif tv is dict or tv is list:
                        push((v, d, loc + (k,), shared))
            else:
                for i, v in enumerate(obj):
                    tv = type(v)
                    if tv is str:
                        if len(v) > MAX_STRING:
                            raise _Refused(loc + (i,), "string_too_long", {"max": MAX_STRING})
                        if bad(v):
                            raise _Refused(loc + (i,), "control_character",
                                           {"char": printable(bad(v).group())})
                    elif tv is list and tree and d < MAX_DEPTH:
                        for x in v:      # entered only if it holds something that could be refused
                            if type(x) in _ENTERED:
                                push((v, d, loc + (i,), shared))
                                break
                    elif tv is dict or tv is list:
                        push((v, d, loc + (i,), shared))
        elif t is str:
            if len(obj) > MAX_STRING:
                raise _Refused(loc, "string_too_long", {"max": MAX_STRING})
            if bad(obj):
                raise _Refused(loc, "control_character", {"char": printable(bad(obj).group())})


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
        Loader.construct_document = _construct_document
        Loader.resolve = _resolver(base.resolve)
        _LOADER = Loader
    return _LOADER


class _Unusual(Exception):
    """A node the fast constructor leaves to PyYAML's own (explicit tags, merge keys, odd keys)."""


_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?\Z")
_RESOLVE_CACHE_MAX = 50_000     # distinct short plain scalars remembered per document


def _resolver(resolve):
    """The implicit tag of a plain scalar, remembered per distinct short value within a document
    (codes, dates and names repeat on every plot; each would otherwise run the resolver's regexes)."""
    from yaml.nodes import ScalarNode

    def cached(self, kind, value, implicit):
        if kind is not ScalarNode or len(value) > 64:
            return resolve(self, kind, value, implicit)
        cache = self.__dict__.get("_tags")
        if cache is None:
            cache = self.__dict__["_tags"] = {}
        key = (value, implicit)
        tag = cache.get(key)
        if tag is None:
            tag = resolve(self, kind, value, implicit)
            if len(cache) < _RESOLVE_CACHE_MAX:
                cache[key] = tag
        return tag

    return cached


def _construct_document(self, node):
    """PyYAML's safe construction of a document, done by one direct walk of the node tree for the
    plain YAML a submission is (str/int/float/bool/null scalars, sequences, mappings): the same
    objects, an aliased node built once and shared (so ``inspect`` still counts alias uses), repeated
    keys refused as ``mapping`` does. Anything else (explicit tags, merge keys, keys that are
    collections) is handed to PyYAML's own constructor for the whole document."""
    from yaml.constructor import SafeConstructor
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    STR, INT, FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
    BOOL, NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
    SEQ, MAP, MERGE = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "tag:yaml.org,2002:merge"
    bool_values = self.bool_values
    built: dict[int, Any] = {}          # id(node) -> its container (alias uses share it)
    int_match, float_match = _INT.match, _FLOAT.match

    def build(node):
        cls, tag = node.__class__, node.tag
        if cls is ScalarNode:
            v = node.value
            if tag == STR:
                return v
            if tag == INT:
                return int(v) if int_match(v) else self.construct_yaml_int(node)
            if tag == FLOAT:
                return float(v) if float_match(v) else self.construct_yaml_float(node)
            if tag == BOOL:
                return bool_values[v.lower()]
            if tag == NULL:
                return None
            raise _Unusual
        got = built.get(id(node))
        if got is not None:
            return got
        if cls is SequenceNode and tag == SEQ:
            out: Any = []
            built[id(node)] = out
            for child in node.value:
                out.append(build(child))
            return out
        if cls is MappingNode and tag == MAP:
            out = {}
            built[id(node)] = out
            keys = []
            seen = set()
            for key_node, _ in node.value:      # keys first, repeats refused before any value is built
                if key_node.tag == MERGE:
                    raise _Unusual
                key = build(key_node)
                if key.__class__ in (str, int, float, bool):
                    if key in seen:
                        raise _DuplicateKey(key, key_node.start_mark.line + 1)
                    seen.add(key)
                elif key is not None:
                    raise _Unusual
                keys.append(key)
            for key, (_, value_node) in zip(keys, node.value):
                out[key] = build(value_node)
            return out
        raise _Unusual

    try:
        return build(node)
    except _Unusual:
        return SafeConstructor.construct_document(self, node)


def _json_pairs(pairs):
    out = dict(pairs)
    if len(out) != len(pairs):
        seen = set()
        for k, _ in pairs:
            if k in seen:
                raise _DuplicateKey(printable(k[:200]), "?")
            seen.add(k)
    return out


def parse_text(text: str, source: str = "<input>", suffix: str = "") -> Any:
    """Parse YAML or JSON text into plain data; syntax errors become a Problem."""
    import yaml

    if len(text) > MAX_BYTES:
        raise InvalidSubmission(source, [Problem("", "file_too_large", {"size": len(text), "max": MAX_BYTES})])
    try:
        with paused_gc():
            if suffix == ".json":
                # strict=False: a raw control character is reported by the field holding it (inspect)
                data = json.loads(text, object_pairs_hook=_json_pairs, strict=False)
            else:
                data = yaml.load(text, Loader=_yaml_loader())
    except _DuplicateKey as e:
        kind = "duplicate_key" if e.line != "?" else "duplicate_key_json"
        raise InvalidSubmission(source, [Problem("", kind, {"key": e.key, "line": e.line})])
    except json.JSONDecodeError as e:
        raise InvalidSubmission(source, [Problem("", "json_syntax", {"line": e.lineno, "column": e.colno, "msg": e.msg})])
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        ctx = {"line": mark.line + 1 if mark else "?", "column": mark.column + 1 if mark else "?",
               "msg": printable(str(getattr(e, "problem", None) or str(e).splitlines()[0])[:200])}
        raise InvalidSubmission(source, [Problem("", "yaml_syntax", ctx)])
    except RecursionError:                      # nested far deeper than the format ever needs
        raise InvalidSubmission(source, [Problem("", "too_deep", {"max": MAX_DEPTH})]) from None
    except ValueError as e:                     # over-long integers, bad escapes
        kind = "json_syntax" if suffix == ".json" else "yaml_syntax"
        raise InvalidSubmission(source, [Problem("", kind, {"line": "?", "column": "?", "msg": str(e).splitlines()[0][:200]})])
    except MemoryError:
        raise InvalidSubmission(source, [Problem("", "file_too_large", {"size": len(text), "max": MAX_BYTES})])
    inspect(data, source, parsed=True, tree=suffix == ".json")     # json.loads shares no container
    return data


def read_file(path: str | Path) -> Any:
    p = Path(path)
    source = str(path)
    try:
        if p.is_dir():
            raise InvalidSubmission(source, [Problem("", "is_directory", {})])
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InvalidSubmission(source, [Problem("", "file_too_large", {"size": size, "max": MAX_BYTES})])
        with p.open("rb") as fh:     # bounded: a device (/dev/zero) or pipe reports no size
            raw = fh.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise InvalidSubmission(source, [Problem("", "file_too_large", {"size": len(raw), "max": MAX_BYTES})])
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


def validate(data: Any, source: str = "<input>", base_dir: str | Path | None = None, *, inspected: bool = False):
    """Validate plain data as a Submission; raise InvalidSubmission listing every problem.

    Data that did not come through ``parse_text`` (workbook rows, a service's JSON body) is first
    walked by ``inspect`` (control characters, depth, sizes), unless ``inspected``.
    ``base_dir``: the folder a relative ``project.geometry_file`` is read from (default: the
    working directory)."""
    from pydantic import ValidationError

    from compliance.submission.model import Submission, reference_problems

    if data is None:          # an empty document (or only comments)
        raise InvalidSubmission(source, [Problem("", "empty_document", {})])
    if not isinstance(data, dict):
        raise InvalidSubmission(source, [Problem("", "not_a_mapping", {"type": type(data).__name__})])
    if not inspected:
        inspect(data, source)
    plots = data.get("plots")
    if isinstance(plots, list) and len(plots) > MAX_PLOTS:
        raise InvalidSubmission(source, [Problem("plots", "too_many_plots", {"count": len(plots), "max": MAX_PLOTS})])
    try:
        with paused_gc():
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
            ctx = {k: (printable(str(v)[:300]) if not isinstance(v, (int, float)) else v) for k, v in (err.get("ctx") or {}).items()}
            inp = err.get("input")
            if isinstance(inp, str):
                inp = printable(inp[:200])
            elif isinstance(inp, int) and not isinstance(inp, bool) and not -10**30 < inp < 10**30:
                inp = None
            problems.append(Problem(path, err["type"], ctx, inp if isinstance(inp, (str, int, float, bool)) or inp is None else None))
        raise InvalidSubmission(source, problems) from None
    except (RecursionError, OverflowError) as e:
        raise InvalidSubmission(source, [Problem("", "unreadable", {"msg": str(e)[:200]})]) from None
    refs = reference_problems(sub)
    if refs:
        raise InvalidSubmission(source, [Problem(format_path(loc), t, ctx) for loc, t, ctx in refs])
    _attach_geometry(sub, source, base_dir)
    return sub


def _attach_geometry(sub, source: str, base_dir) -> None:
    """Read the plots' geometry now (a missing file or an unreadable coordinate system is bad
    input, reported like any other field), so checking never meets it later."""
    if not sub.has_geometry():
        return      # the geometry stack (numpy, shapely, pyproj) is not imported
    from compliance.submission import geometry

    try:
        geometry.resolve(sub, Path(base_dir) if base_dir is not None else None)
    except geometry.GeometryInputError as e:
        raise InvalidSubmission(source, [Problem(path, "geometry", {"zh": zh, "en": en}) for path, zh, en in e.problems]) from None


def load(path: str | Path):
    """Read and validate one submission file."""
    return validate(read_file(path), str(path), Path(path).parent, inspected=True)


def loads(text: str, source: str = "<input>", suffix: str = ".yaml"):
    return validate(parse_text(text, source, suffix), source, inspected=True)
