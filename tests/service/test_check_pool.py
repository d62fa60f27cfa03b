"""One server process sharing out a pool of check workers (`compliance serve --check-workers N`):
concurrent requests are judged in different worker processes, every answer is the one a single
worker gives, and a worker that crashes is replaced without the others noticing."""
from __future__ import annotations

import json
import os
import signal
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.service.support import as_yaml, example_data

YAML = {"Content-Type": "application/yaml"}


@pytest.fixture(scope="module")
def pooled(tmp_path_factory):
    from fastapi.testclient import TestClient

    from compliance.service.app import Settings, create_app

    d = tmp_path_factory.mktemp("pooled")
    app = create_app(Settings(library=f"sqlite:///{d / 'library.sqlite3'}", db=str(d / "none.sqlite3"), cache_size=0,
                              check_workers=2))
    with TestClient(app) as client:
        yield client, app.state.platform
    app.state.platform.close()


def _plain(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "decision_id"}


def test_concurrent_checks_are_judged_by_the_pool_and_answer_as_one_worker_does(pooled):
    client, platform = pooled
    pids = {h.pid for h in platform._pool}
    assert len(platform._pool) == 2 and len(pids) == 2 and None not in pids   # both started with the server
    data = example_data()
    bodies = []
    for i in range(8):   # distinct submissions: none answered from a cache
        d = json.loads(json.dumps(data))
        d["project"]["name"] = f"{d['project']['name']} {i}"
        bodies.append(as_yaml(d))
    with ThreadPoolExecutor(8) as ex:
        answers = list(ex.map(lambda b: client.post("/api/v1/check", content=b, headers=YAML), bodies))
    assert all(r.status_code == 200 for r in answers), [r.text[:200] for r in answers]
    # the same bodies one at a time give the same documents (decision ids aside)
    for body, r in zip(bodies, answers):
        again = client.post("/api/v1/check", content=body, headers=YAML)
        assert _plain(again.json()) == _plain(r.json())
    assert len({r.json()["decision_id"] for r in answers}) == len(answers)


def test_a_killed_pool_worker_is_replaced_and_the_next_checks_pass(pooled):
    client, platform = pooled
    victim = platform._pool[0]
    os.kill(victim.pid, signal.SIGKILL)
    body = as_yaml(example_data())
    with ThreadPoolExecutor(4) as ex:
        answers = list(ex.map(lambda _: client.post("/api/v1/check", content=body, headers=YAML), range(4)))
    assert all(r.status_code == 200 for r in answers), [r.text[:200] for r in answers]
    assert all(r.json()["verdict"] == answers[0].json()["verdict"] for r in answers)
    assert all(h.pid is not None for h in platform._pool)


def test_the_pool_is_every_check_worker_the_server_has(pooled):
    """The other engine uses (入库's cross-project matching, traces, drafts) go to the pool too: no
    further worker process is started beside it."""
    _, platform = pooled
    assert platform.host() in platform._pool and platform._host is None


def test_a_freed_worker_goes_to_the_request_that_has_waited_longest(tmp_path):
    """First come, first served: requests waiting for a worker get one in the order they asked, and
    the thread that frees a worker cannot take it back for a newer request meanwhile."""
    import threading
    import time

    from compliance.service.app import Settings
    from compliance.service.common import Platform

    platform = Platform(Settings(library=f"sqlite:///{tmp_path / 'library.sqlite3'}", db=str(tmp_path / "none.sqlite3"),
                                 check_workers=2))

    class Host:          # stands for a check worker: only what the pool reads of it
        register_seen = False

        def __init__(self, name):
            self.name = name

    platform._pool = [Host("a"), Host("b")]            # the pool is full: nothing is started
    platform._free = list(platform._pool)
    held = [platform._take(), platform._take()]
    got: list[tuple[int, str]] = []

    def ask(n):
        got.append((n, platform._take().name))

    threads = []
    for n in range(4):
        t = threading.Thread(target=ask, args=(n,))
        t.start()
        threads.append(t)
        while len(platform._waiting) < n + 1:        # each asks after the one before is waiting
            time.sleep(0.001)
    platform._give(held[0])
    platform._give(held[1])
    for t in threads[:2]:
        t.join(5)
    assert [n for n, _ in sorted(got, key=lambda g: g[0])] == [0, 1]
    assert not platform._free, "a freed worker went to a waiting request, not back to the pool"
    late = threading.Thread(target=ask, args=(9,))   # asks after 2 and 3: served after them
    late.start()
    while len(platform._waiting) < 3:
        time.sleep(0.001)
    for name in ("a", "b", "a"):
        platform._give(next(h for h in platform._pool if h.name == name))
        time.sleep(0.05)
    for t in [*threads[2:], late]:
        t.join(5)
    order = [n for n, _ in got]
    assert order[2:] == [2, 3, 9], order
