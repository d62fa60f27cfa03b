"""Many submissions in tabular form: an .xlsx workbook or a folder of CSV files.

Layout (SUBMISSION.md "Tabular form"). The header is row 1; row numbers in every message
are the ones a spreadsheet shows. Column names are the field names of the submission model;
values may be codes or their Chinese labels (``湘林碳票`` = ``XLTP``), as in YAML.

Sheets (a CSV folder holds ``projects.csv``, ``parties.csv`` … with the same columns;
Chinese sheet names 项目、当事方、地块、协议、审核、公示、其他登记 are accepted too):

``projects`` (required) — one row per project
    ``project_id`` (the project's id), ``developer`` (a party id from ``parties``),
    ``as_of`` (optional judging date), then the ``project`` fields: ``name``, ``province``,
    ``mechanism``, ``methodology``, ``stage``, ``milestones.development`` … ``milestones.trading``,
    ``start_date``, ``crediting_period.start``, ``crediting_period.end``, ``trading_venue``,
    ``registry``, ``validator``, ``verifier``, ``justification.reason``,
    ``justification.reviewed_by``, ``justification.date``, ``insurance``.
``parties`` (required) — developers and rights holders
    ``project_id`` (empty: a party shared by every project, e.g. a developer with many
    projects), ``id``, ``name``, ``kind``, ``uscc``, ``id_number``, ``address``,
    ``representative``, ``phone``. A project's rights holders are its own parties plus the
    shared parties its plots and agreements refer to.
``plots`` (required) — one row per plot
    ``project_id``, ``id``, ``county``, ``land_type``, ``forest_type``, ``economic_forest``
    (true/false/是/否), ``area_ha``, ``measure``, ``holder``, ``tenure``, ``certificate``,
    ``right_term_end``, ``non_forest_since``, ``boundaries.east`` … ``boundaries.north``,
    ``forest_class``.
``agreements`` (required) — one row per agreement
    ``project_id``, ``kind``, ``signed``, ``parties``, ``transferors``, ``transferee``, ``mode``,
    ``plots``, ``term.start``, ``term.end``, ``price.amount_yuan``, ``price.per``,
    ``price.payment``, ``consent.body``, ``consent.in_favour``, ``consent.members``,
    ``consent.notice.start``, ``consent.notice.end``, ``consent.resolution_date``,
    ``township_approval.authority`` / ``.date`` / ``.reference``, ``household_entrustments``,
    ``development_deadline``, ``shares``, ``payment_schedule``, ``clauses``, ``signatory``,
    ``reference``.
``reviews``, ``notices``, ``registrations`` (optional) — the list-valued project fields
    ``project.reviews`` (``kind``, ``authority``, ``division``, ``date``, ``reference``),
    ``project.public_notices`` (``document``, ``start``, ``end``, ``reference``) and
    ``project.other_registrations`` (``mechanism``, ``id``, ``plots``, ``status``, ``date``),
    one row each, with ``project_id``. Any other list of records in ``project`` (as the model
    grows: ``reduction_batches``, ``retirements`` …) has an optional sheet named after the field.

Cell conventions: list-valued fields are semicolon-separated (``DEV; RH1; RH2``);
mappings are ``key:value`` pairs separated by semicolons (``shares`` = ``DEV:0.35; RH1:0.5;
RH2:0.15``, ``household_entrustments`` = ``RH2:2026-02-01``); nested fields use dotted
column names (``crediting_period.start``, ``price.amount_yuan``, ``consent.in_favour``); a
mapping may also be spread over dotted columns (``milestones.design``). An empty cell is an
absent value. Columns named ``备注``/``note``/``notes`` or starting with ``#`` are ignored;
any other unknown column is reported (header row) and ignored. Codes such as ID numbers
should be typed as text in Excel (a number loses digits).

The columns are derived from the pydantic model, so a field added to the model is a column
without a change here. Each project's rows become the same nested dict a YAML file gives and
are validated with ``compliance.submission.files.validate``; its problems (``plots[3].area_ha``) are mapped
back to sheet, row and column. A bad row makes only its own project invalid: the others are
still checked.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import types
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Iterator, Optional, Union, get_args, get_origin

from compliance.submission.files import InvalidSubmission, Problem

REQUIRED_SHEETS = ("projects", "parties", "plots", "agreements")
SHEET_ALIASES = {
    "项目": "projects", "project": "projects", "当事方": "parties", "主体": "parties", "地块": "plots", "小班": "plots",
    "协议": "agreements", "审核": "reviews", "公示": "notices", "其他登记": "registrations",
}
# project fields that are lists of records get one optional sheet each, named after the field
# except for these shorter names
SHEET_NAME_OF_FIELD = {"public_notices": "notices", "other_registrations": "registrations"}
KEY = "project_id"
COMMENT_COLUMNS = {"备注", "说明", "note", "notes", "remark", "remarks", "comment", "comments"}
TRUE_WORDS = {"是", "对", "有", "真"}
FALSE_WORDS = {"否", "不是", "无", "假"}
_SPLIT = re.compile(r"[;；\n]")
_PAIR = re.compile(r"\s*([^:：=]+?)\s*[:：=]\s*(.+?)\s*$")

# --------------------------------------------------------------------------- messages
TABULAR_MESSAGES: dict[str, tuple[str, str]] = {
    "tabular_format": ("应为 .xlsx 工作簿，或包含 projects.csv、parties.csv、plots.csv、agreements.csv 的目录",
                       "expected an .xlsx workbook or a folder holding projects.csv, parties.csv, plots.csv, agreements.csv"),
    "workbook_unreadable": ("无法读取工作簿：{msg}", "cannot read the workbook: {msg}"),
    "workbook_expands": ("工作簿解压后过大（{size} 字节，上限 {max} 字节）：请拆分，或用 CSV 目录 / Parquet 分区",
                         "the workbook inflates too far ({size} bytes, limit {max}): split it, or use a CSV folder / Parquet partitions"),
    "missing_sheet": ("缺少工作表 {sheet}（必需：projects、parties、plots、agreements）",
                      "sheet {sheet} is missing (required: projects, parties, plots, agreements)"),
    "missing_column": ("工作表缺少必需的列 {column}", "the sheet lacks the required column {column}"),
    "unknown_column": ("未知列 {column}，已忽略（列名见 compliance.submission.workbook 说明或示例工作簿的“说明”表；备注列请命名为“备注”或以 # 开头）",
                       "unknown column {column}, ignored (see the column layout in compliance.submission.workbook or the example's README sheet; "
                       "name a notes column 'notes' or start it with #)"),
    "unknown_project": ("项目 {value} 不在 projects 表中，该行未使用", "project {value} is not in the projects sheet; the row was not used"),
    "duplicate_project": ("项目编号 {value} 在 projects 表中重复，该项目未检查", "project id {value} appears twice in the projects sheet; the project was not checked"),
    "duplicate_party": ("当事方 id {value} 重复（同一项目内或共享当事方中）", "party id {value} appears twice (within a project or among shared parties)"),
    "bad_pairs": ("应为以分号分隔的“键:值”（如 DEV:0.35; RH1:0.65），实际为 {value}",
                  "expected key:value pairs separated by semicolons (e.g. DEV:0.35; RH1:0.65), got {value}"),
    "bad_cell": ("无法读取单元格：{value}", "cannot read the cell: {value}"),
}


class TabularProblem(Problem):
    """A problem found while reading rows (before the model sees them)."""

    def message(self, lang: str = "zh") -> str:
        from compliance import i18n as messages

        pair = TABULAR_MESSAGES.get(self.type)
        if pair is None:
            return messages.validation_message(self.type, self.ctx, self.input, lang)
        values = {"value": self.input, **(self.ctx or {})}
        return messages._fill(pair[0 if lang == "zh" else 1], values)


@dataclass
class RowError:
    """One input problem, located as the user sees it: sheet, row (header = 1), column."""

    sheet: str
    row: int
    column: str
    project: str
    problem: Problem
    path: str = ""          # the model path it came from, when it came from validation

    def where(self, lang: str = "zh") -> str:
        if lang == "zh":
            return f"{self.sheet} 表第 {self.row} 行" + (f" {self.column} 列" if self.column else "")
        return f"sheet {self.sheet}, row {self.row}" + (f", column {self.column}" if self.column else "")

    def message(self, lang: str = "zh") -> str:
        return self.problem.message(lang)

    def render(self, lang: str = "zh") -> str:
        from compliance.submission.files import printable

        who = ""
        if self.project:
            project = printable(self.project)
            who = f"（项目 {project}）" if lang == "zh" else f" (project {project})"
        return f"{self.where(lang)}{who}：{self.message(lang)}" if lang == "zh" else f"{self.where(lang)}{who}: {self.message(lang)}"

    def as_dict(self, lang: str = "zh") -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "project": self.project,
                "type": self.problem.type, "path": self.path, "message": self.message(lang)}


# --------------------------------------------------------------------------- columns from the model
def _unwrap(tp: Any) -> Any:
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
            continue
        if origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) == 1:
                tp = args[0]
                continue
        return tp


def _models_in(tp: Any) -> list[type]:
    """Every pydantic model class inside an annotation (unions of tagged models included)."""
    from pydantic import BaseModel

    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    out: list[type] = []
    for a in get_args(tp):
        for m in _models_in(a):
            if m not in out:
                out.append(m)
    return out


def _shape(tp: Any) -> tuple[str, Any]:
    from pydantic import BaseModel

    tp = _unwrap(tp)
    origin = get_origin(tp)
    if origin in (list, tuple, set, frozenset):
        args = get_args(tp)
        models = _models_in(args[0]) if args else []
        return ("records", models[0]) if models else ("list", None)
    if origin is dict:
        return "map", None
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return "model", tp
    if tp is bool:
        return "bool", None
    return "scalar", None


def _columns_of(models: list[type], prefix: str = "") -> dict[str, str]:
    """column name -> kind (scalar, bool, list, map, pairs, records) for one or more models."""
    out: dict[str, str] = {}
    for model in models:
        for name, info in model.model_fields.items():
            col = prefix + name
            kind, sub = _shape(info.annotation)
            if kind == "model":
                out.update(_columns_of([sub], col + "."))
            elif kind == "records":
                out.setdefault(col, "pairs" if len(sub.model_fields) == 2 else "records")
            else:
                out.setdefault(col, kind)
    return out


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: dict[str, str]     # column -> kind
    pair_fields: dict[str, tuple[str, str]]   # pairs column -> the two field names
    field: str = ""                  # for an optional list sheet: the project field it fills


@lru_cache(maxsize=1)
def specs() -> dict[str, SheetSpec]:
    """The columns of every sheet, derived from the submission model."""
    from compliance.submission.model import Submission

    fields = Submission.model_fields
    project_model = _models_in(fields["project"].annotation)[0]
    party_model = _models_in(fields["developer"].annotation)[0]
    plot_model = _models_in(fields["plots"].annotation)[0]
    agreement_models = _models_in(get_args(_unwrap(fields["agreements"].annotation))[0])

    def pairs_of(models):
        out = {}
        for m in models:
            for name, info in m.model_fields.items():
                kind, sub = _shape(info.annotation)
                if kind == "records" and len(sub.model_fields) == 2:
                    out[name] = tuple(sub.model_fields)
        return out

    project_cols = {k: v for k, v in _columns_of([project_model]).items() if v != "records" and k != "id"}
    project_cols = {KEY: "scalar", "developer": "scalar", "as_of": "scalar", **project_cols}
    out = {
        "projects": SheetSpec("projects", project_cols, {}),
        "parties": SheetSpec("parties", {KEY: "scalar", **_columns_of([party_model])}, {}),
        "plots": SheetSpec("plots", {KEY: "scalar", **_columns_of([plot_model])}, {}),
        "agreements": SheetSpec("agreements", {KEY: "scalar", **_columns_of(agreement_models)}, pairs_of(agreement_models)),
    }
    for field_name, info in project_model.model_fields.items():
        kind, sub = _shape(info.annotation)
        if kind == "records":
            sheet = SHEET_NAME_OF_FIELD.get(field_name, field_name)
            out[sheet] = SheetSpec(sheet, {KEY: "scalar", **_columns_of([sub])}, pairs_of([sub]), field_name)
    return out


def list_sheets() -> dict[str, str]:
    """Project field -> its optional sheet (reviews, notices, registrations, and any list the model adds)."""
    return {spec.field: name for name, spec in specs().items() if spec.field}


def sheet_names() -> tuple[str, ...]:
    return tuple(specs())


def optional_sheets() -> tuple[str, ...]:
    return tuple(n for n in specs() if n not in REQUIRED_SHEETS)


def column_kind(spec: SheetSpec, column: str) -> Optional[str]:
    """The kind of a column, or None when the sheet has no such column."""
    kind = spec.columns.get(column)
    if kind is not None:
        return None if kind == "records" else kind
    head, dot, _ = column.rpartition(".")
    if dot and spec.columns.get(head) == "map":     # milestones.design, shares.DEV
        return "scalar"
    return None


def is_comment(column: str) -> bool:
    c = column.strip()
    return not c or c.startswith("#") or c.lower() in COMMENT_COLUMNS or c.startswith("Unnamed:")


# --------------------------------------------------------------------------- reading
@dataclass
class Tables:
    source: str
    frames: dict[str, Any]          # sheet -> DataFrame (object dtype)
    names: dict[str, str] = field(default_factory=dict)    # sheet -> the name the file gives it (项目, project …)


def _sheet_name(name: str) -> str:
    n = str(name).strip()
    return SHEET_ALIASES.get(n, n.lower())


MAX_UNZIPPED_BYTES = 256 * 1024 * 1024   # a workbook's parts once inflated (~450,000 plot rows; more: CSV or Parquet)


def inflated_size(p: Path) -> int | None:
    """The size of a workbook's parts once inflated, from the zip directory (nothing is inflated);
    None when it is not a zip (the reader then names the problem)."""
    import zipfile

    try:
        with zipfile.ZipFile(p) as z:
            return sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _check_inflated_size(p: Path, source: str) -> None:
    """Refuse a workbook whose parts inflate beyond MAX_UNZIPPED_BYTES (a zip bomb: a 1 MB file held
    1.4 GB while parsed) before it is parsed."""
    size = inflated_size(p)
    if size is not None and size > MAX_UNZIPPED_BYTES:
        raise InvalidSubmission(source, [TabularProblem("", "workbook_expands", {"size": size, "max": MAX_UNZIPPED_BYTES})])


def read_tables(path: str | Path) -> Tables:
    """Read the sheets of a workbook or a CSV folder with pandas; fatal problems raise InvalidSubmission."""
    import pandas as pd

    p = Path(path)
    source = str(path)
    frames: dict[str, Any] = {}
    names: dict[str, str] = {}
    if not p.exists():
        raise InvalidSubmission(source, [Problem("", "file_not_found", {})])
    if p.is_dir():
        for f in sorted(p.iterdir()):
            if f.suffix.lower() != ".csv":
                continue
            sheet = _sheet_name(f.stem)
            if sheet not in specs():
                continue
            frames[sheet] = _read_csv(f, source)
        if not frames:
            raise InvalidSubmission(source, [TabularProblem("", "tabular_format", {})])
    elif p.suffix.lower() in (".xlsx", ".xlsm"):
        _check_inflated_size(p, source)
        try:
            book = pd.read_excel(p, sheet_name=None, dtype=object, engine=excel_engine())
        except PermissionError:
            raise InvalidSubmission(source, [Problem("", "file_unreadable", {})])
        except Exception as e:   # BadZipFile, XML errors, openpyxl's own: never a traceback
            raise InvalidSubmission(source, [TabularProblem("", "workbook_unreadable", {"msg": str(e)[:200] or type(e).__name__})])
        for name, df in book.items():
            sheet = _sheet_name(name)
            if sheet in specs() and sheet not in frames:
                frames[sheet] = df
                names[sheet] = str(name).strip()
    else:
        raise InvalidSubmission(source, [TabularProblem("", "tabular_format", {})])
    missing = [s for s in REQUIRED_SHEETS if s not in frames]
    if missing:
        raise InvalidSubmission(source, [TabularProblem(s, "missing_sheet", {"sheet": s}) for s in missing])
    for sheet, df in frames.items():
        df.columns = [header_name(c) for c in df.columns]
    return Tables(source, frames, names)


def header_name(cell: Any) -> str:
    """The column name of a header cell. A header of several lines (``面积（公顷）*`` over ``area_ha``,
    as `compliance new` writes them) is named by its last line; the lines above are its label."""
    lines = [ln.strip() for ln in str(cell).strip().splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def excel_engine() -> str:
    """python-calamine (Rust) reads a 200,000-row workbook ~10x faster than openpyxl, with the same
    values (dates as datetimes, blank rows kept); openpyxl when it is not installed."""
    from importlib.util import find_spec

    return "calamine" if find_spec("python_calamine") is not None else "openpyxl"


def _read_csv(f: Path, source: str):
    import pandas as pd

    last: Exception | None = None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return pd.read_csv(f, dtype=object, keep_default_na=False, skip_blank_lines=False, encoding=enc)
        except UnicodeDecodeError as e:
            last = e
            continue
        except PermissionError:
            raise InvalidSubmission(f"{source}/{f.name}", [Problem("", "file_unreadable", {})])
        except Exception as e:   # pandas.errors.ParserError, EmptyDataError
            raise InvalidSubmission(f"{source}/{f.name}", [TabularProblem("", "workbook_unreadable", {"msg": str(e)[:200]})])
    raise InvalidSubmission(f"{source}/{f.name}", [Problem("", "encoding", {"msg": str(last)})])


def cell(v: Any) -> Any:
    """A spreadsheet value as the model wants it: None for empty, dates as dates, 8.0 as 8."""
    if v is None:
        return None
    if isinstance(v, str):
        v = v.strip()
        return v or None
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return None
        if v.is_integer() and abs(v) < 2 ** 53:
            return int(v)
        return v
    if isinstance(v, dt.datetime):    # pandas.Timestamp too
        try:
            if v != v:    # NaT
                return None
        except TypeError:
            pass
        if (v.hour, v.minute, v.second, v.microsecond) == (0, 0, 0, 0):
            return v.date()
        return v.isoformat(sep=" ")
    if isinstance(v, (int, dt.date)):
        return v
    try:
        import numpy as np

        if isinstance(v, np.generic):
            return cell(v.item())
    except ImportError:   # pragma: no cover
        pass
    try:
        if v != v:      # NaN-likes (pd.NA compare raises)
            return None
    except TypeError:
        return None
    return str(v)


def _text(v: Any) -> str:
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def split_list(v: Any) -> list[str]:
    return [x.strip() for x in _SPLIT.split(_text(v)) if x.strip()]


def split_pairs(v: Any) -> Optional[list[tuple[str, str]]]:
    out = []
    for part in split_list(v):
        m = _PAIR.match(part)
        if not m:
            return None
        out.append((m.group(1), m.group(2)))
    return out


def normalise_certificate(v: Any) -> str:
    """Compare certificates as printed: full-width brackets, spaces and case do not matter."""
    if v is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(v))).upper()


# --------------------------------------------------------------------------- rows -> nested dicts
def _set(out: dict, parts: list[str], value: Any) -> None:
    d = out
    for p in parts[:-1]:
        nxt = d.get(p)
        if not isinstance(nxt, dict):
            nxt = {}
            d[p] = nxt
        d = nxt
    last = parts[-1]
    if isinstance(d.get(last), dict) and isinstance(value, dict):
        d[last].update(value)
    else:
        d[last] = value


@dataclass
class Sheet:
    """One sheet as column lists, with row numbers and the project each row belongs to."""

    name: str
    spec: SheetSpec
    columns: list[str]                 # usable columns (unknown ones dropped)
    values: dict[str, list]            # column -> raw cell values
    rows: list[int]                    # spreadsheet row number per row
    keys: list[Optional[str]]          # project_id per row (None: empty)
    present: list[bool]                # row has any value
    plans: dict = field(default_factory=dict)
    bad: list = field(default_factory=list)    # (row index, column, character): control characters, shown escaped
    long_text: bool = False                    # a text cell longer than INSPECTED_TEXT (then files.inspect walks the data)

    def __len__(self) -> int:
        return len(self.rows)

    def get(self, column: str, i: int) -> Any:
        values = self.values.get(column)
        return None if values is None else values[i]


def _prepare(name: str, df, errors: list[RowError]) -> Sheet:
    spec = specs()[name]
    columns: list[str] = []
    for col in df.columns:
        if is_comment(col):
            continue
        if column_kind(spec, col) is None:
            errors.append(RowError(name, 1, col, "", TabularProblem("", "unknown_column", {"column": col}, col)))
            continue
        if col in columns:
            continue
        columns.append(col)
    n = len(df)
    values = {c: (df[c].iloc[:, 0] if list(df.columns).count(c) > 1 else df[c]).tolist() for c in columns}
    present = [False] * n
    for c in columns:
        col = values[c]
        for i, v in enumerate(col):
            if v.__class__ is str:       # CSV cells: the common case, kept fast
                v = v.strip() or None
            else:
                v = cell(v)
            col[i] = v
            if v is not None:
                present[i] = True
    longest: dict[str, int] = {}
    bad = _control_characters(values, columns, longest)
    long_text = any(n > _text_limit(spec, c) for c, n in longest.items())
    keys: list[Optional[str]] = [None] * n
    if KEY in values:
        keys = [None if v is None else _text(v) for v in values[KEY]]
    return Sheet(name, spec, columns, values, [i + 2 for i in range(n)], keys, present, bad=bad, long_text=long_text)


# Cells within these lengths (and free of control characters, which the reader makes row errors) give
# project dicts that already meet every bound ``files.inspect`` checks: keys are known column names or
# parts of a map cell (so under its 1,000-character key limit), nesting is the columns' own, no text
# value exceeds MAX_STRING, nothing is shared. Such data is validated with ``inspected=True``.
INSPECTED_TEXT = 1000       # a map cell (its keys are parts of it)


def _text_limit(spec, column: str) -> int:
    from compliance.submission.files import MAX_STRING

    return INSPECTED_TEXT if column_kind(spec, column) == "map" else MAX_STRING


def _control_characters(values: dict[str, list], columns: list[str],
                        longest: dict[str, int] | None = None) -> list[tuple[int, str, str]]:
    """Cells holding NUL/control characters or lone surrogates: each becomes a row error of its project
    (never a crash in the report or the terminal); the cell keeps its text with the characters escaped.
    ``longest``: filled with each column's longest text (before escaping)."""
    from compliance.submission.files import _BAD_TEXT, printable

    found = []
    for c in columns:
        col = values[c]
        texts = [v for v in col if v.__class__ is str]
        if longest is not None:
            longest[c] = max(map(len, texts), default=0)
        if not texts or not _BAD_TEXT.search("\n".join(texts)):     # one scan per column
            continue
        for i, v in enumerate(col):
            if v.__class__ is str:
                m = _BAD_TEXT.search(v)
                if m:
                    found.append((i, c, printable(m.group())))
                    col[i] = printable(v)
    return found


def _plan(sheet: Sheet, skip: tuple[str, ...]) -> list[tuple[str, list, str, Optional[list[str]]]]:
    """Per column: its values, kind and dotted parts (None for a plain column), computed once per sheet."""
    key = skip
    plan = sheet.plans.get(key)
    if plan is None:
        plan = []
        for col in sheet.columns:
            if col in skip:
                continue
            parts = col.split(".")
            plan.append((col, sheet.values[col], column_kind(sheet.spec, col), parts if len(parts) > 1 else None))
        sheet.plans[key] = plan
    return plan


def row_dict(sheet: Sheet, i: int, project: str, errors: list[RowError], skip: tuple[str, ...] = (KEY,)) -> dict:
    """The nested dict of one row (dotted columns nested, lists split, pairs parsed)."""
    out: dict = {}
    for col, values, kind, parts in _plan(sheet, skip):
        v = values[i]
        if v is None:
            continue
        if kind == "scalar":
            pass
        elif kind == "list":
            v = split_list(v)
        elif kind == "map" or kind == "pairs":
            pairs = split_pairs(v)
            if pairs is None:
                errors.append(RowError(sheet.name, sheet.rows[i], col, project, TabularProblem("", "bad_pairs", {}, _text(v))))
                continue
            if kind == "map":
                v = dict(pairs)
            else:
                a, b = sheet.spec.pair_fields[col]
                v = [{a: x, b: y} for x, y in pairs]
        elif kind == "bool" and isinstance(v, str):
            if v in TRUE_WORDS:
                v = True
            elif v in FALSE_WORDS:
                v = False
        if parts is None:
            out[col] = v
        else:
            _set(out, parts, v)
    return out


# --------------------------------------------------------------------------- projects
@dataclass
class Origin:
    """Where each part of a project's submission came from (sheet row numbers)."""

    project_row: int
    developer: Optional[int] = None                 # parties row
    rights_holders: list[int] = field(default_factory=list)
    plots: list[int] = field(default_factory=list)
    agreements: list[int] = field(default_factory=list)
    lists: dict[str, list[int]] = field(default_factory=dict)     # reviews / public_notices / ... -> rows

    def row_of(self, part: str, index: int) -> Optional[int]:
        rows = {"rights_holders": self.rights_holders, "plots": self.plots, "agreements": self.agreements}.get(part)
        if rows is None:
            rows = self.lists.get(part, [])
        return rows[index] if 0 <= index < len(rows) else None


@dataclass
class ProjectInput:
    index: int                  # order in the projects sheet
    project_id: str
    data: dict                  # the nested submission dict (bad cells left out)
    origin: Origin
    row_errors: list[RowError] = field(default_factory=list)    # problems found while reading the rows
    plot_count: int = 0

    @property
    def readable(self) -> bool:
        """No problem while reading the rows: the dict can go to the checker."""
        return not self.row_errors


class Portfolio:
    """A read workbook: every project's rows, assembled on demand into submission dicts."""

    def __init__(self, tables: Tables):
        self.source = tables.source
        self.sheet_names = dict(tables.names)
        self.errors: list[RowError] = []       # problems not tied to one valid project
        self.sheets: dict[str, Sheet] = {}
        for name in sheet_names():
            if name in tables.frames:
                self.sheets[name] = _prepare(name, tables.frames[name], self.errors)
        single = self._single_project()
        for name in ("projects", "plots", "agreements", *optional_sheets()):
            sh = self.sheets.get(name)
            if sh is not None and KEY not in sh.columns and single is not None and name != "projects":
                # a one-project workbook (`compliance new`): rows without project_id belong to the project
                sh.keys = [single] * len(sh)
                continue
            if sh is not None and KEY not in sh.columns:
                raise InvalidSubmission(self.source, [TabularProblem(f"{name}", "missing_column", {"column": KEY})])
        self._index()
        # cells with control characters: row errors of their project (which is then not checked)
        self.tainted: dict[str, list[RowError]] = {}
        for name, sh in self.sheets.items():
            for i, col, char in sh.bad:
                pid = sh.keys[i]
                err = RowError(name, sh.rows[i], col, pid or "", TabularProblem("", "control_character", {"char": char}))
                if pid in self.project_rows:
                    self.tainted.setdefault(pid, []).append(err)
                else:
                    self.errors.append(err)

    def _single_project(self) -> Optional[str]:
        """The project id when the projects sheet holds exactly one project, else None."""
        sh = self.sheets.get("projects")
        if sh is None or KEY not in sh.columns:
            return None
        ids = {k for k, present in zip(sh.keys, sh.present) if present and k is not None}
        if len(ids) != 1:
            return None
        single = ids.pop()
        parties = self.sheets.get("parties")
        if parties is not None and KEY not in parties.columns:
            parties.keys = [single] * len(parties)
        return single

    # -- grouping rows by project ------------------------------------------------------
    def _index(self) -> None:
        projects = self.sheets["projects"]
        self.order: list[str] = []
        self.project_rows: dict[str, int] = {}
        self.duplicates: dict[str, list[int]] = {}
        for i in range(len(projects)):
            if not projects.present[i]:
                continue
            pid = projects.keys[i]
            if pid is None:
                self.errors.append(RowError("projects", projects.rows[i], KEY, "", Problem(KEY, "missing", {})))
                continue
            if pid in self.project_rows:
                self.duplicates.setdefault(pid, []).append(i)
                continue
            self.project_rows[pid] = i
            self.order.append(pid)
        self.members: dict[str, dict[str, list[int]]] = {}
        self.shared_parties: dict[str, int] = {}
        for name in ("parties", "plots", "agreements", *optional_sheets()):
            sh = self.sheets.get(name)
            if sh is None:
                continue
            groups: dict[str, list[int]] = {}
            for i in range(len(sh)):
                if not sh.present[i]:
                    continue
                pid = sh.keys[i]
                if pid is None:
                    if name == "parties":
                        self._add_shared_party(sh, i)
                    else:
                        self.errors.append(RowError(name, sh.rows[i], KEY, "", Problem(KEY, "missing", {})))
                    continue
                if pid not in self.project_rows:
                    self.errors.append(RowError(name, sh.rows[i], KEY, "", TabularProblem("", "unknown_project", {}, pid)))
                    continue
                groups.setdefault(pid, []).append(i)
            self.members[name] = groups

    def _add_shared_party(self, sh: Sheet, i: int) -> None:
        pid = sh.get("id", i)
        if pid is None:
            self.errors.append(RowError("parties", sh.rows[i], "id", "", Problem("id", "missing", {})))
            return
        pid = _text(pid)
        if pid in self.shared_parties:
            self.errors.append(RowError("parties", sh.rows[i], "id", "", TabularProblem("", "duplicate_party", {}, pid)))
            return
        self.shared_parties[pid] = i

    def __len__(self) -> int:
        return len(self.order)

    @property
    def inspected(self) -> bool:
        """Every project dict of this workbook meets ``files.inspect``'s bounds by construction (no
        text cell over ``INSPECTED_TEXT`` characters; control characters are row errors already)."""
        return not any(sh.long_text for sh in self.sheets.values())

    def plot_count(self, pid: str) -> int:
        return len(self.members.get("plots", {}).get(pid, []))

    # -- assembling one project ---------------------------------------------------------
    def project(self, index: int) -> ProjectInput:
        pid = self.order[index]
        projects = self.sheets["projects"]
        prow = self.project_rows[pid]
        origin = Origin(projects.rows[prow])
        errors: list[RowError] = []
        for j in self.duplicates.get(pid, []):
            errors.append(RowError("projects", projects.rows[j], KEY, pid, TabularProblem("", "duplicate_project", {}, pid)))
        errors.extend(self.tainted.get(pid, ()))

        head = row_dict(projects, prow, pid, errors, skip=(KEY, "developer", "as_of"))
        head["id"] = pid
        gf = head.get("geometry_file")
        if isinstance(gf, str) and gf.strip() and not Path(gf.strip()).is_absolute():
            # a geometry file (one for the whole portfolio may be named in every row) is read from
            # the workbook's folder, or from the CSV folder itself
            src = Path(self.source)
            head["geometry_file"] = str((src if src.is_dir() else src.parent) / gf.strip())
        data: dict[str, Any] = {"project": head}
        as_of = projects.get("as_of", prow)
        if as_of is not None:
            data["as_of"] = as_of

        def rows_of(name: str) -> list[int]:
            return self.members.get(name, {}).get(pid, [])

        plots_sheet = self.sheets["plots"]
        plots = []
        for i in rows_of("plots"):
            plots.append(row_dict(plots_sheet, i, pid, errors))
            origin.plots.append(plots_sheet.rows[i])
        data["plots"] = plots
        agreements_sheet = self.sheets["agreements"]
        agreements = []
        for i in rows_of("agreements"):
            agreements.append(row_dict(agreements_sheet, i, pid, errors))
            origin.agreements.append(agreements_sheet.rows[i])
        data["agreements"] = agreements
        for field_name, sheet_name in list_sheets().items():
            sh = self.sheets.get(sheet_name)
            if sh is None:
                continue
            rows = rows_of(sheet_name)
            if rows:
                head[field_name] = [row_dict(sh, i, pid, errors) for i in rows]
                origin.lists[field_name] = [sh.rows[i] for i in rows]

        # parties: the project's own, then the shared ones it refers to
        parties_sheet = self.sheets["parties"]
        own: dict[str, int] = {}
        for i in rows_of("parties"):
            v = parties_sheet.get("id", i)
            key = _text(v) if v is not None else None
            if key is not None and key in own:
                errors.append(RowError("parties", parties_sheet.rows[i], "id", pid, TabularProblem("", "duplicate_party", {}, key)))
                continue
            own[key if key is not None else f"\0{i}"] = i
        dev_cell = projects.get("developer", prow)
        dev_id = _text(dev_cell) if dev_cell is not None else None
        holders = {_text(p["holder"]) for p in plots if p.get("holder") is not None}
        refs = set(holders)
        for a in agreements:
            for k in ("parties", "transferors"):
                refs.update(_text(x) for x in (a.get(k) or []) if x is not None)
            for k in ("transferee", "signatory"):
                if a.get(k) is not None:
                    refs.add(_text(a[k]))
            refs.update(_text(x) for x in (a.get("shares") or {}))
            refs.update(_text(e.get("holder")) for e in (a.get("household_entrustments") or []) if isinstance(e, dict))
        if dev_id is None:
            errors.append(RowError("projects", origin.project_row, "developer", pid, Problem("developer", "missing", {})))
        else:
            dev_row = own[dev_id] if dev_id in own else self.shared_parties.get(dev_id)
            if dev_row is None:
                errors.append(RowError("projects", origin.project_row, "developer", pid,
                                       Problem("developer", "unknown_party", {"value": dev_id})))
            else:
                data["developer"] = row_dict(parties_sheet, dev_row, pid, errors)
                origin.developer = parties_sheet.rows[dev_row]
        holders_out = []
        for key, i in own.items():
            if key == dev_id and key not in holders:
                continue
            holders_out.append(row_dict(parties_sheet, i, pid, errors))
            origin.rights_holders.append(parties_sheet.rows[i])
        for key in sorted(refs - set(own)):
            i = self.shared_parties.get(key)
            if i is None or (key == dev_id and key not in holders):
                continue
            holders_out.append(row_dict(parties_sheet, i, pid, errors))
            origin.rights_holders.append(parties_sheet.rows[i])
        data["rights_holders"] = holders_out
        return ProjectInput(index, pid, data, origin, errors, len(plots))

    def projects(self) -> Iterator[ProjectInput]:
        for i in range(len(self.order)):
            yield self.project(i)

    # -- mapping a model path back to the sheet ----------------------------------------
    def locate(self, origin: Origin, path: str) -> tuple[str, int, str]:
        return locate(self.sheets, origin, path)


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(path: str) -> list:
    """'plots[3].boundaries.east' -> ['plots', 3, 'boundaries', 'east']."""
    out: list = []
    for name, idx in _PATH_PART.findall(path or ""):
        out.append(int(idx) if idx else name)
    return out


def _column_for(sheet: Optional[Sheet], spec: Optional[SheetSpec], rest: list) -> str:
    names = [str(p) for p in rest if not isinstance(p, int)]
    if not names:
        return ""
    cols = (sheet.columns if sheet is not None else []) + (list(spec.columns) if spec is not None else [])
    for n in range(len(names), 0, -1):
        cand = ".".join(names[:n])
        if cand in cols:
            return cand
    prefix = names[0] + "."
    nested = [c for c in (sheet.columns if sheet is not None else []) if c.startswith(prefix)]
    if nested:
        return ", ".join(nested)
    return ".".join(names)


def locate(sheets: dict[str, Sheet], origin: Origin, path: str) -> tuple[str, int, str]:
    """A model path (``plots[3].area_ha``) as (sheet, row, column)."""
    parts = parse_path(path)
    projects = sheets.get("projects")
    pspec = specs()["projects"]
    if not parts:
        return "projects", origin.project_row, ""
    head = parts[0]
    if head in ("plots", "agreements", "rights_holders") and len(parts) > 1 and isinstance(parts[1], int):
        sheet_name = "parties" if head == "rights_holders" else head
        row = origin.row_of(head, parts[1])
        if row is not None:
            return sheet_name, row, _column_for(sheets.get(sheet_name), specs()[sheet_name], parts[2:])
    if head == "developer" and origin.developer is not None:
        return "parties", origin.developer, _column_for(sheets.get("parties"), specs()["parties"], parts[1:])
    if head == "developer":
        return "projects", origin.project_row, "developer"
    if head == "project":
        rest = parts[1:]
        lists = list_sheets()
        if rest and rest[0] in lists and len(rest) > 1 and isinstance(rest[1], int):
            sheet_name = lists[rest[0]]
            row = origin.row_of(rest[0], rest[1])
            if row is not None:
                return sheet_name, row, _column_for(sheets.get(sheet_name), specs().get(sheet_name), rest[2:])
        if rest and rest[0] == "id":
            return "projects", origin.project_row, KEY
        return "projects", origin.project_row, _column_for(projects, pspec, rest)
    if head in ("plots", "agreements", "rights_holders"):
        return "projects", origin.project_row, head
    return "projects", origin.project_row, _column_for(projects, pspec, parts)


def row_errors(sheets: dict[str, Sheet], pid: str, origin: Origin, problems: list[Problem],
               known: list[RowError] = ()) -> list[RowError]:
    """Validation problems as row errors; a cell that already has a reading problem is not reported twice."""
    seen = {(e.sheet, e.row, e.column) for e in known}
    out = []
    for p in problems:
        sheet, row, col = locate(sheets, origin, p.path)
        if (sheet, row, col) in seen:
            continue
        out.append(RowError(sheet, row, col, pid, p, p.path))
    return out


def validate_project(portfolio: "Portfolio", pi: ProjectInput):
    """Validate one project's dict (``loader.validate``); return (submission or None, all its row errors)."""
    from compliance.submission.files import validate

    errors = list(pi.row_errors)
    try:
        sub = validate(pi.data, f"{portfolio.source}#{pi.project_id}")
    except InvalidSubmission as e:
        return None, errors + row_errors(portfolio.sheets, pi.project_id, pi.origin, e.problems, errors)
    return (None if errors else sub), errors


def read(path: str | Path) -> Portfolio:
    """Read a workbook or CSV folder; raises InvalidSubmission only for problems that stop everything."""
    return Portfolio(read_tables(path))


# --------------------------------------------------------------------------- writing (examples, benchmarks)
def column_docs(lang: str = "zh") -> list[tuple[str, str, str]]:
    """(sheet, column, kind) for every column a workbook may have, for a README sheet."""
    out = []
    for name, spec in specs().items():
        for col, kind in spec.columns.items():
            if kind == "records":
                continue
            out.append((name, col, kind))
    return out


def write_workbook(frames: dict[str, Any], path: str | Path, readme: Optional[list[list[Any]]] = None) -> None:
    """Write sheets (DataFrames or lists of dicts) to an .xlsx workbook, text cells as text."""
    import pandas as pd
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    if readme:
        ws = wb.create_sheet("说明")
        for r in readme:
            ws.append(r)
    for name, frame in frames.items():
        df = frame if isinstance(frame, pd.DataFrame) else pd.DataFrame(frame)
        ws = wb.create_sheet(name)
        from openpyxl.cell import WriteOnlyCell

        header = []
        for c in df.columns:
            wc = WriteOnlyCell(ws, value=str(c))
            wc.font = bold
            header.append(wc)
        ws.append(header)
        for row in df.itertuples(index=False, name=None):
            ws.append([None if (v is None or (isinstance(v, float) and math.isnan(v))) else v for v in row])
    wb.save(path)


def write_csv_folder(frames: dict[str, Any], folder: str | Path) -> None:
    import pandas as pd

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        df = frame if isinstance(frame, pd.DataFrame) else pd.DataFrame(frame)
        df.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8")


FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
# full-width forms an input method turns into the ASCII ones as the cell is edited
_WIDE_LEADS = ("\uff1d", "\uff0b", "\uff0d", "\uff20", "\u2212")


def formula_leading(text: str) -> bool:
    """Whether a spreadsheet could run ``text`` as a formula: it starts with ``= + - @`` (or
    their full-width forms), tab or CR -- also after leading spaces (ASCII, ideographic, no-break)
    or invisible format marks (RTL/LTR marks, zero-width spaces), which spreadsheets skip."""
    if text[:1] in FORMULA_LEADS:
        return True
    i = 0
    while i < len(text) and (text[i].isspace() or unicodedata.category(text[i]) == "Cf"):
        i += 1
    return text[i:i + 1] in FORMULA_LEADS or text[i:i + 1] in _WIDE_LEADS


def formula_safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (:func:`formula_leading`) is written
    with a leading apostrophe, so it shows as the text it is (OWASP CSV injection).
    Numbers, dates and other text are returned unchanged."""
    if isinstance(value, str) and value and formula_leading(value):
        return "'" + value
    return value


# --------------------------------------------------------------------------- one project (compliance check FILE.xlsx)
class InvalidWorkbook(InvalidSubmission):
    """A one-project workbook that cannot be checked; every problem by sheet, row and column."""

    def __init__(self, source: str, errors: list[RowError]):
        self.row_errors = errors
        super().__init__(source, [e.problem for e in errors])

    def render(self, lang: str = "zh") -> str:
        from compliance import i18n as messages

        head = messages.text("invalid_header", lang, source=self.source, n=len(self.row_errors))
        return "\n".join([head, *(f"  - {e.render(lang)}" + (f" [{e.path}]" if e.path else "") for e in self.row_errors)])


def is_workbook(path: str | Path) -> bool:
    p = Path(path)
    return p.suffix.lower() in (".xlsx", ".xlsm")


def load_one(path: str | Path):
    """Read a workbook holding exactly one project (as `compliance new` writes) and validate it.

    The same reader as for portfolios; a workbook of several projects is for `compliance batch`.
    """
    portfolio = read(path)
    if len(portfolio) != 1:
        raise InvalidSubmission(str(path), [Problem("", "workbook_for_batch", {})])
    pi = portfolio.project(0)
    sub, errors = validate_project(portfolio, pi)
    errors = [e for e in portfolio.errors] + errors
    for e in errors:           # name the sheets as the file does (project, 项目 …)
        e.sheet = portfolio.sheet_names.get(e.sheet, e.sheet)
    if sub is None or errors:
        raise InvalidWorkbook(str(path), errors)
    return sub
