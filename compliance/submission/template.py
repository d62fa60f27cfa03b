"""What `compliance new` writes: a fill-in workbook for one project, or a commented YAML skeleton.

Both start from a compliant example of the province (``skeletons/43.yaml`` Hunan CCER afforestation,
``skeletons/51.yaml`` Sichuan 林草碳普惠 grassland), so a new file validates as written and the user
overwrites the example values. Column headers, hints and drop-down lists come from the JSON Schema
(``compliance.submission.schema``: descriptions and code lists with their labels); the workbook is
read back by the one workbook reader (``compliance.submission.workbook``), so `compliance check`
gives the same findings for it as for the YAML form.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml

SKELETONS = Path(__file__).resolve().parent / "skeletons"
PROVINCES = ("43", "51")
# the sheets of the one-project workbook: sheet -> (schema def, Chinese title)
SHEETS = {"project": ("Project", "项目"), "parties": ("Party", "当事方"), "plots": ("Plot", "地块"),
          "agreements": ("Agreement", "协议"), "reviews": ("Review", "审核")}
AGREEMENT_DEFS = ("DevelopmentAgreement", "TransferAgreement", "BenefitAgreement", "TripartiteAgreement")
LIST_SHEET = "_lists"
# The fields the December 2026 legal review added, explained on the 说明 sheet: sheet and column, what
# to enter, the article, and the rule that checks it (their header comments come from FIELD_DOCS).
LEGAL_FIELD_NOTES = (
    ("agreements 表 written 列（是否为书面合同）：流转协议、三方协议是否签订了书面合同；口头约定填“否”。"
     "农村土地承包法第四十条：流转应当签订书面合同（规则 LAW-clauses）。不填为“是”。",
     "agreements sheet, column written: whether the transfer or tripartite agreement is a written contract; an oral "
     "agreement is “no” (否). RCLL art. 40: a transfer needs a written contract (rule LAW-clauses). Empty means yes."),
    ("reviews 表 batches 列（评估覆盖的减排量批次 id）：四川林草碳普惠项目的省级专家委员会技术评估"
     "（审核层级选“省级林草碳普惠专家委员会技术评估”）列出所评估的减排量批次，多个用分号分隔；"
     "每个申请或登记的批次须在其登记前经评估。川林发〔2024〕3号 三(三)（规则 SC-3.3-expert）。",
     "reviews sheet, column batches: on the Sichuan expert committee's assessment (review level “provincial expert "
     "committee assessment”), the ids of the reduction batches it covers, separated by semicolons; every batch applied "
     "for or registered is assessed before its registration. 川林发〔2024〕3号 3(3) (rule SC-3.3-expert)."),
    ("retirements 表 registry 列（办理注销的登记机构）：四川林草碳普惠减排量的每次注销写明办理注销的登记机构，"
     "应为指定的登记机构；注销凭证编号填在 id 列。川林发〔2024〕3号 二(二)（规则 SC-2.2-registry）。没有注销的项目无此表。",
     "retirements sheet, column registry: for every retirement of Sichuan SCPH reductions, the registry that recorded "
     "it, which must be the designated one; the voucher number goes in column id. 川林发〔2024〕3号 2(2) "
     "(rule SC-2.2-registry). A project without retirements has no such sheet."),
)
EXAMPLE_NOTE = ("示例行：按本项目实际情况改写或删除；列名第二行为字段名，勿改", "example rows: overwrite or delete them; "
                "the second line of each header is the field name, keep it")


def example(province: str = "43", mechanism: Optional[str] = None) -> dict:
    """The example submission of a province as plain data (the mechanism replaced when given)."""
    data = yaml.safe_load((SKELETONS / f"{province}.yaml").read_text(encoding="utf-8"))
    if mechanism:
        data["project"]["mechanism"] = mechanism
    return data


# --------------------------------------------------------------------------- rows from a submission dict
def _cell_text(v: Any) -> Any:
    from enum import Enum

    if isinstance(v, Enum):
        return v.value
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 10 ** 9:
        return str(v)          # an ID number YAML read as a number: Excel would round it
    if isinstance(v, list):
        return "; ".join(str(_cell_text(x)) for x in v)
    return v


def _flatten(d: dict, prefix: str = "", out: Optional[dict] = None, pairs: dict = {}) -> dict:
    out = {} if out is None else out
    for k, v in d.items():
        col = f"{prefix}{k}"
        if v is None or v == [] or v == {}:
            continue
        if k == "geometry" and isinstance(v, dict):         # one cell: GeoJSON text (the reader takes it, or WKT)
            import json

            out[col] = json.dumps(_plain_json(v), ensure_ascii=False, separators=(",", ":"))
        elif k in pairs and isinstance(v, list):             # household_entrustments: holder:signed
            a, b = pairs[k]
            out[col] = "; ".join(f"{e[a]}:{_iso(e[b])}" for e in v)
        elif k == "shares" and isinstance(v, dict):
            out[col] = "; ".join(f"{_cell_text(p)}:{s}" for p, s in v.items())
        elif k == "geometry" and isinstance(v, dict):      # a plot polygon: the geometry column holds WKT
            from compliance.submission.geometry.shapes import geojson_to_wkt

            out[col] = geojson_to_wkt(v)
        elif isinstance(v, dict):
            _flatten({_cell_text(a): b for a, b in v.items()}, col + ".", out, pairs)
        else:
            out[col] = _cell_text(v)
    return out


def _plain_json(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _plain_json(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain_json(x) for x in v]
    return v


def _iso(v: Any) -> str:
    return v.isoformat() if isinstance(v, dt.date) else str(v)


def rows_of(data: dict) -> dict[str, list[dict]]:
    """One project's submission dict as the rows of the fill-in workbook's sheets."""
    from compliance.submission.model import Submission
    from compliance.submission.workbook import KEY, specs

    # canonical field names and codes (Chinese keys such as 真实性 become their field names)
    data = Submission.model_validate(data).model_dump(mode="python", exclude_none=True)
    pairs = specs()["agreements"].pair_fields
    project = dict(data["project"])
    pid = project.pop("id")
    lists = {k: project.pop(k) for k in list(project) if isinstance(project[k], list) and project[k]
             and isinstance(project[k][0], dict)}
    for k in [k for k, v in project.items() if isinstance(v, list) and not v]:
        project.pop(k)
    head = {KEY: pid, "developer": data["developer"]["id"]}
    if data.get("as_of"):
        head["as_of"] = data["as_of"]
    head.update(_flatten(project))
    parties = [_flatten(data["developer"])]
    parties += [_flatten(p) for p in data.get("rights_holders") or [] if p["id"] != data["developer"]["id"]]
    out = {"project": [head], "parties": parties,
           "plots": [_flatten(p) for p in data.get("plots") or []],
           "agreements": [_flatten(a, pairs=pairs) for a in data.get("agreements") or []],
           "reviews": [_flatten(r) for r in lists.pop("reviews", [])]}
    from compliance.submission.workbook import list_sheets

    for field_name, rows in lists.items():
        out[list_sheets().get(field_name, field_name)] = [_flatten(r) for r in rows]
    return out


# --------------------------------------------------------------------------- columns, labels, code lists
def _defs_of(sheet: str) -> tuple[str, ...]:
    d = SHEETS.get(sheet, (None,))[0]
    if d == "Agreement":
        return AGREEMENT_DEFS
    if d:
        return (d,)
    from compliance.submission.workbook import specs
    from compliance.submission.schema import ref_name, schema

    spec = specs()[sheet]
    node = schema()["$defs"]["Project"]["properties"].get(spec.field, {})
    name = ref_name(node)
    return (name,) if name else ()


@lru_cache(maxsize=None)
def column_info(sheet: str, column: str) -> dict:
    """Label (zh/en), description, code list def and bounds of one column, from the schema."""
    from compliance.submission.schema import _schema, ref_name, resolve
    from compliance.submission.workbook import KEY

    s = _schema()
    special = {KEY: ("项目编号", "project id", "项目编号（各表相同） / the project's id"),
               "developer": ("开发主体 id", "developer id", "开发主体在 parties 表中的 id / the developer's id in the parties sheet"),
               "as_of": ("判定日期", "judged on", s["properties"]["as_of"]["description"])}
    if column in special:
        zh, en, desc = special[column]
        return {"zh": zh, "en": en, "description": desc, "codes": None, "node": {}}
    parts = column.split(".")
    labels_zh, labels_en, node, desc = [], [], None, ""
    for def_name in _defs_of(sheet):
        cur = s["$defs"][def_name]
        labels_zh, labels_en, ok = [], [], True
        for i, p in enumerate(parts):
            props = resolve(cur).get("properties", {})
            if p in props:
                node = props[p]
                desc = node.get("description", "")
                zh, _, en = desc.partition(" / ")
                labels_zh.append(_short(zh))
                labels_en.append(_short(en))
                cur = node
                continue
            # a mapping spread over columns (milestones.design): the key is a code
            key_def = ref_name(resolve(cur).get("propertyNames", {})) if isinstance(resolve(cur), dict) else None
            if key_def and "x-labels" in s["$defs"][key_def] and p in s["$defs"][key_def]["x-labels"]:
                labels_zh.append(s["$defs"][key_def]["x-labels"][p]["zh"])
                labels_en.append(s["$defs"][key_def]["x-labels"][p]["en"])
                node = resolve(cur).get("additionalProperties", {})
                cur = node
                continue
            ok = False
            break
        if ok and node is not None:
            break
    node = node or {}
    target = resolve(node) if node else {}
    items = target.get("items") if target.get("type") == "array" else None
    codes_def = ref_name(items) if isinstance(items, dict) else ref_name(node)
    codes = None
    if codes_def and "x-codes" in s["$defs"].get(codes_def, {}):
        codes = codes_def
    return {"zh": "·".join(labels_zh) or column, "en": " · ".join(labels_en) or column, "description": desc,
            "codes": codes, "node": target, "many": items is not None}


def _short(text: str) -> str:
    for sep in ("（", "(", "：", ":", "，"):
        text = text.split(sep)[0]
    return text.strip()


def _literal_choices(node: dict) -> list[str]:
    if "enum" in node:
        return [str(v) for v in node["enum"]]
    return []


def choices(sheet: str, column: str, province: str) -> Optional[list[str]]:
    """The drop-down values of a column: code-list labels (the reader accepts them), 是/否, literal enums,
    or the county codes of the province."""
    from compliance.submission.schema import _schema

    info = column_info(sheet, column)
    node = info["node"]
    if info["codes"]:
        d = _schema()["$defs"][info["codes"]]
        return [d["x-labels"][c]["zh"] for c in d["x-codes"]]
    if node.get("type") == "boolean":
        return ["是", "否"]
    if column.split(".")[-1] == "county" and sheet == "plots":
        from compliance.reference import divisions

        return [d.code for d in divisions.counties(province)]
    lit = _literal_choices(node)
    return lit or None


# --------------------------------------------------------------------------- the workbook
def columns_for(sheet: str, rows: list[dict]) -> list[str]:
    """The sheet's columns: those the example uses first, then every other column of the model."""
    from compliance.submission.workbook import KEY, specs

    spec_name = "projects" if sheet == "project" else sheet
    spec = specs()[spec_name]
    used: list[str] = []
    for r in rows:
        for c in r:
            if c not in used:
                used.append(c)
    rest = []
    for c, kind in spec.columns.items():
        if kind == "records" or c in used or (c == KEY and sheet != "project"):
            continue
        if kind == "map" and c == "milestones":
            from compliance.reference.vocab import Stage

            rest += [f"milestones.{s.value}" for s in Stage if f"milestones.{s.value}" not in used]
            continue
        rest.append(c)
    return used + rest


def write_workbook(path: str | Path, province: str = "43", mechanism: Optional[str] = None, lang: str = "zh",
                   data: Optional[dict] = None) -> None:
    """Write the fill-in workbook for one project (the province's example, or ``data``: a submission dict)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from compliance.i18n import pick

    if data is None:
        data = example(province, mechanism)
    rows = rows_of(data)
    wb = Workbook()
    readme = wb.active
    readme.title = "说明"
    lists = wb.create_sheet(LIST_SHEET)
    lists.sheet_state = "hidden"
    list_cols: dict[tuple, str] = {}

    def list_range(values: list[str]) -> str:
        key = tuple(values)
        if key not in list_cols:
            col = get_column_letter(len(list_cols) + 1)
            for i, v in enumerate(values, start=1):
                lists[f"{col}{i}"] = v
            list_cols[key] = f"{LIST_SHEET}!${col}$1:${col}${len(values)}"
        return list_cols[key]

    bold = Font(bold=True)
    grey = Font(italic=True, color="666666")
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    readme.append([pick(lang, "林业碳汇项目提交工作簿（一个项目）", "Forestry carbon-sink submission workbook (one project)")])
    readme["A1"].font = Font(bold=True, size=14)
    for line in (
        pick(lang, "每个工作表一部分：project 项目、parties 当事方（开发主体与林权权利人）、plots 地块、agreements 协议、reviews 审核。",
             "one sheet per part: project, parties (developer and rights holders), plots, agreements, reviews."),
        pick(lang, "表头第一行是中文名（* 为必填），第二行是字段名（读取时使用，勿改）。选中单元格可见填写提示；代码列有下拉列表。",
             "each header: the label (* = required) and, on its second line, the field name (keep it). "
             "Selecting a cell shows a hint; code columns have drop-down lists."),
        pick(lang, "已填的行是一个可通过检查的示例：改写为本项目的实际内容，多余的行删除。",
             "the filled rows are a passing example: overwrite them with your project, delete rows you do not need."),
        pick(lang, "多个值用分号分隔（DEV; RH1）；收益比例写作 DEV:0.35; RH1:0.65；日期写作 2026-03-01。",
             "several values: separate with semicolons (DEV; RH1); shares as DEV:0.35; RH1:0.65; dates as 2026-03-01."),
        pick(lang, "身份证号码、统一社会信用代码请以文本填写（Excel 数字会丢位）。",
             "type ID numbers and credit codes as text (an Excel number loses digits)."),
        pick(lang, "检查：compliance check 本文件.xlsx", "check it: compliance check THIS.xlsx"),
    ):
        readme.append([line])
    readme.append([])
    readme.append([pick(lang, "依法须填写的字段（选中表头可见同样的说明）", "fields the law asks for (the header comments say the same)")])
    readme.cell(row=readme.max_row, column=1).font = Font(bold=True)
    for line in LEGAL_FIELD_NOTES:
        readme.append([pick(lang, *line)])
    readme.column_dimensions["A"].width = 110

    required = _required_columns()
    extra = [name for name in rows if name not in SHEETS and rows[name]]   # notices, registrations … when used
    for sheet in [*SHEETS, *extra]:
        ws = wb.create_sheet(sheet)
        sheet_rows = rows.get(sheet, [])
        cols = columns_for(sheet, sheet_rows)
        for j, col in enumerate(cols, start=1):
            info = column_info(sheet, col)
            star = "*" if (sheet, col) in required else ""
            label = (info["zh"] if lang == "zh" else info["en"]) + star
            c = ws.cell(row=1, column=j, value=f"{label}\n{col}")
            c.font, c.fill = bold, head_fill
            c.alignment = Alignment(wrap_text=True, vertical="top")
            hint = info["description"] or col
            c.comment = Comment(hint, "compliance")
            letter = get_column_letter(j)
            ws.column_dimensions[letter].width = max(12, min(40, len(label) * 2 + 4, len(col) + 4))
            rng = f"{letter}2:{letter}500"
            values = choices(sheet, col, province)
            if values:
                dv = DataValidation(type="list", formula1=list_range(values), allow_blank=True)
                if info.get("many"):
                    dv.errorStyle = "information"     # several codes, separated by semicolons
                dv.error = pick(lang, "请从列表中选择", "choose from the list")
            else:
                node = info["node"]
                lo, hi = node.get("minimum", node.get("exclusiveMinimum")), node.get("maximum")
                if node.get("type") == "number" and lo is not None and hi is not None:
                    dv = DataValidation(type="decimal", operator="between", formula1=str(lo), formula2=str(hi), allow_blank=True)
                elif node.get("type") == "integer" and lo is not None and hi is not None:
                    dv = DataValidation(type="whole", operator="between", formula1=str(lo), formula2=str(hi), allow_blank=True)
                else:
                    dv = DataValidation(allow_blank=True)
            dv.promptTitle = (info["zh"] if lang == "zh" else info["en"])[:32]
            dv.prompt = hint[:250]
            dv.showInputMessage = True
            dv.showErrorMessage = dv.type is not None
            ws.add_data_validation(dv)
            dv.add(rng)
        ws.row_dimensions[1].height = 34
        ws.freeze_panes = "A2"
        for i, r in enumerate(sheet_rows, start=2):
            for j, col in enumerate(cols, start=1):
                v = r.get(col)
                if v is None:
                    continue
                if isinstance(v, bool):
                    v = "是" if v else "否"
                cell = ws.cell(row=i, column=j, value=v)
                if isinstance(v, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(v, str):
                    cell.number_format = "@"
                cell.font = grey
        if sheet_rows:
            ws.cell(row=1, column=len(cols) + 2, value="备注").font = bold
            ws.cell(row=2, column=len(cols) + 2, value=pick(lang, *EXAMPLE_NOTE)).font = grey
    wb.move_sheet(LIST_SHEET, offset=len(wb.sheetnames))
    wb.save(path)


def _required_columns() -> set[tuple[str, str]]:
    from compliance.submission.schema import _schema

    s = _schema()
    out = set()
    for sheet, (def_name, _) in SHEETS.items():
        for d in (AGREEMENT_DEFS if def_name == "Agreement" else (def_name,)):
            for f in s["$defs"][d].get("required", []):
                if sheet == "agreements" and f != "kind" and d != "TransferAgreement":
                    continue
                out.add((sheet, f))
    out |= {("project", "project_id"), ("project", "developer")}
    return out


# --------------------------------------------------------------------------- the YAML skeleton
def write_yaml(path: str | Path, province: str = "43", mechanism: Optional[str] = None, lang: str = "zh") -> None:
    Path(path).write_text(yaml_skeleton(province, mechanism, lang), encoding="utf-8")


def yaml_skeleton(province: str = "43", mechanism: Optional[str] = None, lang: str = "zh") -> str:
    """The example as YAML with every field's description as a comment, and the optional fields the
    example leaves out listed as commented-out lines."""
    from compliance.i18n import pick
    from compliance.submission.schema import _schema

    s = _schema()
    data = _canonical(example(province, mechanism))
    lines = [pick(lang, "# 林业碳汇项目提交文件（一个项目）。以下为可通过检查的示例，请改写为本项目的实际内容。",
                  "# Forestry carbon-sink submission (one project). Below is a passing example: overwrite it with your project."),
             pick(lang, "# 每个字段后的注释说明其含义；以 #- 开头的行是可选字段，需要时去掉 #- 并填写。",
                  "# The comment after each field says what it means; lines starting with #- are optional fields."),
             pick(lang, "# 检查：compliance check 本文件.yaml    格式说明：compliance schema",
                  "# Check it: compliance check THIS.yaml    format: compliance schema"), ""]

    def desc(node: dict) -> str:
        d = node.get("description", "")
        zh, _, en = d.partition(" / ")
        return zh if lang == "zh" else en

    def codes_hint(node: dict) -> str:
        from compliance.submission.schema import ref_name

        name = ref_name(node)
        if name and "x-codes" in s["$defs"].get(name, {}):
            lab = s["$defs"][name]["x-labels"]
            return " | ".join(f"{c} {lab[c][lang]}" for c in s["$defs"][name]["x-codes"])
        return ""

    def scalar(v: Any) -> str:
        return yaml.safe_dump(v, allow_unicode=True, default_flow_style=True, width=10_000).strip().removesuffix("...").strip()

    def emit(obj: dict, def_name: str, indent: int, first_prefix: str = "") -> None:
        from compliance.submission.schema import ref_name, resolve

        d = s if def_name == "Submission" else resolve(s["$defs"][def_name]) if def_name else {}
        props = d.get("properties", {})
        pad = " " * indent
        first = True
        for k, v in obj.items():
            node = props.get(str(k), {})
            comment = desc(node)
            hint = codes_hint(node)
            if hint:
                comment = f"{comment}：{hint}" if lang == "zh" else f"{comment}: {hint}"
            lead = (first_prefix if first else " " * len(first_prefix)) if first_prefix else ""
            first = False
            sub_def = ref_name(node)
            if isinstance(v, dict) and v and sub_def and "properties" in s["$defs"].get(sub_def, {}):
                lines.append(f"{pad}{lead}{k}:" + (f"   # {comment}" if comment else ""))
                emit(v, sub_def, indent + len(lead) + 2)
            elif isinstance(v, list) and v and isinstance(v[0], dict):
                lines.append(f"{pad}{lead}{k}:" + (f"   # {comment}" if comment else ""))
                for item in v:
                    item_def = sub_def
                    if def_name == "Submission" and k == "agreements":
                        item_def = {"development": "DevelopmentAgreement", "transfer": "TransferAgreement",
                                    "benefit": "BenefitAgreement", "tripartite": "TripartiteAgreement"}.get(item.get("kind"))
                    emit(item, item_def, indent + len(lead) + 2, "- ")
            else:
                lines.append(f"{pad}{lead}{k}: {scalar(v)}" + (f"   # {comment}" if comment else ""))
        for k, node in props.items():
            if k in obj or k == "format" or "（= " in node.get("description", ""):
                continue
            hint = codes_hint(node)
            lines.append(f"{pad}{' ' * len(first_prefix)}#- {k}:   # {desc(node)}" + (f"：{hint}" if hint and lang == "zh" else f": {hint}" if hint else ""))

    emit(data, "Submission", 0)
    return "\n".join(lines) + "\n"


def _canonical(data: dict) -> dict:
    """The example as the model reads it: field names, codes, ID numbers as text (quoted in YAML)."""
    from enum import Enum

    from compliance.submission.model import Submission

    def plain(v):
        if isinstance(v, Enum):
            return v.value
        if isinstance(v, dict):
            return {plain(k): plain(x) for k, x in v.items()}
        if isinstance(v, list):
            return [plain(x) for x in v]
        return v

    out = plain(Submission.model_validate(data).model_dump(mode="python", exclude_none=True))
    for key in ("project", "developer"):
        out[key] = {k: v for k, v in out[key].items() if v not in ([], {})}
    return out
