"""A running `compliance serve` (uvicorn, the real server process) SIGKILLed in the middle of a 入库:
no half-stored version. Version 1 stays as it was, version 2 is absent with all its plots, the
check worker does not outlive its server, and the next server takes the same 入库.

The server is started by a launcher that installs the library's test hook (called inside the 入库
transaction just before COMMIT) once a trigger file exists, then runs ``compliance.service.server.serve``.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import sqlalchemy as sa

from tests.service.support import ROOT, as_yaml, example_data

LAUNCHER = """
import sys, time
from pathlib import Path
from compliance.library import store

arm, marker = Path(sys.argv[3]), Path(sys.argv[4])
_init = store.Library.__init__

def hang():
    if arm.exists():                    # armed: stop inside the transaction, tell the test, wait to be killed
        marker.write_text("in transaction")
        time.sleep(600)

def init(self, *a, **kw):
    _init(self, *a, **kw)
    self._test_hook_before_commit = hang

store.Library.__init__ = init
from compliance.service.server import serve
serve("127.0.0.1", int(sys.argv[1]), library=sys.argv[2], db=sys.argv[5])
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(cmd: list, port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(1200):
        if proc.poll() is not None:
            raise AssertionError(f"the server exited: {proc.stderr.read().decode()[-2000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise AssertionError("the server did not answer /healthz")


def _post(port: int, token: str, data: dict, timeout: float = 120):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/projects", data=as_yaml(data).encode(), method="POST",
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/yaml"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, json.loads(r.read())


def _children(pid: int) -> list[int]:
    """Child processes of ``pid`` (of any of its threads: the check worker is started by a check thread)."""
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            out += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def _servers(pid: int) -> list[int]:
    """The server worker processes of a supervising `compliance serve` (not multiprocessing's resource tracker)."""
    out = []
    for c in _children(pid):
        try:
            cmd = Path(f"/proc/{c}/cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" not in cmd:
            out.append(c)
    return out


def _listening(pid: int, port: int) -> bool:
    """Whether process ``pid`` holds a socket listening on ``port`` (its own, with SO_REUSEPORT):
    a connection to the port can then be queued to it instead of refused."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if int(cols[1].rsplit(":", 1)[1], 16) == port and cols[3] == "0A":
                inodes.add(cols[9])
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False
    for fd in fds:
        try:
            link = os.readlink(fd)
        except OSError:
            continue
        if link.startswith("socket:[") and link[8:-1] in inodes:
            return True
    return False


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_a_server_killed_mid_entry_stores_no_half_version(tmp_path):
    from compliance.library import Library

    url = f"sqlite:///{tmp_path / 'library.sqlite3'}"
    with Library(url) as lib:
        _, token = lib.add_user("湖南幕阜碳汇科技有限公司", "developer")
    arm, marker = tmp_path / "arm", tmp_path / "marker"
    port = _free_port()
    server = _start([sys.executable, "-c", LAUNCHER, str(port), url, str(arm), str(marker), str(tmp_path / "none.sqlite3")], port)
    try:
        data = example_data()
        status, first = _post(port, token, data)
        assert status == 201 and first["stored"]["version"] == 1
        worker = _children(server.pid)
        assert worker, "the server has its check worker process"
        # version 2 (one plot fewer) is killed with its server inside the transaction
        arm.write_text("armed")
        second = example_data()
        second["plots"] = second["plots"][:-1]
        second["agreements"] = [{**a, "plots": [p["id"] for p in second["plots"]]} if "plots" in a else a
                                for a in second["agreements"]]
        failed: list = []
        t = threading.Thread(target=lambda: failed.append(_try(port, token, second)), daemon=True)
        t.start()
        for _ in range(1200):
            if marker.exists():
                break
            time.sleep(0.05)
        assert marker.exists(), "the 入库 never reached its commit"
        os.kill(server.pid, signal.SIGKILL)
        server.wait(10)
        t.join(30)
        assert failed and failed[0] == "connection lost"          # the client got no answer, no 201
        # the check worker ends with its server (its pipe closed)
        deadline = time.monotonic() + 20
        while any(_alive(w) for w in worker) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(w) for w in worker)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)

    with Library(url) as lib:
        with lib.engine.connect() as conn:
            versions = conn.execute(sa.text("SELECT version FROM lib_versions ORDER BY version")).scalars().all()
            plots = conn.execute(sa.text("SELECT version, count(*) FROM lib_plots GROUP BY version")).all()
        assert versions == [1]                                            # no version 2, not even half of it
        assert [tuple(r) for r in plots] == [(1, len(data["plots"]))]     # the plot index still that of version 1
        user = lib.authenticate(token)
        assert [p["latest_version"] for p in lib.projects(user)] == [1]       # the project row too

    # a fresh server on the same library takes the same 入库
    arm.unlink()
    port = _free_port()
    server = _start([sys.executable, "-m", "compliance.cli", "serve", "--port", str(port), "--library", url,
                     "--db", str(tmp_path / "none.sqlite3")], port)
    try:
        status, again = _post(port, token, second)
        assert status == 201 and again["stored"]["version"] == 2
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()


def _try(port: int, token: str, data: dict) -> str:
    try:
        status, _ = _post(port, token, data, timeout=60)
        return f"answered {status}"
    except (urllib.error.URLError, ConnectionError, OSError):
        return "connection lost"


def test_several_workers_share_the_port_and_a_killed_one_is_replaced(tmp_path):
    """`compliance serve --workers 2`: two server processes on one port (SO_REUSEPORT); one of them
    SIGKILLed is started again while the other answers; SIGTERM stops them all."""
    url = f"sqlite:///{tmp_path / 'library.sqlite3'}"
    port = _free_port()
    server = _start([sys.executable, "-m", "compliance.cli", "serve", "--port", str(port), "--workers", "2", "--library", url,
                     "--db", str(tmp_path / "none.sqlite3")], port)
    try:
        deadline = time.monotonic() + 120
        # both workers listening: the one left after the kill below is ready to take every request
        while (len(_servers(server.pid)) < 2 or not all(_listening(w, port) for w in _servers(server.pid))) \
                and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = _servers(server.pid)
        assert len(workers) == 2 and all(_listening(w, port) for w in workers), workers
        os.kill(workers[0], signal.SIGKILL)
        # until it is gone, the kernel may still queue a connection on its socket (reset when it closes)
        while _alive(workers[0]) and time.monotonic() < deadline:
            time.sleep(0.05)
        body = as_yaml(example_data()).encode()
        resets = 0
        for _ in range(6):          # the other worker answers meanwhile (or the new one, once up)
            req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/check", data=body, method="POST",
                                         headers={"Content-Type": "application/yaml"})
            for attempt in range(3):
                try:
                    with urllib.request.urlopen(req, timeout=120) as r:
                        assert r.status == 200 and json.loads(r.read())["verdict"] == "pass"
                    break
                except ConnectionResetError:   # queued on a socket closed while the replacement starts (SO_REUSEPORT)
                    resets += 1
                    time.sleep(0.5)
            else:
                raise AssertionError("the service kept resetting connections after a worker was killed")
        assert resets <= 2
        while time.monotonic() < deadline:
            now = [w for w in _servers(server.pid) if _alive(w)]
            if len(now) == 2 and workers[0] not in now:
                break
            time.sleep(0.1)
        assert len(now) == 2 and workers[0] not in now and workers[1] in now
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)
    assert server.returncode == 0
    assert not [w for w in now if _alive(w)]
