"""The project library: hashed tokens, the users CLI, atomic 入库 (a killed writer leaves no half
version), PostgreSQL when COMPLIANCE_TEST_PG_URL is set."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid

import pytest
import sqlalchemy as sa

from tests.service.support import EXAMPLE, ROOT

PG_URL = os.environ.get("COMPLIANCE_TEST_PG_URL")


def cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "compliance.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})})


def test_users_add_prints_the_token_alone_and_stores_only_its_hash(tmp_path):
    from compliance.library import Library
    from compliance.library.schema import users_t

    url = str(tmp_path / "lib.sqlite3")
    r = cli("users", "add", "--name", "平江县林业局", "--role", "county", "--division", "430626", "--library", url)
    assert r.returncode == 0, r.stderr
    token = r.stdout.strip()
    assert r.stdout == token + "\n" and token.startswith("cwb_") and len(token) > 40
    with Library(url) as lib:
        assert lib.authenticate(token).division == "430626"
        with lib.engine.connect() as conn:
            stored = conn.execute(sa.select(users_t.c.token_hash)).scalars().all()
    assert token not in stored and len(stored[0]) == 64
    assert token.encode() not in (tmp_path / "lib.sqlite3").read_bytes()
    for bad in (["--role", "king"], ["--role", "county", "--division", "4306"], ["--role", "developer", "--division", "43"],
                ["--role", "province"]):
        r = cli("users", "add", "--name", "x", *bad, "--library", url)
        assert r.returncode == 2 and r.stdout == "" and "Traceback" not in r.stderr, (bad, r.stderr)
    r = cli("users", "list", "--library", url)
    assert "平江县林业局" in r.stdout and token not in r.stdout


def test_a_wrong_library_url_or_listening_address_is_exit_2_naming_it(tmp_path):
    """What the user typed is wrong -- a URL of no known database, a SQLite file in a folder that
    does not exist, a port another server holds: exit 2 naming the option, nothing started."""
    import socket

    for url, words in (("nonsense://x", "不支持的数据库 nonsense://x"), ("sqlite://x:y:z", "项目库 URL 无效"),
                       (f"sqlite:///{tmp_path}/no/such/lib.sqlite3", "项目库所在目录不存在")):
        r = cli("users", "list", "--library", url)
        assert r.returncode == 2 and "--library / COMPLIANCE_LIBRARY：" in r.stderr and words in r.stderr, (url, r.stderr)
        assert "Traceback" not in r.stderr
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        r = cli("serve", "--port", str(port), "--library", str(tmp_path / "lib.sqlite3"), "--lang", "en")
    assert r.returncode == 2 and f"--host/--port: cannot listen on 127.0.0.1:{port}: the port is in use" in r.stderr
    assert not (tmp_path / "lib.sqlite3").exists()


WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from compliance.library import Library
    from compliance.library.decide import new_decision_id, rulebase_version, run_check
    from compliance.submission import files
    lib = Library(sys.argv[1])
    user = lib.authenticate(sys.argv[2])
    sub = files.load(sys.argv[3])
    report = run_check(sub)
    def hang():
        Path(sys.argv[4]).write_text("in transaction")
        time.sleep(600)
    lib._test_hook_before_commit = hang
    lib.submit(sub, report, user, decision_id=new_decision_id(), rulebase_version=rulebase_version())
""")


def test_a_writer_killed_mid_entry_leaves_no_half_version(tmp_path):
    from compliance.library import Library

    url = f"sqlite:///{tmp_path / 'lib.sqlite3'}"
    with Library(url) as lib:
        _, token = lib.add_user("dev", "developer")
    marker = tmp_path / "marker"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, url, token, str(EXAMPLE), str(marker)], cwd=ROOT)
    try:
        for _ in range(600):
            if marker.exists() or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert marker.exists(), "the writer never reached its commit"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    with Library(url) as lib:
        user = lib.authenticate(token)
        assert lib.projects(user) == []
        with lib.engine.connect() as conn:
            for t in ("lib_versions", "lib_plots", "lib_projects"):
                assert conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() == 0
        # and the library takes the next writer
        from compliance.library.decide import new_decision_id, rulebase_version, run_check
        from compliance.submission import files

        sub = files.load(EXAMPLE)
        assert lib.submit(sub, run_check(sub), user, decision_id=new_decision_id(),
                          rulebase_version=rulebase_version())["version"] == 1


@pytest.mark.skipif(not PG_URL, reason="COMPLIANCE_TEST_PG_URL is not set (eval \"$(bash .ci/postgres.sh)\" sets it)")
def test_postgresql_library_stores_versions_and_finds_double_claims():
    from compliance.library import Library
    from compliance.library.decide import new_decision_id, rulebase_version, run_check
    from compliance.submission import files

    from compliance.library.store import resolve_url

    base = resolve_url(PG_URL)
    schema = "lib_" + uuid.uuid4().hex[:10]
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
        with Library(url) as lib:
            from compliance.library.schema import SCHEMA_VERSION

            assert lib.schema_version() == SCHEMA_VERSION
            _, t1 = lib.add_user("dev", "developer")
            _, t2 = lib.add_user("dev2", "developer")
            sub = files.load(EXAMPLE)
            lib.submit(sub, run_check(sub), lib.authenticate(t1), decision_id=new_decision_id(), rulebase_version=rulebase_version())
            data = sub.model_dump(mode="json", by_alias=True)
            data["project"]["id"] = "HN-PJ-2026-099"
            other = files.validate(data)
            report = run_check(other)
            lib.submit(other, report, lib.authenticate(t2), decision_id=new_decision_id(), rulebase_version=rulebase_version())
            assert any(f.rule == "X-double-claim" and "HN-PJ-2026-001" in f.message("zh") for f in report.findings)
        with Library(url) as lib:       # reopening does not migrate again
            assert len(lib.projects(lib.authenticate(t1))) == 1
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def test_a_stored_project_keeps_its_agreed_development_deadlines_for_x_enclosure():
    """入库 judges X-enclosure against stored projects: a stored project stale only by its agreed
    development deadline still counts, so its deadlines are kept with its extract."""
    import datetime as dt

    from compliance.library.store import _extract_from, _extract_record
    from compliance.rules.portfolio import Extract

    stored = Extract("P1", "甲项目", "43", "CCER", "", 0, dt.date(2026, 6, 1), "91430000MA0000001X", "开发公司",
                     [("431202", "1", "", 2.0)], [], [(0, "development", "2026-01-01", 5)], [], [(0, "2026-03-01")])
    back = _extract_from(json.loads(json.dumps(_extract_record(stored))), dt.date(2026, 6, 1))
    assert back.deadlines == [(0, "2026-03-01")]
    assert back.agreements == [(0, "development", "2026-01-01", 5)]


@pytest.mark.parametrize("name", ["局" * 201, "平江县\x01林业局", "平江县\x00林业局"])
def test_a_user_name_too_long_or_with_control_characters_is_refused_naming_it(tmp_path, name):
    """users.name holds 200 characters (PostgreSQL refuses more, SQLite would store them): the
    limit and the characters are checked before the database sees them; nothing is stored."""
    from compliance.library import Library

    url = str(tmp_path / "lib.sqlite3")
    r = cli("users", "add", "--name", name.replace("\x00", "\udc80") if "\x00" in name else name, "--role",
            "developer", "--library", url, "--lang", "en") if "\x00" not in name else None
    if r is not None:
        assert r.returncode == 2 and r.stdout == "" and "--name" in r.stderr and "Traceback" not in r.stderr, r.stderr
    from compliance.library.errors import BadRequest

    with Library(url) as lib:
        with pytest.raises(BadRequest):
            lib.add_user(name, "developer")
        assert lib.users() == []


def test_the_submission_bounds_fit_the_library_columns():
    """Every bounded submission field fits the column the project library stores it in (else a
    long value would pass the loader and fail in PostgreSQL as a 5xx)."""
    from compliance.library import schema as s
    from compliance.submission import model as m

    fits = [(m.MAX_ID, s.projects_t.c.id), (m.MAX_PROJECT_NAME, s.projects_t.c.name),
            (m.MAX_PARTY_NAME, s.projects_t.c.developer), (m.MAX_ID, s.plots_t.c.plot_id),
            (m.MAX_ID, s.plots_t.c.certificate), (m.MAX_ID, s.plots_t.c.unit_code),
            (m.MAX_PARTY_NAME, s.plots_t.c.developer_key), (m.MAX_XIAOBAN, s.plots_t.c.lin_ban),
            (m.MAX_XIAOBAN, s.plots_t.c.xiao_ban)]
    assert [(limit, col.name) for limit, col in fits if limit > col.type.length] == []
