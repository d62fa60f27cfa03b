"""Helpers of the platform tests: the example as data, the fixture world of users, the register world.

``world`` builds users of every role: two developers, the 平江县 (430626) county bureau, the
岳阳市 (4306) prefecture, a county and a prefecture elsewhere (怀化 4312), the Hunan province.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "hunan-ccer-afforestation.yaml"


def example_data() -> dict:
    from compliance.submission.files import read_file

    return copy.deepcopy(read_file(EXAMPLE))


def as_yaml(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def penalties_world(path: Path):
    """The sanctions-register test world of tests/penalties (authorities and their keys)."""
    from tests.penalties import support

    return support


@dataclass
class World:
    client: object
    library_url: str
    tokens: dict = field(default_factory=dict)

    def auth(self, who: str) -> dict:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def submit(self, who: str, data: dict, **params):
        return self.client.post("/api/v1/projects", content=as_yaml(data), params=params,
                                headers={**self.auth(who), "Content-Type": "application/yaml"})


USERS = [  # key, name, role, division
    ("dev", "湖南幕阜碳汇科技有限公司", "developer", None),
    ("dev2", "湘北林业开发有限公司", "developer", None),
    ("pingjiang", "平江县林业局", "county", "430626"),
    ("yueyang", "岳阳市林业局", "prefecture", "4306"),
    ("hecheng", "怀化市鹤城区林业局", "county", "431202"),
    ("huaihua", "怀化市林业局", "prefecture", "4312"),
    ("hunan", "湖南省林业局", "province", "43"),
]


class _Segfaulting:
    """A register lookup that kills its own process (SIGSEGV) when the check consults it: what a
    crash inside the rule engine looks like to the caller."""

    def __call__(self, *args, **kwargs):
        import os
        import signal

        os.kill(os.getpid(), signal.SIGSEGV)

    def consulted(self):
        return None


def segfaulting_provider():
    """The ``sanctions`` factory of a check worker that crashes on every check (run in the worker)."""
    return _Segfaulting()


class _Crashing:
    """A register lookup that kills its process (SIGSEGV) when consulted -- only while the
    function named ``inside`` is on the stack (None: always), and only the first time when
    ``marker`` (a file, shared by the worker processes) is given."""

    def __init__(self, inside=None, marker=None):
        self.inside, self.marker = inside, marker

    def __call__(self, *args, **kwargs):
        import os
        import signal
        import sys

        if self.inside is not None:
            frame = sys._getframe(1)
            while frame is not None and frame.f_code.co_name != self.inside:
                frame = frame.f_back
            if frame is None:
                return []
        if self.marker is not None:
            if os.path.exists(self.marker):
                return []
            open(self.marker, "w").close()
        os.kill(os.getpid(), signal.SIGSEGV)

    def consulted(self):
        return None


def crashing_provider(inside=None, marker=None):
    """The ``sanctions`` factory of a check worker that crashes while ``inside`` runs (see _Crashing);
    pass it as ``functools.partial(crashing_provider, "explain_rule")``."""
    return _Crashing(inside, marker)


def crashing_checks(marker=None):
    """The ``sanctions`` factory (no register) of a check worker in which every check kills the
    process (SIGSEGV) as it starts, whether or not it consults the register -- the drafter's check of
    composed agreements judges the agreement rules only and does not; only the first time when
    ``marker`` is given (see _Crashing)."""
    from compliance.checker import pipeline

    crash, real = _Crashing(None, marker), pipeline.prepare

    def prepare(*args, **kwargs):
        crash()
        return real(*args, **kwargs)

    pipeline.prepare = prepare      # in the worker process only (the factory runs there)
    return None
