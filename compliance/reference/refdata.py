"""Reference data shipped with the product (compliance/data), each file naming its sources."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

DATA_DIR = "compliance/reference/data"


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    import yaml

    text = resources.files("compliance.reference").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


def _match(entries: list[dict], value: str) -> dict | None:
    v = (value or "").strip()
    for e in entries or []:
        if v == e["name"] or v in (e.get("aliases") or []):
            return e
    return None


def designated_venues(mechanism: str) -> list[dict] | None:
    """Designated venues for a mechanism; None when the data file has no entry for it."""
    venues = load("venues.yaml").get("venues", {})
    return venues.get(mechanism)


def venue_entry(mechanism: str, venue: str) -> dict | None:
    return _match(designated_venues(mechanism) or [], venue)


def registry_entry(mechanism: str, registry: str) -> dict | None:
    return _match(load("venues.yaml").get("registries", {}).get(mechanism) or [], registry)


def pilot_area(county: str) -> dict | None:
    """The 湘林碳票 pilot area containing a county, if any (whole prefecture or the county)."""
    for a in load("xltp_pilot_areas.yaml").get("areas", []):
        if county.startswith(a["code"]):
            return a
    return None
