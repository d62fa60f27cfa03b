"""Who may see and do what in the library (HN 第四条第三款、第八条、第二十条).

- developer: its own projects (the ones it stored first);
- county / prefecture / province: the projects with a plot in its division (division code prefix:
  ``430626`` a county, ``4306`` a prefecture, ``43`` a province);
- public (no token): nothing of the library; the catalogue and the 通报 list only.

Lifecycle records (the product's reading of HN 第四条、第十三条): 审核 (``review``) by the
prefecture bureau of the plots (第四条第二款) or the province; 入库 (``library``) by the county,
prefecture or province forestry bureau of the plots (第四条第三款, 第八条: the county bureaus
update the platform); 备案 (``filing``) by the province. Sensitive data (ID numbers, phone numbers,
coordinates, prices: HN 第二十条 confidentiality of carbon-sink resource data) only to officials.
"""
from __future__ import annotations

from typing import Any, Optional


from compliance.library.errors import BadRequest, Forbidden
from compliance.library.schema import projects_t

ROLES = ("developer", "county", "prefecture", "province")
OFFICIAL_ROLES = ("county", "prefecture", "province")
DIVISION_DIGITS = {"county": 6, "prefecture": 4, "province": 2}
PROJECT_STAGES = ("submitted", "review", "library", "filing")
STAGE_ROLES = {"review": ("prefecture", "province"), "library": ("county", "prefecture", "province"),
               "filing": ("province",)}
STAGE_ZH = {"submitted": "已提交", "review": "审核", "library": "入库", "filing": "备案"}
ROLE_ZH = {"developer": "开发主体", "county": "县级林业主管部门", "prefecture": "市州林业主管部门", "province": "省林业局"}
SENSITIVE_KEYS = frozenset({"id_number", "phone", "price", "geometry", "coordinates", "amount_yuan"})
MASK = "***"


def normalise_division(role: str, division: Optional[str]) -> Optional[str]:
    """The division prefix of an official (430626 / 4306 / 43); developers have none."""
    from compliance.reference import divisions

    if role == "developer":
        if division:
            raise BadRequest(zh="--division：开发主体账号没有行政区划", en="--division: a developer account has no division")
        return None
    code = str(division or "").strip()
    if not code:
        raise BadRequest(zh=f"--division：{ROLE_ZH[role]}账号须给出行政区划代码", en=f"--division: a {role} account needs its division code")
    digits = DIVISION_DIGITS[role]
    if code.isdigit() and len(code) == 6 and digits < 6 and code.endswith("0" * (6 - digits)):
        code = code[:digits]        # 430600 → 4306, 430000 → 43
    d = divisions.get(code)
    if d is None or len(code) != digits or d.level != role:
        raise BadRequest(zh=f"--division：{code} 不是{ROLE_ZH[role]}的区划代码（应为 {digits} 位{'县级' if role == 'county' else '市州' if role == 'prefecture' else '省级'}代码）",
                         en=f"--division: {code} is not a {role} division code ({digits} digits)")
    return code


def _in_division(user, counties) -> bool:
    return any(c.startswith(user.division) for c in counties)


def _counties(row) -> list[str]:
    return [c for c in row.counties.split(",") if c]


def can_view(user, row) -> bool:
    if user is None:
        return False
    if user.role == "developer":
        return row.owner_id == user.id
    return _in_division(user, _counties(row))


def require_view(user, row) -> None:
    from compliance.library.errors import Unauthenticated

    if user is None:
        raise Unauthenticated()
    if not can_view(user, row):
        raise Forbidden(zh=f"无权查看项目 {row.id}：不是本账号的项目，也不在本账号的辖区内",
                        en=f"not allowed to see project {row.id}: not this account's project nor in its division")


def visible_filter(q, user):
    if user is None:
        from compliance.library.errors import Unauthenticated

        raise Unauthenticated()
    if user.role == "developer":
        return q.where(projects_t.c.owner_id == user.id)
    return q.where(projects_t.c.counties.like(f"%,{user.division}%"))


def require_submit(user, row, counties: list[str]) -> None:
    """A developer stores its own projects; an official those whose plots all lie in its division."""
    if user.role == "developer":
        if row is not None and row.owner_id != user.id:
            raise Forbidden(zh=f"项目 {row.id} 已由其他开发主体入库：不能提交它的新版本",
                            en=f"project {row.id} was stored by another developer: you cannot submit a version of it")
        return
    outside = [c for c in counties if not c.startswith(user.division)]
    if outside:
        raise Forbidden(zh=f"地块所在县 {'、'.join(outside)} 不在本账号辖区 {user.division} 内：未入库",
                        en=f"plots lie in {', '.join(outside)}, outside this account's division {user.division}: not stored")
    if row is not None and row.owner_id is not None and not _in_division(user, _counties(row)):
        raise Forbidden(zh=f"项目 {row.id} 不在本账号辖区内", en=f"project {row.id} is not in this account's division")


def require_stage(user, row, stage: str) -> None:
    roles = STAGE_ROLES[stage]
    if user.role not in roles:
        raise Forbidden(zh=f"记录{STAGE_ZH[stage]}须由{'或'.join(ROLE_ZH[r] for r in roles)}进行，本账号为{ROLE_ZH[user.role]}：未作更改",
                        en=f"recording {stage} needs a {' or '.join(roles)} account, this one is {user.role}: nothing changed")
    if not _in_division(user, _counties(row)):
        raise Forbidden(zh=f"项目 {row.id} 的地块不在本账号辖区 {user.division} 内：未作更改",
                        en=f"the plots of project {row.id} are not in this account's division {user.division}: nothing changed")


def redact(obj: Any, user) -> Any:
    """Sensitive fields (HN 第二十条) masked unless the user is an official."""
    if user is not None and user.role in OFFICIAL_ROLES:
        return obj
    return _mask(obj)


def _mask(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: (MASK if k in SENSITIVE_KEYS and v not in (None, "", [], {}) else _mask(v)) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_mask(v) for v in obj]
    return obj


_SENSITIVE_STEMS = ("id_number", "phone", "price", "geometry", "coord", "amount")


def redact_trace(steps: list, user) -> list:
    """A decision trace for ``user``: compared fact values of sensitive fields masked for non-officials."""
    if user is not None and user.role in OFFICIAL_ROLES:
        return steps

    def comp(c: dict) -> dict:
        if any(stem in str(c.get("field", "")) for stem in _SENSITIVE_STEMS):
            return {**c, "fact_value": MASK if c.get("fact_value") is not None else None,
                    "compared_with": MASK if c.get("compared_with") is not None else None}
        return c

    out = []
    for step in steps:
        cases = [{**case, "facts": [{**f, "compared": [comp(c) for c in f.get("compared", [])],
                                     "failed_conditions": [comp(c) for c in f.get("failed_conditions", [])]}
                                    for f in case.get("facts", [])]} for case in step.get("cases", [])]
        out.append({**step, "cases": cases})
    return _mask(out)


__all__ = ["ROLES", "OFFICIAL_ROLES", "STAGE_ROLES", "redact", "redact_trace", "normalise_division"]
