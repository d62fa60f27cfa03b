"""Spreadsheet import (all-or-nothing) and CSV / Excel export of the register.

The columns are the same both ways, so an export can be imported into another register.
Headers are Chinese (English field names are accepted too). A bad row is reported with its
sheet, row number (as Excel shows it) and column; if any row is bad nothing is written.
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from compliance.reference import ids
from . import fields
from .messages import RegisterError, RegisterErrors, current_lang, field_label, label, os_error

# field, Chinese header, other accepted headers
COLUMNS: list[tuple[str, str, tuple[str, ...]]] = [
    ("entity_name", "当事人名称", ("entity_name", "名称")),
    ("entity_kind", "主体类型", ("entity_kind", "kind")),
    ("code", "证件号码", ("code", "统一社会信用代码", "身份证号码", "统一社会信用代码或身份证号码")),
    ("region_code", "违法行为发生地区划代码", ("region_code", "区划代码")),
    ("measure", "措施", ("measure",)),
    ("province", "适用省份", ("province",)),
    ("mechanisms", "适用机制", ("mechanisms",)),
    ("from_date", "起始日期", ("from_date", "from")),
    ("to_date", "截止日期", ("to_date", "to")),
    ("grounds", "事由", ("grounds",)),
    ("conduct", "违法类型", ("conduct",)),
    ("conduct_ended", "违法行为终了日期", ("conduct_ended",)),
    ("discovered_on", "发现（立案）日期", ("discovered_on", "发现日期", "立案日期")),
    ("decided_on", "决定日期", ("decided_on",)),
    ("basis", "法律依据", ("basis",)),
    ("case_number", "决定书文号", ("case_number",)),
    ("evidence", "证据", ("evidence",)),
    ("decided_by_name", "决定机关", ("decided_by_name",)),
    ("decided_by_division", "决定机关区划代码", ("decided_by_division",)),
    ("lifted_on", "解除日期", ("lifted_on",)),
    ("lift_reason", "解除理由", ("lift_reason",)),
]
# written by export, ignored by import
EXPORT_ONLY: list[tuple[str, str, tuple[str, ...]]] = [
    ("id", "登记编号", ("id", "entry_id")),
    ("status", "状态", ("status",)),
    ("last_hash", "最后事件哈希", ("last_hash", "event_hash")),
    ("warnings", "记录时警告", ("warnings",)),
]
OPEN_ENDED_WORDS = {"长期", "无固定期限", "无期限", "永久", "open", "open-ended", "open_ended"}
SHORT_MEASURE = {"suspend": "暂停", "restrict": "限制", "cancel": "取消", "notice": "通报"}
SHORT_KIND = {"legal_person": "法人", "natural_person": "自然人"}
LIFT_REASON_DEFAULT = "历史记录导入"

_HEADERS = {}
for _f, _zh, _others in COLUMNS + EXPORT_ONLY:
    for _h in (_zh, *_others):
        _HEADERS[_h.strip().lower()] = _f


@dataclass(frozen=True)
class RowProblem:
    sheet: str
    row: int            # as the spreadsheet shows it (header is row 1 when it is the first row)
    column: str         # "C（证件号码）" or the field label when the file has no such column
    error: RegisterError

    def render(self, lang: str | None = None) -> str:
        msg = self.error.message(lang)
        if current_lang(lang) == "en":
            return f"sheet {self.sheet}, row {self.row}, column {self.column}: {msg}"
        return f"工作表 {self.sheet} 第 {self.row} 行 {self.column} 列：{msg}"


class ImportFailed(RegisterErrors):
    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__([p.error for p in problems])


MAX_IMPORT_ROWS = 20_000         # rows of one import (judged under the register's write lock)
MAX_IMPORT_BYTES = 64 * 1024 * 1024
LISTED_PROBLEMS = 100            # the problems of a refused import printed; the rest are counted


def _col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _formula_leading(text: str) -> bool:
    from compliance.submission.workbook import formula_leading

    return formula_leading(text)


def _cell(value):
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    s = str(value).strip()
    if s[:1] == "'" and _formula_leading(s[1:]):
        s = s[1:].strip()  # neutralised by an export (a spreadsheet shows it as text)
    return s or None


def _sheets(path: Path):
    """(sheet name, iterator of row tuples) for each sheet (one for a CSV)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            with path.open("rb") as fh:
                raw = fh.read(MAX_IMPORT_BYTES + 1)
        except OSError as exc:
            raise os_error(exc, "file", path) from None
        if len(raw) > MAX_IMPORT_BYTES:
            raise RegisterError("import_too_large", "file", path=str(path), max=MAX_IMPORT_BYTES)
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise RegisterError("file_encoding", "file", path=str(path))
        yield path.name, list(csv.reader(text.splitlines()))
    elif suffix in (".xlsx", ".xlsm"):
        import openpyxl

        from compliance.submission.workbook import inflated_size

        inflated = inflated_size(path)
        if inflated is not None and inflated > MAX_IMPORT_BYTES:      # a zip bomb: refused before parsing
            raise RegisterError("import_too_large", "file", path=str(path), max=MAX_IMPORT_BYTES)

        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except OSError as exc:
            raise os_error(exc, "file", path) from None
        except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
            raise RegisterError("file_not_workbook", "file", path=str(path)) from None
        try:
            import itertools

            for ws in wb.worksheets:    # read no further than the row limit can use (a zip bomb has millions)
                rows = itertools.islice(ws.iter_rows(values_only=True), MAX_IMPORT_ROWS + 1000)
                yield ws.title, [tuple(r) for r in rows]
        finally:
            wb.close()
    else:
        raise RegisterError("unsupported_format", "file", path=str(path))


def read(path, lang: str | None = None):
    """Parse a spreadsheet: (rows, lifts, refs, problems).

    rows are raw sanction dicts for ``Register.record_many``; lifts maps a row index to a lift
    (historical sanctions already lifted); refs[i] = (sheet, row number, {field: column name}).
    """
    path = Path(path)
    try:
        is_file = path.is_file()
    except OSError as exc:
        raise os_error(exc, "file", path) from None
    if not is_file:
        raise RegisterError("is_directory" if path.is_dir() else "file_missing", "file", path=str(path))
    rows: list[dict] = []
    lifts: dict[int, dict] = {}
    refs: list[tuple[str, int, dict]] = []
    problems: list[RowProblem] = []
    for sheet, table in _sheets(path):
        header_at = next((i for i, r in enumerate(table) if any(_cell(c) for c in r)), None)
        if header_at is None:
            continue
        header = [(_cell(c) or "") for c in table[header_at]]
        mapped = {i: _HEADERS.get(str(h).strip().lower()) for i, h in enumerate(header)}
        if "entity_name" not in mapped.values():
            continue  # an instructions sheet or similar
        columns = {}
        for i, f in mapped.items():
            if f is None and header[i]:
                problems.append(RowProblem(sheet, header_at + 1, f"{_col_letter(i)}（{header[i]}）",
                                           RegisterError("import_unknown_column", value=header[i])))
            elif f:
                columns[f] = f"{_col_letter(i)}（{header[i]}）"
        if len(table) - header_at - 1 + len(rows) > MAX_IMPORT_ROWS:
            raise RegisterError("import_too_many_rows", "file", path=str(path), max=MAX_IMPORT_ROWS)
        for r_index in range(header_at + 1, len(table)):
            values = table[r_index]
            cells = {mapped[i]: values[i] for i in range(min(len(values), len(header))) if mapped.get(i)}
            if not any(_cell(v) is not None for v in cells.values()):
                continue
            raw = {f: _cell(v) for f, v in cells.items() if f not in {x[0] for x in EXPORT_ONLY}}
            excel_row = r_index + 1
            code_value = cells.get("code")
            if isinstance(code_value, (int, float)) and not isinstance(code_value, bool):
                problems.append(RowProblem(sheet, excel_row, columns.get("code", field_label("code", lang)),
                                           RegisterError("import_code_numeric", "code")))
            to = raw.get("to_date")
            if isinstance(to, str) and to.strip().lower() in OPEN_ENDED_WORDS:
                raw["to_date"] = None
                raw["open_ended"] = True
            lifted_on = raw.pop("lifted_on", None)
            lift_reason = raw.pop("lift_reason", None)
            if lifted_on is not None:
                lifts[len(rows)] = {"lifted_on": lifted_on, "reason": lift_reason or LIFT_REASON_DEFAULT}
            rows.append(raw)
            refs.append((sheet, excel_row, columns))
    if not rows and not problems:
        raise RegisterError("import_no_rows", "file")
    return rows, lifts, refs, problems


def import_file(reg, path, *, authority: str, signer, lang: str | None = None):
    """Import every row or none. Raises ImportFailed listing (sheet, row, column, message)."""
    rows, lifts, refs, problems = read(path, lang)
    if problems:
        raise ImportFailed(problems)
    try:
        return reg.record_many(rows, authority=authority, signer=signer, lifts=lifts)
    except RegisterErrors as errs:
        if not errs.errors or not isinstance(errs.errors[0], tuple):
            raise
        out = []
        for index, err in errs.errors:
            sheet, row, columns = refs[index]
            column = columns.get(err.field) or columns.get(_COLUMN_OF.get(err.field, "")) \
                or field_label(err.field or "", lang)
            out.append(RowProblem(sheet, row, column, err))
        raise ImportFailed(out) from None


_COLUMN_OF = {"open_ended": "to_date", "reason": "lift_reason"}


# ---------------------------------------------------------------------- export

def export_rows(states: list[dict], *, mask_ids: bool = False, lang: str | None = None) -> tuple[list[str], list[list]]:
    headers = [zh for _, zh, _ in EXPORT_ONLY[:2]] + [zh for _, zh, _ in COLUMNS] + \
              [zh for _, zh, _ in EXPORT_ONLY[2:]]
    out = []
    for s in states:
        code = s["entity"]["code"]
        if mask_ids and s["entity"]["kind"] == "natural_person":
            code = ids.mask_id_number(code)
        mechs = s["scope"]["mechanisms"]
        values = {
            "id": s["id"], "status": label(s["status"], "zh"),
            "entity_name": s["entity"]["name"], "entity_kind": SHORT_KIND[s["entity"]["kind"]], "code": code,
            "region_code": s["region_code"], "measure": SHORT_MEASURE[s["measure"]],
            "province": s["scope"]["province"],
            "mechanisms": "全部" if fields.ALL_MECHANISMS in mechs else "、".join(mechs),
            "from_date": s["from_date"], "to_date": s["to_date"] or "无固定期限",
            "grounds": s["grounds"], "conduct": fields.CONDUCT_NAMES.get(s["conduct"]) if s["conduct"] else None,
            "conduct_ended": s["conduct_ended"], "discovered_on": s["discovered_on"],
            "decided_on": s["decided_on"], "basis": fields.citations(s["basis"]),
            "case_number": s["case_number"],
            "evidence": "；".join(fields.evidence_text(e) for e in s["evidence"]) or None,
            "decided_by_name": s["decided_by"]["name"], "decided_by_division": s["decided_by"]["division"],
            "lifted_on": s["lifted"]["on"] if s["lifted"] else None,
            "lift_reason": s["lifted"]["reason"] if s["lifted"] else None,
            "last_hash": s["last_hash"],
            "warnings": "；".join(w["rule"] for w in s.get("warnings", [])) or None,
        }
        order = [f for f, _, _ in EXPORT_ONLY[:2]] + [f for f, _, _ in COLUMNS] + [f for f, _, _ in EXPORT_ONLY[2:]]
        out.append([values[f] for f in order])
    return headers, out


EXPORT_SUFFIXES = (".csv", ".xlsx")


def export_file(states: list[dict], path, *, mask_ids: bool = False, field: str = "out") -> int:
    """Write ``states`` to ``path`` (.csv or .xlsx); an OSError is a RegisterError naming ``field``."""
    path = Path(path)
    if path.suffix.lower() not in EXPORT_SUFFIXES:
        raise RegisterError("unsupported_format", field, path=str(path))
    try:
        return _export_file(states, path, mask_ids)
    except OSError as exc:
        raise os_error(exc, field, path, write=True) from None


def _export_file(states: list[dict], path: Path, mask_ids: bool) -> int:
    from compliance.submission.workbook import formula_safe

    headers, rows = export_rows(states, mask_ids=mask_ids)
    rows = [[formula_safe(v) for v in r] for r in rows]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(headers)
            w.writerows(rows)
    elif suffix == ".xlsx":
        import openpyxl
        from openpyxl.styles import Font

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "处理记录"
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r in rows:
            ws.append(r)
        code_col = headers.index("证件号码") + 1
        for row in ws.iter_rows(min_row=2, min_col=code_col, max_col=code_col):
            row[0].number_format = "@"  # keep 18-digit ID numbers as text
        ws.freeze_panes = "A2"
        wb.save(path)
    else:
        raise RegisterError("unsupported_format", "out", path=str(path))
    return len(rows)
