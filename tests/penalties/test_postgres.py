"""The register on PostgreSQL (a provincial deployment).

Runs when COMPLIANCE_TEST_PG_URL is set (``eval "$(bash .ci/postgres.sh)"`` sets it); each test
works in a schema of its own, dropped afterwards.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import uuid

import pytest

PG_URL = os.environ.get("COMPLIANCE_TEST_PG_URL")
pytestmark = pytest.mark.skipif(not PG_URL, reason="no PostgreSQL server: COMPLIANCE_TEST_PG_URL is not set (run `eval \"$(bash .ci/postgres.sh)\"` first, as .ci/run does)")


@pytest.fixture
def pg_url():
    import sqlalchemy as sa

    from compliance.penalties.store import resolve_url

    base = resolve_url(PG_URL)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def pg_world(pg_url, tmp_path):
    w = _pg_world(pg_url, tmp_path)
    yield w
    w.reg.close()


def _pg_world(url, tmp_path):
    from compliance.penalties.chain import Signer
    from compliance.penalties.store import Register

    reg = Register(url)

    class W:
        pass
    w = W()
    w.reg, w.url, w.signers, w.key_files = reg, url, {}, {}
    for aid, name, division, by in [("HN", "湖南省林业局", "43", None), ("HC", "怀化市鹤城区林业局", "431202", "HN"),
                                    ("ZF", "中方县林业局", "431221", "HN")]:
        s = Signer.generate()
        w.signers[aid] = s
        w.key_files[aid] = tmp_path / f"pg-{aid}.pem"
        w.key_files[aid].write_bytes(s.pem())
        w.key_files[aid].chmod(0o600)
        if by is None:
            reg.enroll(authority_id=aid, name=name, division=division, public_key=s.public_key, signer=s,
                       bootstrap=True)
        else:
            reg.enroll(authority_id=aid, name=name, division=division, public_key=s.public_key, acting=by,
                       signer=w.signers[by])
    return w


def test_record_lookup_and_verify(pg_world, h):
    from compliance.penalties.lookup import active_sanctions

    reg, sig = pg_world.reg, pg_world.signers["HC"]
    done = reg.record(h.sanction(), authority="HC", signer=sig)
    reg.amend(done.sanction_id, {"measure": "restrict"}, reason="更正", authority="HC", signer=sig)
    [a] = active_sanctions(reg, [h.uscc(1)], dt.date(2026, 4, 1), "43", "CCER")
    assert a.entry_id == done.sanction_id and a.measure == "restrict"
    assert reg.verify().ok
    with pytest.raises(Exception) as info:
        reg.record(h.sanction(region_code="431221", case_number="x"), authority="HC", signer=sig)
    assert getattr(info.value, "key", None) == "out_of_jurisdiction"
    assert reg.head()[0] == 5


def test_tampering_is_caught(pg_world, h):
    import sqlalchemy as sa

    reg, sig = pg_world.reg, pg_world.signers["HC"]
    for i in range(3):
        reg.record(h.sanction(case_number=f"pg-{i}"), authority="HC", signer=sig)
    with reg.engine.begin() as conn:
        conn.execute(sa.text("UPDATE sanction_events SET payload = replace(payload, 'pg-1', 'pg-X') WHERE seq = 5"))
    res = reg.verify()
    assert not res.ok and res.bad_seq == 5 and res.problem.key == "v_hash"
    with reg.engine.begin() as conn:
        conn.execute(sa.text("UPDATE sanction_events SET payload = replace(payload, 'pg-X', 'pg-1') WHERE seq = 5"))
        conn.execute(sa.text("DELETE FROM sanction_events WHERE seq = 4"))
    res = reg.verify()
    assert not res.ok and res.bad_seq == 4 and res.problem.key == "v_missing"


WRITER = """
import sys
from compliance.penalties.chain import Signer
from compliance.penalties.store import Register
url, key, tag, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
reg = Register(url)
signer = Signer.from_file(key)
print("ready", flush=True)
sys.stdin.readline()
for i in range(n):
    reg.record(dict(entity_name=f"并发{tag}{i}", code="91431202MA0000001L", region_code="431202", measure="suspend",
                    from_date="2026-01-01", to_date="2026-12-31", grounds="测试", basis=["森林法 第七十四条"],
                    case_number=f"{tag}-{i}"), authority="HC", signer=signer)
print("done", flush=True)
"""

KILLED = """
import sys, time
from compliance.penalties.chain import Signer
from compliance.penalties.store import Register
reg = Register(sys.argv[1])
signer = Signer.from_file(sys.argv[2])
def stall():
    print("in-transaction", flush=True)
    time.sleep(60)
reg._test_hook_before_commit = stall
reg.record(dict(entity_name="中断", code="91431202MA0000001L", region_code="431202", measure="suspend",
                from_date="2026-01-01", to_date="2026-12-31", grounds="测试", basis=["森林法 第七十四条"],
                case_number="kill"), authority="HC", signer=signer)
"""


def _spawn(python_env, script, *args):
    return subprocess.Popen([sys.executable, "-c", script, *map(str, args)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=python_env)


def test_two_processes_appending_500_each(pg_world, python_env):
    before = pg_world.reg.head()[0]
    procs = [_spawn(python_env, WRITER, pg_world.url, pg_world.key_files["HC"], t, 500) for t in "AB"]
    for p in procs:
        assert p.stdout.readline().strip() == "ready", p.stderr.read()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    res = pg_world.reg.verify()
    assert res.ok and res.count == before + 1000


def test_writer_killed_mid_append_leaves_no_partial_event(pg_world, python_env):
    head = pg_world.reg.head()
    p = _spawn(python_env, KILLED, pg_world.url, pg_world.key_files["HC"])
    try:
        assert p.stdout.readline().strip() == "in-transaction", p.stderr.read()
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
    # the server rolls the dead session back and releases the head's row lock
    assert pg_world.reg.head() == head
    assert pg_world.reg.verify().ok
    done = pg_world.reg.record(json.loads(json.dumps(dict(
        entity_name="之后", code="91431202MA0000001L", region_code="431202", measure="suspend",
        from_date="2026-01-01", to_date="2026-12-31", grounds="测试", basis=["森林法 第七十四条"],
        case_number="after"))), authority="HC", signer=pg_world.signers["HC"])
    assert done.seq == head[0] + 1
