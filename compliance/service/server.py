"""Running the service with uvicorn (called by `compliance serve`).

One worker: uvicorn in this process. Several workers: one process each with its own listening
socket on the same port (SO_REUSEPORT), so the kernel spreads the connections over them evenly
(a shared accept queue hands long keep-alive connections to whichever process wakes first); this
process supervises them: a worker that dies is started again, SIGTERM/SIGINT stop them all.
"""
from __future__ import annotations

import os
import signal
import socket
import time
from typing import Optional

_APP = "compliance.service.app:create_app"


def _config(host: str, port: int, **kw):
    import uvicorn

    return uvicorn.Config(_APP, factory=True, host=host, port=port, log_level="warning", access_log=False, **kw)


def _reuseport_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def _worker(host: str, port: int) -> None:
    """One server process on its own SO_REUSEPORT socket."""
    import uvicorn

    sock = _reuseport_socket(host, port)
    uvicorn.Server(_config(host, port)).run(sockets=[sock])


def _check_address(host: str, port: int) -> None:
    """Refuse (exit 2, naming the options) an address this process cannot listen on -- a port in
    use, a host that is not this machine's -- before anything starts, instead of the server's log line."""
    import errno

    from compliance.errors import InvalidInput

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
    except OSError as e:
        why = {errno.EADDRINUSE: ("端口已被占用（另一个服务正在使用）", "the port is in use (another server listens there)"),
               errno.EADDRNOTAVAIL: ("该地址不属于本机", "the address is not one of this machine's"),
               errno.EACCES: ("权限不足（1024 以下的端口需要管理员权限）", "permission denied (ports below 1024 need privileges)")}
        zh, en = why.get(e.errno, (e.strerror or str(e), e.strerror or str(e)))
        if isinstance(e, socket.gaierror):
            zh, en = "无法解析该主机名", "the host name does not resolve"
        raise InvalidInput(zh=f"--host/--port：无法在 {host}:{port} 上监听：{zh}",
                           en=f"--host/--port: cannot listen on {host}:{port}: {en}") from None


def default_workers(processes: int = 1) -> int:
    """Check workers per server process by default: the CPU cores this process may run on (as
    ``compliance batch``), shared among the server processes. One server process handing every
    request to the first free worker of its pool keeps one queue, first come first served; several
    server processes each with its own worker split the clients by connection, unevenly (seen 16/4
    of 20), and the longer share waits (benchmarks/README.md, "Platform service")."""
    from compliance.portfolio.runner import default_workers as cores

    return max(1, cores() // max(1, processes))


def serve(host: str = "127.0.0.1", port: int = 8000, *, library: Optional[str] = None, db: Optional[str] = None,
          workers: int = 1, check_workers: Optional[int] = None) -> None:
    """Open (and migrate) the library once, then serve until interrupted (``workers``: server
    processes, default one; ``check_workers``: crash-isolated check processes each server process
    shares out, default ``default_workers(workers)``). The settings reach every server process
    through COMPLIANCE_LIBRARY / COMPLIANCE_DB / COMPLIANCE_CHECK_WORKERS."""
    from compliance.library import Library

    _check_address(host, port)
    Library(library).close()          # errors (bad URL, newer schema) are reported before serving
    if library:
        os.environ["COMPLIANCE_LIBRARY"] = library
    if db:
        os.environ["COMPLIANCE_DB"] = db
    os.environ["COMPLIANCE_CHECK_WORKERS"] = str(check_workers or default_workers(workers))
    os.environ.setdefault("COMPLIANCE_GC_FREEZE", "1")
    os.environ.setdefault("COMPLIANCE_ENGINE_GUARD", "1")     # no rule engine in a server process (its worker has it)
    if workers <= 1 or not hasattr(socket, "SO_REUSEPORT"):
        import uvicorn

        uvicorn.run(_APP, factory=True, host=host, port=port, workers=max(workers, 1), log_level="warning", access_log=False)
        return
    _supervise(host, port, workers)


def _supervise(host: str, port: int, workers: int) -> None:
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    probe = _reuseport_socket(host, port)      # the port is free and ours before any worker starts (closed below)
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    old = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    procs = []
    try:
        procs = [ctx.Process(target=_worker, args=(host, port), name=f"compliance-serve-{i}") for i in range(workers)]
        for p in procs:
            p.start()
        probe.close()
        while not stopping:
            for i, p in enumerate(procs):
                if not p.is_alive() and not stopping:
                    procs[i] = ctx.Process(target=_worker, args=(host, port), name=p.name)   # a dead worker is replaced
                    procs[i].start()
            time.sleep(0.5)
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(20)
            if p.is_alive():
                p.kill()
        for s, h in old.items():
            signal.signal(s, h)
