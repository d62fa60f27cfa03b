"""Reference data shipped with the product (compliance/reference/data), each file naming its sources."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA_DIR = "compliance/reference/data"
NATIONAL = "national"
# legal-form suffixes that do not change which body is meant (longest first)
_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团公司", "股份", "集团", "公司")
_SPACE = re.compile(r"[\s\u3000·・]+")


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    import yaml

    text = (Path(__file__).resolve().parent / "data" / name).read_text(encoding="utf-8")   # no importlib.resources (~3 ms)
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}   # libyaml when present


def normalise_name(value: str | None) -> str:
    """A body's name for comparison: NFKC (full-width -> half-width), no spaces, no company suffix, casefolded."""
    v = unicodedata.normalize("NFKC", value or "")
    v = _SPACE.sub("", v).casefold()
    v = v.replace("(", "").replace(")", "")
    changed = True
    while changed:
        changed = False
        for s in _SUFFIXES:
            if v.endswith(s) and len(v) > len(s):
                v, changed = v[: -len(s)], True
    return v


def _match(entries: list[dict], value: str) -> dict | None:
    v = normalise_name(value)
    if not v:
        return None
    for e in entries or []:
        if v == normalise_name(e["name"]) or any(v == normalise_name(a) for a in (e.get("aliases") or [])):
            return e
    return None


def designated_by(entry: dict) -> str:
    return str(entry.get("designated_by") or NATIONAL)


def accepted_in(entry: dict, province: str | None) -> bool:
    """Designated by the state, or by the given province (None: any designation counts)."""
    d = designated_by(entry)
    return province is None or d == NATIONAL or str(province).startswith(d)


def designated_venues(mechanism: str, province: str | None = None) -> list[dict] | None:
    """Designated venues for a mechanism (for a province: national or that province's designations);
    None when the data file has no entry for the mechanism."""
    venues = load("venues.yaml").get("venues", {})
    found = venues.get(mechanism)
    if found is None:
        return None
    return [e for e in found if accepted_in(e, province)]


def any_venue(venue: str) -> tuple[str, dict] | None:
    """The (mechanism, entry) a venue name is registered under, whatever the mechanism."""
    for mech, entries in (load("venues.yaml").get("venues") or {}).items():
        e = _match(entries or [], venue)
        if e:
            return mech, e
    return None


def venue_entry(mechanism: str, venue: str, province: str | None = None) -> dict | None:
    return _match(designated_venues(mechanism, province) or [], venue)


def registry_entry(mechanism: str, registry: str) -> dict | None:
    return _match(load("venues.yaml").get("registries", {}).get(mechanism) or [], registry)


def designation_text(entry: dict, lang: str = "zh") -> str:
    d = designated_by(entry)
    if d == NATIONAL:
        who = "国家规定" if lang == "zh" else "designated by the state"
    else:
        from . import divisions

        who = f"{divisions.name(d)}规定" if lang == "zh" else f"designated by {divisions.name(d)}"
    return f"{who}（{entry.get('act', '')}）" if lang == "zh" else f"{who} ({entry.get('act', '')})"


def assessed_methodologies(mechanism: str) -> list[dict] | None:
    """Methodologies assessed (published) for a mechanism; None when the data has no entry for it."""
    data = load("methodologies.yaml")
    if mechanism == "CCER":
        return list(data.get("methodologies") or [])
    return (data.get("assessed") or {}).get(mechanism)


def pilot_area(county: str) -> dict | None:
    """The 湘林碳票 pilot area containing a county, if any (whole prefecture or the county)."""
    for a in load("xltp_pilot_areas.yaml").get("areas", []):
        if county.startswith(a["code"]):
            return a
    return None


def competence_entry(basis: str) -> dict | None:
    """The competence entry for a cited basis ("温室气体自愿减排交易管理办法（试行）第四十三条"), or None."""
    text = normalise_name(basis)
    for e in load("competence.yaml").get("entries") or []:
        if not any(normalise_name(d) in text for d in (e["document"], *(e.get("also_cited_as") or []))):
            continue
        articles = e.get("articles") or []
        if articles and not any(normalise_name(a) in text for a in articles):
            continue
        return e
    return None


def competent(authority: str, basis: str) -> bool | None:
    """Whether an authority is competent for a basis; None when the data has no entry for the basis."""
    e = competence_entry(basis)
    if e is None:
        return None
    name = normalise_name(authority)
    return any(normalise_name(w) in name for w in e.get("authority_words") or [])
