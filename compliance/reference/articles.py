"""The texts of the articles the rules cite (reference data ``data/articles.yaml``, built by
``tools/make_articles.py`` verbatim from the published texts, each entry naming its source).

``for_citation(document, article)`` splits a citation as the rules write it into the units that
have a text -- ``第十条第一款第（二）项`` → 第十条, ``第九条、第十四条、第十六条`` → three articles,
``第十四条至第二十五条`` → the range, ``六(四)`` / ``二、四(一)`` → sections of 川林发〔2024〕3号 --
and answers the texts found plus, for a document without a text here, the reason why.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUM = "零〇一二两三四五六七八九十百千"
_ARTICLE = re.compile(rf"第([{NUM}]+)条")
_RANGE = re.compile(rf"第([{NUM}]+)条至第([{NUM}]+)条")
_SECTION = re.compile(r"([一二三四五六七八九十]+)((?:[(（][一二三四五六七八九十]+[)）])*)")
SICHUAN = "川林发〔2024〕3号"


def cn_to_int(text: str) -> int:
    """一百六十五 → 165, 十二 → 12, 一千二百五十九 → 1259, 七百零五 → 705."""
    total, digit = 0, 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            total += (digit or 1) * UNITS[ch]
            digit = 0
        else:
            raise ValueError(text)
    return total + digit


def int_to_cn(n: int) -> str:
    """165 → 一百六十五, 12 → 十二, 1259 → 一千二百五十九, 705 → 七百零五 (as articles are numbered)."""
    if not 0 < n < 10_000:
        raise ValueError(n)
    names = "零一二三四五六七八九"
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero:
                out += "零"
            out += ("" if (d == 1 and unit == "十" and n < 20) else names[d]) + unit
            zero = False
        elif out:
            zero = True
    return out


NAMED = ("印发日期",)     # parts of a document cited by name (the notice that issued it, with its date)


def units(document: str, article: str) -> list[str]:
    """The units of ``article`` that carry a text: articles (第N条), Sichuan sections (六、六(四)),
    or a part cited by name (``印发日期``: the issuing notice)."""
    article = (article or "").strip()
    if article in NAMED:
        return [article]
    if document == SICHUAN:
        out = []
        for part in re.split(r"[、，,]", article):
            m = _SECTION.search(part.strip())
            if not m:
                continue
            subs = re.findall(r"[(（]([一二三四五六七八九十]+)[)）]", m.group(2))
            out += [f"{m.group(1)}({s})" for s in subs] if subs else [m.group(1)]
        return list(dict.fromkeys(out))
    out = []
    for a, b in _RANGE.findall(article):
        out += [f"第{int_to_cn(n)}条" for n in range(cn_to_int(a), cn_to_int(b) + 1)]
    rest = _RANGE.sub("", article)
    out += [f"第{m}条" for m in _ARTICLE.findall(rest)]
    order = {u: i for i, u in enumerate(out)}
    return sorted(dict.fromkeys(out), key=lambda u: (cn_to_int(u[1:-1]), order[u]))


@dataclass(frozen=True)
class ArticleText:
    document: str
    unit: str            # 第十五条 / 六(四)
    text: str
    source: str          # where the text was taken from (file, repository and commit)
    title: str = ""      # the document's full title


@dataclass(frozen=True)
class Resolved:
    texts: tuple[ArticleText, ...]
    missing: tuple[str, ...] = ()           # units of a document that has texts but not these
    unavailable: str = ""                   # why a document has no text here at all

    def as_dict(self) -> dict:
        return {"texts": [{"document": t.document, "unit": t.unit, "title": t.title, "text": t.text, "source": t.source}
                          for t in self.texts],
                "missing": list(self.missing), "unavailable": self.unavailable or None}


@lru_cache(maxsize=1)
def _data() -> tuple[dict, dict]:
    from compliance.reference.refdata import load

    data = load("articles.yaml")
    sources = data.get("sources") or {}
    texts = {}
    for doc, entry in (data.get("documents") or {}).items():
        src = sources.get(entry.get("source"), {})
        for unit, text in (entry.get("articles") or {}).items():
            texts[(doc, unit)] = ArticleText(doc, unit, text.rstrip("\n"), src.get("text", ""), entry.get("title", ""))
    unavailable = {doc: entry["reason"] for doc, entry in (data.get("unavailable") or {}).items()}
    return texts, unavailable


def documents() -> set[str]:
    texts, unavailable = _data()
    return {d for d, _ in texts} | set(unavailable)


def for_citation(document: str, article: str = "") -> Resolved:
    texts, unavailable = _data()
    if document in unavailable:
        return Resolved((), (), unavailable[document])
    found, missing = [], []
    for u in units(document, article):
        t = texts.get((document, u))
        (found if t is not None else missing).append(t if t is not None else u)
    return Resolved(tuple(found), tuple(missing))


def of_citations(citations) -> list[dict]:
    """Per citation (objects with ``document``, ``article`` and ``text()``, e.g. a rule's citation
    and its ``also_cites``): {citation, texts: [{unit, title, text, source}], missing, unavailable}."""
    out, seen = [], set()
    for c in citations:
        if c.text() in seen:
            continue
        seen.add(c.text())
        r = for_citation(c.document, c.article)
        out.append({"citation": c.text(), **r.as_dict()})
    return out


def lookup(document: str, unit: str) -> Optional[ArticleText]:
    return _data()[0].get((document, unit))


__all__ = ["for_citation", "of_citations", "units", "lookup", "documents", "cn_to_int", "int_to_cn", "ArticleText", "Resolved"]
