"""The sanctions-register test world (authorities, their keys, sample sanctions), shared by the
register's tests (through tests/penalties/conftest.py) and the platform's tests.

A register holds a Hunan province authority (HN, self-enrolled), the Huaihua prefecture (HH,
4312), two of its counties (HC 鹤城区 431202, ZF 中方县 431221) and Sichuan's province
authority (SC). Key files are written next to the database for CLI and subprocess tests.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from compliance.reference import ids

PYTHON = sys.executable

HERE = Path(__file__).resolve().parent

AUTHORITIES = [  # id, name, division, enrolled by
    ("HN", "湖南省林业局", "43", None),
    ("HH", "怀化市林业局", "4312", "HN"),
    ("HC", "怀化市鹤城区林业局", "431202", "HN"),
    ("ZF", "中方县林业局", "431221", "HN"),
    ("SC", "四川省林业和草原局", "51", None),
]


def uscc(n: int, division: str = "431202") -> str:
    """A valid 统一社会信用代码 (工商, enterprise) numbered n."""
    body = f"91{division}MA{n:07d}"[:17]
    body = body[:8] + body[8:].replace("I", "1").replace("O", "0")
    return body + ids.uscc_check_digit(body)


def id_number(n: int = 1, division: str = "431202", born: str = "19800101") -> str:
    first = f"{division}{born}{n:03d}"
    return first + ids.id_check_digit(first)


@dataclass
class World:
    path: Path
    reg: object
    signers: dict = field(default_factory=dict)
    key_files: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def record(self, who: str = "HC", **overrides):
        return self.reg.record(sanction(**overrides), authority=who, signer=self.signers[who])

    def count(self) -> int:
        return self.reg.head()[0]


def sanction(**overrides) -> dict:
    raw = dict(entity_name="怀化绿源林业有限公司", code=uscc(1), region_code="431202", measure="suspend",
               mechanisms=["CCER", "XLTP"], from_date="2026-03-01", to_date="2027-02-28",
               grounds="未按约定开展造林，长期圈占林地资源", basis=["森林法 第七十四条", "湘林基〔2025〕5号 第十四条"],
               case_number="鹤林罚决字〔2026〕1号", evidence=["现场勘验笔录 鹤林勘〔2026〕3号"])
    raw.update(overrides)
    return raw


def build_world(path: Path, authorities=AUTHORITIES) -> World:
    from compliance.penalties.chain import Signer
    from compliance.penalties.store import Register

    reg = Register(str(path))
    w = World(path, reg)
    for aid, name, division, by in authorities:
        s = Signer.generate()
        w.signers[aid] = s
        kf = path.parent / f"{aid}.pem"
        kf.write_bytes(s.pem())
        kf.chmod(0o600)
        w.key_files[aid] = kf
        if by is None:
            reg.enroll(authority_id=aid, name=name, division=division, public_key=s.public_key, signer=s,
                       bootstrap=True)
        else:
            reg.enroll(authority_id=aid, name=name, division=division, public_key=s.public_key, acting=by,
                       signer=w.signers[by])
    return w
