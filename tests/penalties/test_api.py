"""The documented Python API: compliance.Register(url)."""
from __future__ import annotations

import compliance


def test_compliance_register_opens_a_register(tmp_path):
    from compliance.penalties.store import Register

    reg = compliance.Register(f"sqlite:///{tmp_path / 'api.sqlite3'}")
    try:
        assert isinstance(reg, Register) and reg.head()[0] == 0 and reg.verify().ok
    finally:
        reg.close()
