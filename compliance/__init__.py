"""Compliance workbench for Chinese forestry carbon-sink projects.

Python API (loaded lazily so the CLI starts fast)::

    import compliance
    sub = compliance.load("examples/hunan-ccer-afforestation.yaml")
    report = compliance.check(sub, as_of=datetime.date(2026, 6, 1))
    compliance.draft(sub, "all", "out/")          # agreements (.docx)
    reg = compliance.Register("sqlite:///register.db")   # sanctions register
"""
from __future__ import annotations

__version__ = "0.1.0"

_API = {
    "load": ("compliance.submission.files", "load"),
    "loads": ("compliance.submission.files", "loads"),
    "validate": ("compliance.submission.files", "validate"),
    "InvalidSubmission": ("compliance.submission.files", "InvalidSubmission"),
    "check": ("compliance.checker", "check"),
    "Report": ("compliance.checker", "Report"),
    "draft": ("compliance.agreements", "draft"),
    "Register": ("compliance.penalties", "Register"),
}


def __getattr__(name: str):
    if name in _API:
        from importlib import import_module

        module, attr = _API[name]
        return getattr(import_module(module), attr)
    raise AttributeError(f"module 'compliance' has no attribute {name!r}")


__all__ = list(_API)
