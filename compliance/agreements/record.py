"""Record drafted agreements back into a copy of the submission (``--write-agreements``).

Each drafted document becomes an ``agreements:`` entry that says what the document says:
its kind, parties, plots, term, price, consent, deadline, shares, the clauses its template
carries (recognised by their headings) and its number as ``reference``. ``signed`` is
always written as null: a draft is not signed, and HN-15-agreements keeps reporting it until
the parties have signed and the date is entered.

A document drafted from a recorded agreement replaces that entry; a document composed from
others (a tripartite agreement drafted from the three separate ones) is appended. The rest of
the file is kept as written — comments included — when it is YAML with a top-level
``agreements:`` block; otherwise the whole file is re-serialised.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from enum import Enum
from pathlib import Path
from typing import Any

from compliance.reference.vocab import AgreementKind
from .problems import DraftError

K = AgreementKind


def _plain(value: Any) -> Any:
    """Model dumps to YAML-safe data: enums to codes, dates kept as dates."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k.value if isinstance(k, Enum) else k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _dump(model) -> Any:
    return _plain(model.model_dump(mode="python", exclude_none=True)) if model is not None else None


def entry(d) -> dict:
    """The agreements: entry describing one drafted document (a ``drafter.Drafted``)."""
    t, ctx = d.terms, d.built.context
    out: dict[str, Any] = {"kind": t.kind.value, "signed": None, "reference": ctx["doc"]["number"]}
    if t.kind is K.TRANSFER:
        out.update(transferors=list(t.transferors), transferee=t.transferee)
    else:
        out["parties"] = list(t.parties)
        if t.kind is K.TRIPARTITE:
            out.update(transferors=list(t.transferors), transferee=t.transferee)
    if t.kind in (K.TRANSFER, K.TRIPARTITE):
        out["mode"] = t.mode.value if t.mode else None
        out["plots"] = [p.id for p in t.plots]
    if t.term is not None and t.kind is not K.BENEFIT:
        out["term"] = {"start": t.term.start, "end": t.term.end}
    if t.kind in (K.TRANSFER, K.TRIPARTITE) and t.price is not None:
        amount = t.price.amount_yuan
        out["price"] = {"amount_yuan": int(amount) if float(amount).is_integer() else amount, "per": t.price.per, "payment": ctx["price"]["payment"]}
    if t.kind in (K.TRANSFER, K.TRIPARTITE):
        out["consent"] = _dump(t.consent)
        out["township_approval"] = _dump(t.township_approval)
        out["household_entrustments"] = [_dump(e) for e in t.entrustments]
        if t.signatory:
            out["signatory"] = t.signatory
    if t.kind is not K.BENEFIT and t.deadline is not None:
        out["development_deadline"] = t.deadline
    for k in ("validation", "registration"):
        if t.kind is not K.BENEFIT and t.long_stop.get(k) is not None:
            out[f"{k}_deadline"] = t.long_stop[k]
    if t.kind in (K.BENEFIT, K.TRIPARTITE):
        out["shares"] = {pid: t.shares[pid] for pid in t.parties if pid in t.shares}
        out["payment_schedule"] = ctx["payment_schedule"]
    out["clauses"] = [c.value for c in d.clauses]
    return {k: v for k, v in out.items() if v is not None or k == "signed"}


def merged_agreements(raw_agreements: list, drafted: list) -> list:
    entries = list(raw_agreements or [])
    for d in drafted:
        new = entry(d)
        if d.planned.index is not None and d.planned.index < len(entries):
            entries[d.planned.index] = new
        else:
            entries.append(new)
    return entries


_TOP_KEY = re.compile(r"^agreements\s*:")


def _yaml_block(entries: list) -> str:
    import yaml

    return yaml.safe_dump({"agreements": entries}, allow_unicode=True, sort_keys=False, default_flow_style=None,
                          width=110)


def _splice(text: str, block: str) -> str | None:
    """Replace the top-level agreements: block of a YAML text, keeping everything else."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if _TOP_KEY.match(line)), None)
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t-#"):
        end += 1
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1          # blank lines and column-0 comments before the next key belong to it
    tail = lines[end:]
    return "".join(lines[:start]) + block + ("\n" if tail and not block.endswith("\n\n") else "") + "".join(tail)


def write(source: Path, drafted: list, out: Path) -> Path:
    """Write a copy of ``source`` with the drafted agreements recorded; the copy must load."""
    import yaml

    from compliance.submission.files import InvalidSubmission, loads, read_file

    source, out = Path(source), Path(out)
    if out.exists() and out.resolve() == source.resolve():
        raise DraftError((f"--write-agreements 不能覆盖输入文件 {source}：请另取文件名",
                          f"--write-agreements must not overwrite the input file {source}: choose another name"), code=2)
    data = read_file(source)
    entries = merged_agreements(data.get("agreements") or [], drafted)
    as_json = out.suffix.lower() == ".json"
    text = None
    if as_json:
        data["agreements"] = entries
        text = json.dumps(data, ensure_ascii=False, indent=2, default=lambda o: o.isoformat() if isinstance(o, dt.date) else str(o))
    elif source.suffix.lower() != ".json":
        raw = source.read_bytes()
        try:
            original = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            original = raw.decode("gb18030")
        text = _splice(original, _yaml_block(entries))
    candidates = [text] if text is not None else []
    data["agreements"] = entries
    if not as_json:
        candidates.append(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=110))
    last_error = None
    for candidate in candidates:
        try:
            loads(candidate, str(out), ".json" if as_json else ".yaml")
        except InvalidSubmission as e:
            last_error = e
            continue
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(candidate, encoding="utf-8")
        except OSError as e:
            from .problems import os_reason

            raise DraftError((f"--write-agreements：无法写入 {out}：{os_reason(e)[0]}",
                              f"--write-agreements: cannot write {out}: {os_reason(e)[1]}"), code=2)
        return out
    from .problems import Problem

    problems = [Problem(p.path, p.message("zh"), p.message("en")) for p in (last_error.problems if last_error else [])]
    raise DraftError(("内部错误：写回的提交文件无法通过校验，未写入：", "internal error: the recorded submission does not validate; not written:"),
                     problems, code=3)
