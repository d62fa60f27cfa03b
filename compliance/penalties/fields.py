"""Validation of a sanction's fields, legal-basis classification, name normalisation and the
record-time warnings (REG-basis, REG-limitation, MEAS-43).

``check_sanction(raw)`` turns user input (CLI options, a spreadsheet row, API keywords) into
the normalised body of a ``recorded`` event, collecting every bad field rather than stopping
at the first, so an importer can report them all.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from pathlib import Path

from compliance.reference import ids
from . import divisions
from .messages import RegisterError, os_error

MEASURES = ("suspend", "restrict", "cancel", "notice")
MEASURE_ALIASES = {
    "暂停": "suspend", "暂停资格": "suspend", "suspension": "suspend",
    "限制": "restrict", "限制资格": "restrict", "restriction": "restrict",
    "取消": "cancel", "取消资格": "cancel", "cancellation": "cancel",
    "通报": "notice", "通报批评": "notice",
    "暂停参与林业碳汇资源开发资格": "suspend",
    "限制参与林业碳汇资源开发资格": "restrict",
    "取消参与林业碳汇资源开发资格": "cancel",
}
KINDS = ("legal_person", "natural_person")
KIND_ALIASES = {
    "legal": "legal_person", "organisation": "legal_person", "organization": "legal_person",
    "法人": "legal_person", "单位": "legal_person", "组织": "legal_person", "法人或其他组织": "legal_person",
    "natural": "natural_person", "person": "natural_person", "individual": "natural_person",
    "自然人": "natural_person", "个人": "natural_person",
}
ALL_MECHANISMS = "*"
MECHANISM_ALIASES = {
    "全部": ALL_MECHANISMS, "全部机制": ALL_MECHANISMS, "ALL": ALL_MECHANISMS, "*": ALL_MECHANISMS,
    "湘林碳票": "XLTP", "林草碳普惠": "SCPH", "碳普惠": "SCPH", "国家核证自愿减排量": "CCER",
}
MECHANISM_NAMES = {"CCER": "CCER", "XLTP": "湘林碳票", "SCPH": "林草碳普惠"}
CONDUCTS = ("data_falsification", "false_materials", "enclosure", "blind_development", "other")
CONDUCT_ALIASES = {
    "数据造假": "data_falsification", "篡改数据": "data_falsification", "伪造数据": "data_falsification",
    "弄虚作假": "data_falsification",
    "虚假材料": "false_materials", "提供虚假材料": "false_materials",
    "无序圈占": "enclosure", "圈占": "enclosure", "资源圈占": "enclosure",
    "盲目开发": "blind_development",
    "其他": "other",
}
CONDUCT_NAMES = {"data_falsification": "数据造假", "false_materials": "提供虚假材料",
                 "enclosure": "无序圈占资源", "blind_development": "盲目开发", "other": "其他"}
CONDUCT_ALIASES.update({v: k for k, v in CONDUCT_NAMES.items()})
# Words in the grounds that mean deliberate data falsification (MEAS Art. 43: 篡改、伪造数据等故意弄虚作假)
FALSIFICATION_WORDS = ("篡改", "伪造", "弄虚作假", "造假")

MAX_TEXT = {"entity_name": 200, "grounds": 4000, "case_number": 100, "evidence": 500,
            "decided_by_name": 200, "reason": 2000, "appeal_body": 200, "appeal_document": 100,
            "authority_name": 200, "authority_id": 40, "basis": 300, "query": 200, "lift_reason": 2000}
DEFAULT_MAX_TEXT = 1000   # any other text field: every text has a limit
MAX_ITEMS = {"basis": 20, "evidence": 50}   # list fields: every list has a limit too

# REG-basis, REG-limitation, MEAS-43 and REG-competence are declared in compliance/rules/register.py
# with their dated parameters; check_sanction asks the rule base (recording_warnings).

# NUL and control characters (tab and line breaks allowed), lone UTF-16 surrogates (undecodable
# bytes; they cannot be stored) and bidi embeddings/overrides/isolates (they reorder a name as shown)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


# --------------------------------------------------------------------------- small parsers

def text(value, field: str, *, required: bool = True) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RegisterError("required", field)
        return None
    s = str(value).strip()
    limit = MAX_TEXT.get(field, DEFAULT_MAX_TEXT)
    if len(s) > limit:
        raise RegisterError("too_long", field, max=limit)
    bad = _CONTROL.search(s)
    if bad:
        from compliance.i18n import printable

        raise RegisterError("bad_character", field, char=printable(bad.group()))
    return s


# strict ISO 8601 calendar dates only (the issue's "every date is strict ISO"): 2026-3-1, 2026/03/01,
# 20260301 or 2026年3月1日 are refused naming the field, not guessed; full-width digits are read as digits
_DATE_PATTERNS = (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),)


def parse_date(value, field: str, *, required: bool = True) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RegisterError("required", field)
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = unicodedata.normalize("NFKC", str(value)).strip()
    if len(s) > 40:
        raise RegisterError("bad_date", field, value=s[:40] + "…")
    if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", s):
        # a date with a time of day: the whole value must be strict ISO 8601 (no 25:00)
        try:
            dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
        except ValueError:
            raise RegisterError("bad_date", field, value=str(value)) from None
        s = s[:10]
    for pat in _DATE_PATTERNS:
        m = pat.match(s)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                break
    raise RegisterError("bad_date", field, value=str(value))


def iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def choice(value, field: str, choices: tuple[str, ...], aliases: dict[str, str]) -> str:
    if value is None or not str(value).strip():
        raise RegisterError("required", field)
    s = unicodedata.normalize("NFKC", str(value)).strip()
    if s in choices:
        return s
    low = s.lower()
    if low in choices:
        return low
    for k, v in aliases.items():
        if s == k or low == k.lower():
            return v
    raise RegisterError("bad_choice", field, value=s, choices=", ".join(choices))


def mechanism_code(item: str, field: str = "mechanisms") -> str:
    """One mechanism as typed (code, Chinese label or alias, any width or case) -> its code, or '*'."""
    item = unicodedata.normalize("NFKC", str(item)).strip()
    alias = MECHANISM_ALIASES.get(item) or MECHANISM_ALIASES.get(item.upper())
    if alias:
        return alias
    from compliance.reference.vocab import Mechanism

    m = Mechanism.lookup(item)
    if m is None:
        raise RegisterError("bad_choice", field, value=item, choices=mechanism_choices())
    return m.value


def mechanism_choices() -> str:
    from compliance.reference.vocab import Mechanism

    return ", ".join(m.value if m.value in m.zh else f"{m.value}（{m.zh}）" for m in Mechanism) + ", *（全部）"


def mechanisms(value, field: str = "mechanisms") -> list[str]:
    """['CCER', 'XLTP'] (sorted, unique codes of compliance.reference.vocab.Mechanism) or ['*'] for all
    mechanisms. Empty means all; an unknown mechanism is refused."""
    if value is None:
        items: list[str] = []
    elif isinstance(value, str):
        items = re.split(r"[,，、;；\s]+", unicodedata.normalize("NFKC", value))
    else:
        items = [p for v in value for p in re.split(r"[,，、;；]+", unicodedata.normalize("NFKC", str(v)))]
    out: set[str] = set()
    for item in items:
        if item.strip():
            out.add(mechanism_code(item, field))
    if not out or ALL_MECHANISMS in out:
        return [ALL_MECHANISMS]
    return sorted(out)


def mechanism_covers(scope_mechanisms, mechanism: str | None) -> bool:
    return mechanism is None or ALL_MECHANISMS in scope_mechanisms or mechanism.upper() in scope_mechanisms


def entity_code(code, kind, code_field: str = "code", kind_field: str = "entity_kind") -> tuple[str, str]:
    """(normalised code, kind); infers the kind from the code when it is not given."""
    if code is None or not str(code).strip():
        raise RegisterError("required", code_field)
    norm = ids.normalize_code(unicodedata.normalize("NFKC", str(code)))
    if kind is not None and str(kind).strip():
        kind = choice(kind, kind_field, KINDS, KIND_ALIASES)
        problem = ids.uscc_problem(norm) if kind == "legal_person" else ids.id_number_problem(norm)
        if problem:
            raise RegisterError(problem, code_field, value=norm)
        return norm, kind
    uscc_bad = ids.uscc_problem(norm)
    id_bad = ids.id_number_problem(norm)
    if uscc_bad is None and id_bad is None:
        raise RegisterError("code_kind_ambiguous", kind_field)
    if uscc_bad is None:
        return norm, "legal_person"
    if id_bad is None:
        return norm, "natural_person"
    raise RegisterError("code_invalid_any", code_field, value=norm)


# --------------------------------------------------------------------------- legal basis

_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "【": "〔", "】": "〕"})
_PARENS = str.maketrans({"(": "（", ")": "）"})     # as typed on an English keyboard
_DOCNO = re.compile(r"〔\d{4}〕\s*\d+\s*号")
_ARTICLE = re.compile(r"^(第[一二三四五六七八九十百零〇\d]+条.*|[一二三四五六七八九十]+[、(（].*|Art\..*|§.*)$")
_KNOWN_BASIS = {
    # document (as cited in the product) -> kind
    "湘林基〔2025〕5号": "normative",
    "川林发〔2024〕3号": "normative",
    # the same two texts cited by title (with or without 《》, which are stripped below)
    "湖南省林业碳汇资源管理办法（试行）": "normative",
    "深入推进林草碳普惠机制建设的指导意见": "normative",
    "关于印发《湖南省林业碳汇资源管理办法（试行）》的通知": "normative",
    "关于印发《深入推进林草碳普惠机制建设的指导意见》的通知": "normative",
    "温室气体自愿减排交易管理办法（试行）": "rule",
    "温室气体自愿减排交易管理办法": "rule",          # the same rule cited without （试行）
    "生态环境部、市场监管总局令第31号": "rule",
}


def classify_document(document: str) -> str:
    """law | regulation | rule | normative | unknown (行政处罚法 第十六条: only law, regulation, rule)."""
    doc = document.translate(_BRACKETS).translate(_PARENS)
    if doc in _KNOWN_BASIS:
        return _KNOWN_BASIS[doc]
    bare = doc.strip().strip("《》")
    if bare in _KNOWN_BASIS:
        return _KNOWN_BASIS[bare]
    if "令" in doc and re.search(r"令(第)?\s*\d+\s*号", doc):
        return "rule"  # 部门规章 / 地方政府规章 are promulgated by 令
    if (doc.rstrip("》").endswith("法") or "法》" in doc or re.search(r"法(（\d{4}年?）|\(\d{4}\))?$", doc)) \
            and not re.search(r"办法(》|（|$)", doc.strip()):     # a 办法 is a rule or a normative document
        return "law"
    if "条例" in doc:
        return "regulation"
    if _DOCNO.search(doc):
        return "normative"
    return "unknown"


def parse_basis(value, field: str = "basis") -> dict:
    """'湘林基〔2025〕5号 第二十三条' -> {document, article, kind}. Dicts pass through (validated)."""
    if isinstance(value, dict):
        document = text(value.get("document"), field)
        article = (value.get("article") or "").strip()
    else:
        s = text(value, field)
        s = unicodedata.normalize("NFC", s).translate(_BRACKETS)
        parts = s.rsplit(None, 1)
        if len(parts) == 2 and _ARTICLE.match(parts[1]):
            document, article = parts[0].strip(), parts[1].strip()
        else:
            m = re.match(r"^(.*?)(第[一二三四五六七八九十百零〇\d]+条.*)$", s)
            document, article = (m.group(1).strip(), m.group(2)) if m and m.group(1).strip() else (s, "")
    document = document.translate(_BRACKETS)
    return {"document": document, "article": article, "kind": classify_document(document)}


def citation(basis: dict) -> str:
    return f"{basis['document']} {basis['article']}".strip()


def citations(basis_list) -> str:
    return "；".join(citation(b) for b in basis_list)


# --------------------------------------------------------------------------- names

_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "股份公司", "公司",
                "有限合伙", "普通合伙", "合伙企业", "农民专业合作社", "专业合作社")


# names made only of CJK unified ideographs, ASCII letters and digits: NFKC leaves them as they
# are and every character is a letter or a number, so folding is just lower-casing
_PLAIN_NAME = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]*")


def normalize_name(name: str) -> str:
    """Fold full/half width and case, drop spaces and punctuation, and the legal-form suffix."""
    if name and _PLAIN_NAME.fullmatch(name):
        s = name.lower()
    else:
        s = unicodedata.normalize("NFKC", name or "").casefold()
        s = "".join(ch for ch in s if unicodedata.category(ch)[0] in "LN")
    if not s.endswith(_LEGAL_FORMS):
        return s
    for suffix in _LEGAL_FORMS:  # longest first; the first that ends the name decides
        if s.endswith(suffix):
            return s[: -len(suffix)] or s
    return s


# --------------------------------------------------------------------------- evidence

_EVIDENCE_HASHED = re.compile(r"^(.*\S)\s*\[sha256:([0-9a-f]{64})\]$")


def evidence_text(item: dict) -> str:
    return f"{item['ref']} [sha256:{item['sha256']}]" if item.get("sha256") else item["ref"]


def evidence_item(value, field: str = "evidence") -> dict:
    """A reference (document number, archive id) or a file, stored with its SHA-256."""
    if isinstance(value, dict):
        ref = text(value.get("ref"), field)
        return {"ref": ref, "sha256": value.get("sha256")}
    ref = text(value, field)
    m = _EVIDENCE_HASHED.match(ref)
    if m:  # as exported: "询问笔录.pdf [sha256:…]"
        return {"ref": m.group(1).strip(), "sha256": m.group(2)}
    p = Path(ref)
    try:
        is_file = p.is_file()
    except OSError:
        is_file = False
    if is_file:
        h = hashlib.sha256()
        try:
            with p.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        except OSError as exc:
            raise os_error(exc, field, p) from None
        return {"ref": p.name, "sha256": h.hexdigest()}
    return {"ref": ref, "sha256": None}


def _list(value) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if v is not None and (not isinstance(v, str) or v.strip())]
    if isinstance(value, str):
        return [p for p in re.split(r"[；;\n]+", value) if p.strip()]
    return [value]


# --------------------------------------------------------------------------- the sanction

SANCTION_KEYS = ("entity", "region_code", "measure", "scope", "from_date", "to_date", "open_ended",
                 "grounds", "conduct", "conduct_ended", "discovered_on", "decided_on", "basis",
                 "case_number", "evidence", "decided_by")


def check_sanction(raw: dict, acting: dict) -> tuple[dict | None, list[RegisterError], list[dict]]:
    """Validate ``raw`` for recording by the ``acting`` authority.

    Returns (body, errors, warnings); body is None when there are errors. Jurisdiction is
    checked here too: the region and the deciding authority must lie within the acting
    authority's division, and the scope province must be its province.
    """
    errors: list[RegisterError] = []
    out: dict = {}

    def attempt(fn):
        try:
            return fn()
        except RegisterError as err:
            errors.append(err)
            return None

    acting_div = acting["division"]

    # entity
    name = attempt(lambda: text(raw.get("entity_name"), "entity_name"))
    code_kind = attempt(lambda: entity_code(raw.get("code"), raw.get("entity_kind")))
    if name and code_kind:
        out["entity"] = {"name": name, "kind": code_kind[1], "code": code_kind[0]}

    def region():
        d = divisions.get(text(raw.get("region_code"), "region_code"), "region_code")
        if not divisions.contains(acting_div, d.code):
            raise RegisterError("out_of_jurisdiction", "region_code", authority=acting["authority_id"],
                                division=acting_div, target=d.code)
        return d.code
    out["region_code"] = attempt(region)
    out["measure"] = attempt(lambda: choice(raw.get("measure"), "measure", MEASURES, MEASURE_ALIASES))

    def scope():
        prov_raw = raw.get("province")
        own = divisions.province_of(acting_div)
        if prov_raw is None or not str(prov_raw).strip():
            prov = own
        else:
            prov = divisions.province_code(str(prov_raw), "province")
        if prov != own:
            raise RegisterError("scope_other_province", "province", value=prov, province=own)
        return {"province": prov, "mechanisms": mechanisms(raw.get("mechanisms"))}
    out["scope"] = attempt(scope)

    start = attempt(lambda: parse_date(raw.get("from_date"), "from_date"))
    end = attempt(lambda: parse_date(raw.get("to_date"), "to_date", required=False))
    open_ended = bool(raw.get("open_ended"))
    if end and open_ended:
        errors.append(RegisterError("to_and_open", "to_date"))
    if start and end and end < start:
        errors.append(RegisterError("to_before_from", "to_date", to=end.isoformat(), from_=start.isoformat()))
    out["grounds"] = attempt(lambda: text(raw.get("grounds"), "grounds"))
    conduct_raw = raw.get("conduct")
    out["conduct"] = attempt(lambda: choice(conduct_raw, "conduct", CONDUCTS, CONDUCT_ALIASES)) \
        if conduct_raw not in (None, "") else None
    ended = attempt(lambda: parse_date(raw.get("conduct_ended"), "conduct_ended", required=False))
    discovered = attempt(lambda: parse_date(raw.get("discovered_on"), "discovered_on", required=False))
    decided = attempt(lambda: parse_date(raw.get("decided_on"), "decided_on", required=False)) or start
    if ended and decided and ended > decided:
        errors.append(RegisterError("conduct_after_decision", "conduct_ended", value=ended.isoformat(),
                                    decided=decided.isoformat()))
    basis_items = _list(raw.get("basis"))
    if not basis_items:
        errors.append(RegisterError("basis_required", "basis"))
    evidence_items = _list(raw.get("evidence"))
    for name, items in (("basis", basis_items), ("evidence", evidence_items)):
        if len(items) > MAX_ITEMS[name]:
            errors.append(RegisterError("too_many_items", name, max=MAX_ITEMS[name], count=len(items)))
            items[MAX_ITEMS[name]:] = []
    out["basis"] = [b for b in (attempt(lambda v=v: parse_basis(v)) for v in basis_items) if b]
    out["case_number"] = attempt(lambda: text(raw.get("case_number"), "case_number"))
    out["evidence"] = [e for e in (attempt(lambda v=v: evidence_item(v)) for v in evidence_items) if e]

    def decided_by():
        dname = text(raw.get("decided_by_name"), "decided_by_name", required=False)
        ddiv = raw.get("decided_by_division")
        if not dname and (ddiv is None or not str(ddiv).strip()):
            return {"authority_id": acting["authority_id"], "name": acting["name"],
                    "division": acting_div, "level": acting["level"]}
        if not dname:
            raise RegisterError("required", "decided_by_name")
        d = divisions.get(str(ddiv).strip() if ddiv is not None else acting_div, "decided_by_division")
        if not divisions.contains(acting_div, d.code):
            raise RegisterError("out_of_jurisdiction", "decided_by_division", authority=acting["authority_id"],
                                division=acting_div, target=d.code)
        same = dname == acting["name"] and d.code == acting_div
        return {"authority_id": acting["authority_id"] if same else None, "name": dname,
                "division": d.code, "level": d.level}
    out["decided_by"] = attempt(decided_by)

    warnings: list[dict] = []
    if errors:
        return None, errors, warnings
    from ..rules import register as rules

    on = decided or start
    applied = False
    if end is None and not open_ended:
        if falsification_in_ccer(out):
            end = rules.period_end(start, rules.param_at("MEAS.43_bar_years", on))
            applied = True
        else:
            return None, [RegisterError("to_or_open", "to_date")], warnings
    out["from_date"] = iso(start)
    out["to_date"] = iso(end)
    out["open_ended"] = end is None
    out["conduct_ended"] = iso(ended)
    out["discovered_on"] = iso(discovered)
    out["decided_on"] = iso(decided)
    warnings.extend(advisories(out, applied_default=applied, on=on))
    return {k: out[k] for k in SANCTION_KEYS}, [], warnings


def to_raw(body: dict) -> dict:
    """The inverse of check_sanction: a recorded body as raw input (to overlay an amendment)."""
    return {
        "entity_name": body["entity"]["name"], "entity_kind": body["entity"]["kind"],
        "code": body["entity"]["code"], "region_code": body["region_code"], "measure": body["measure"],
        "province": body["scope"]["province"], "mechanisms": body["scope"]["mechanisms"],
        "from_date": body["from_date"], "to_date": body["to_date"], "open_ended": body["open_ended"],
        "grounds": body["grounds"], "conduct": body["conduct"], "conduct_ended": body["conduct_ended"],
        "discovered_on": body["discovered_on"], "decided_on": body["decided_on"],
        "basis": list(body["basis"]), "case_number": body["case_number"], "evidence": list(body["evidence"]),
        "decided_by_name": body["decided_by"]["name"], "decided_by_division": body["decided_by"]["division"],
    }


def falsification_in_ccer(body: dict) -> bool:
    mechs = body["scope"]["mechanisms"]
    if not (ALL_MECHANISMS in mechs or "CCER" in mechs):
        return False
    return body.get("conduct") == "data_falsification" or any(w in (body.get("grounds") or "")
                                                                for w in FALSIFICATION_WORDS)


def advisories(body: dict, applied_default: bool = False, on: dt.date | None = None) -> list[dict]:
    """Warnings to show and store with the event (they never block): the rule base's recording
    rules (REG-basis, REG-limitation, MEAS-43, REG-competence) judged on this sanction."""
    from ..rules import register as rules

    on = on or dt.date.fromisoformat(body.get("decided_on") or body["from_date"])
    fact = rules.recording_fact(body, falsification_in_ccer(body), applied_default, on)
    return rules.recording_warnings(fact, on)
