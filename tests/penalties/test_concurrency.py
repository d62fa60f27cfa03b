"""Concurrent writers and writers killed mid-append (SQLite; PostgreSQL in test_postgres.py)."""
from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

from compliance.penalties import store

WRITER = textwrap.dedent("""
    import sys
    from compliance.penalties.chain import Signer
    from compliance.penalties.store import Register

    url, key, tag, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    reg = Register(url)
    signer = Signer.from_file(key)
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for i in range(n):
        reg.record(dict(entity_name=f"并发测试公司{tag}{i}", code="91431202MA0000001L", region_code="431202",
                        measure="suspend", from_date="2026-01-01", to_date="2026-12-31", grounds="测试",
                        basis=["森林法 第七十四条"], case_number=f"{tag}-{i}"), authority="HC", signer=signer)
    print("done", flush=True)
""")

# appends, or imports a batch, and is killed by the parent inside the transaction, before COMMIT
KILLED = textwrap.dedent("""
    import sys, time
    from compliance.penalties.chain import Signer
    from compliance.penalties.store import Register

    url, key, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    reg = Register(url)
    signer = Signer.from_file(key)

    def stall():
        print("in-transaction", flush=True)
        time.sleep(60)

    reg._test_hook_before_commit = stall
    rows = [dict(entity_name=f"中断测试公司{i}", code="91431202MA0000001L", region_code="431202",
                 measure="restrict", from_date="2026-01-01", to_date="2026-12-31", grounds="测试",
                 basis=["森林法 第七十四条"], case_number=f"kill-{i}") for i in range(200 if mode == "batch" else 1)]
    if mode == "batch":
        reg.record_many(rows, authority="HC", signer=signer)
    elif mode == "lift":
        reg.lift("S6", lifted_on="2026-06-01", reason="测试", authority="HC", signer=signer)
    else:
        reg.record(rows[0], authority="HC", signer=signer)
""")


def _spawn(python_env, script, *args):
    return subprocess.Popen([sys.executable, "-c", script, *map(str, args)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=python_env)


def test_two_processes_appending_500_each(world, python_env):
    world.reg.close()
    before = world.count()
    procs = [_spawn(python_env, WRITER, world.url, world.key_files["HC"], tag, 500) for tag in "AB"]
    for p in procs:
        assert p.stdout.readline().strip() == "ready", p.stderr.read()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert out.strip() == "done"
    res = world.reg.verify()
    assert res.ok, res
    assert res.count == before + 1000
    assert len(world.reg.sanctions()) == 1000
    ids = {s["case_number"] for s in world.reg.sanctions()}
    assert ids == {f"{t}-{i}" for t in "AB" for i in range(500)}


@pytest.mark.parametrize("mode", ["single", "batch", "lift"])
def test_writer_killed_mid_append_leaves_no_partial_event(world, python_env, mode):
    world.record("HC")  # S6
    world.reg.close()
    head = world.reg.head()
    state = world.reg.sanction("S6")
    p = _spawn(python_env, KILLED, world.url, world.key_files["HC"], mode)
    try:
        line = p.stdout.readline().strip()
        assert line == "in-transaction", p.stderr.read()
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == -signal.SIGKILL
    assert world.reg.head() == head
    assert world.reg.sanction("S6") == state
    assert len(world.reg.sanctions()) == 1
    assert world.reg.verify().ok
    # the lock died with the process: the next append goes through
    done = world.record("HC", case_number="after-kill")
    assert done.seq == head[0] + 1 and world.reg.verify().ok


def test_opening_a_new_register_from_two_processes_at_once(tmp_path, python_env):
    """Both run the migrations' fast path or wait for the other's; neither fails."""
    script = textwrap.dedent("""
        import sys
        from compliance.penalties.store import Register
        sys.stdin.readline()
        print(Register(sys.argv[1]).schema_version())
    """)
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    procs = [_spawn(python_env, script, url) for _ in range(2)]
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert [o.strip() for o, _ in outs] == [store.SCHEMA_VERSION] * 2
