"""`compliance serve` (the provincial platform's HTTP service) and `compliance users add|list`."""
from __future__ import annotations

from typing import Optional

import typer

from compliance.cli.common import LANG_OPT, H, InvalidInput, Lang, command

LIBRARY_OPT = typer.Option(None, "--library", help=H("项目库数据库 URL（默认 COMPLIANCE_LIBRARY 或用户数据目录中的 SQLite 文件）",
                                                     "project library URL (default: COMPLIANCE_LIBRARY or a SQLite file in the user data dir)"))



def _library(library: Optional[str]) -> Optional[str]:
    """The --library option, refused (exit 2, naming the option) when it is a file path in a folder that
    does not exist; URLs are the library's to judge."""
    from pathlib import Path

    if library and "://" not in library and not Path(library).expanduser().parent.is_dir():
        folder = Path(library).expanduser().parent
        raise InvalidInput(zh=f"--library：目录 {folder} 不存在", en=f"--library: folder {folder} does not exist")
    return library


users_app = typer.Typer(help=H("平台用户（开发主体、县、市州、省级林业主管部门）及其访问令牌。",
                               "Platform users (developers; county, prefecture, province bureaus) and their tokens."),
                        no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]})


@command
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help=H("监听地址", "address to listen on")),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help=H("端口", "port")),
    library: Optional[str] = LIBRARY_OPT,
    db: Optional[str] = typer.Option(None, "--db", help=H("惩戒名录数据库 URL（默认 COMPLIANCE_DB 或用户数据目录）",
                                                          "sanctions register URL (default: COMPLIANCE_DB or the user data dir)")),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64,
        help=H("服务进程数（默认 1：所有请求排一个队，由空闲的检查子进程依次处理）",
               "server processes (default 1: every request waits in one queue for the first free check worker)")),
    check_workers: Optional[int] = typer.Option(
        None, "--check-workers", min=1, max=64,
        help=H("每个服务进程的检查子进程数（默认：本机可用的 CPU 核数 ÷ 服务进程数）",
               "check worker processes per server process (default: the CPU cores available ÷ server processes)")),
    lang: Optional[Lang] = LANG_OPT,
) -> None:
    """Start the HTTP API and web pages; alembic migrations run before the first request."""
    from compliance.service.server import serve as run

    run(host, port, library=_library(library), db=db, workers=workers, check_workers=check_workers)


@command
def users_add(
    name: str = typer.Option(..., "--name", help=H("用户名称（机关或企业名称）", "user name (authority or company)")),
    role: str = typer.Option(..., "--role", help=H("角色：developer | county | prefecture | province", "role: developer | county | prefecture | province")),
    division: Optional[str] = typer.Option(None, "--division", help=H("行政区划代码（官员账号）", "division code (officials)")),
    library: Optional[str] = LIBRARY_OPT,
    lang: Optional[Lang] = LANG_OPT,
) -> None:
    """Create a user; prints its bearer token alone on stdout (only a hash is stored)."""
    from compliance.library import Library

    with Library(_library(library)) as lib:
        _, token = lib.add_user(name, role, division)
    typer.echo(token)


@command
def users_list(library: Optional[str] = LIBRARY_OPT, lang: Optional[Lang] = LANG_OPT) -> None:
    """List the users (never their tokens)."""
    from compliance.library import Library

    with Library(_library(library)) as lib:
        for u in lib.users():
            typer.echo(f"{u.id}\t{u.role}\t{u.division or '-'}\t{u.name}")


users_app.command("add", help=H("新增用户，仅在标准输出打印其访问令牌", "add a user; prints its access token alone on stdout"))(users_add)
users_app.command("list", help=H("列出用户（不含令牌）", "list users (no tokens)"))(users_list)


def mount(app: typer.Typer) -> None:
    app.command("serve", help=H("启动省级平台服务（HTTP API 与网页）", "start the provincial platform service (HTTP API and web pages)"))(serve)
    app.add_typer(users_app, name="users")
