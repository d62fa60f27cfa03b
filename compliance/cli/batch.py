"""`compliance batch`: check a whole portfolio (workbook or CSV folder) at provincial scale.

Mounted on the main CLI by ``mount(app)`` (compliance/cli.py looks for it). The work is in
``compliance.portfolio``; this module only parses options, shows progress and writes reports.
Exit status as `check`: 0 no blocking finding, 1 blocking findings, 2 invalid input rows or
usage (the good projects are still checked and reported), 3 a project could not be checked
(rule-base failure, or a worker process that crashed on it; each such project is named).
Outputs are checked before any work: a report may not be the input file, lie inside the input
folder, or be the other report; each report is written to a temporary file and moved into place.
"""
import errno
import os
import sys
from pathlib import Path
from typing import Optional

import typer


def mount(app: typer.Typer) -> None:
    from compliance.cli.common import AS_OF, H, LANG_OPT, Lang, command, resolve_lang

    @app.command(help=H(
        "批量检查一个工作簿（.xlsx）或 CSV 目录中的全部项目，并查找跨项目重复申报和圈占；输出 Excel 报告（及 JSON）。",
        "Check every project of a workbook (.xlsx) or a CSV folder, find cross-project double claims and enclosure; "
        "write an Excel report (and JSON)."))
    @command
    def batch(
        input: Path = typer.Argument(..., help=H("工作簿 .xlsx，或含 projects.csv 等文件的目录",
                                                 "an .xlsx workbook, or a folder with projects.csv etc.")),
        as_of: Optional[str] = AS_OF,
        workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, max=64,
                                              help=H("工作进程数（默认：CPU 核数）", "worker processes (default: CPU cores)")),
        lang: Optional[Lang] = LANG_OPT,
        output: Optional[Path] = typer.Option(None, "--out", "-o", help=H("Excel 报告路径（.xlsx，已存在时须加 --force）",
                                                                          "Excel report path (.xlsx; an existing one needs --force)")),
        output_alias: Optional[Path] = typer.Option(None, "--output", hidden=True),
        json_out: Optional[Path] = typer.Option(None, "--json", help=H("另存 JSON 报告", "also write a JSON report")),
        force: bool = typer.Option(False, "--force", help=H("覆盖已存在的报告", "overwrite existing reports")),
        db: Optional[str] = typer.Option(None, "--db", help=H("惩戒名录数据库 URL（默认 COMPLIANCE_DB 或用户数据目录）",
                                                              "sanctions register URL (default: COMPLIANCE_DB or the user data dir)")),
        no_register: bool = typer.Option(False, "--no-register", help=H("不查询惩戒名录", "do not consult the sanctions register")),
        scheduler: Optional[str] = typer.Option(None, "--scheduler", help=H(
            "在 Dask 集群上运行（调度器地址 tcp://主机:端口）；默认在本机多进程运行",
            "run on a Dask cluster (scheduler address tcp://HOST:PORT); default: processes on this machine")),
    ) -> None:
        lang_code = resolve_lang(lang)
        if output is not None and output_alias is not None and output != output_alias:
            from compliance.cli.common import fail

            fail(_t(lang_code, "-o/--out 与 --output 是同一选项，只能给一个", "-o/--out and --output are one option; give it once"))
        output = output or output_alias
        if output is None:
            from compliance.cli.common import fail

            fail(_t(lang_code, "缺少 -o/--out：Excel 报告路径（.xlsx）", "missing -o/--out: the Excel report path (.xlsx)"))
        run_batch(input, as_of, workers, lang_code, output, json_out, db, not no_register, force, scheduler)


def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def run_batch(input: Path, as_of: Optional[str], workers: Optional[int], lang: str, output: Path,
              json_out: Optional[Path], db: Optional[str], register: bool, force: bool = False,
              scheduler: Optional[str] = None) -> None:
    from compliance.cli.common import EXIT_INTERNAL, EXIT_INVALID, fail, parse_date
    from compliance.submission.files import InvalidSubmission

    when = parse_date(as_of, lang)
    _check_outputs(input, output, json_out, lang, force)     # before any work: never overwrite the input

    from compliance.portfolio import check_portfolio, report
    from compliance.portfolio.runner import default_workers, sanctions_lookup

    try:   # fail early, like `check`, when the register cannot be read
        sanctions_lookup(db, register)
    except Exception as e:
        fail(_unreadable(e, lang, db), EXIT_INTERNAL)

    head = _register_head(db, register, lang)
    workers = workers or default_workers()
    progress = _Progress(lang) if sys.stderr.isatty() else _Lines(lang)
    try:
        # always in worker processes (even --workers 1): an engine crash fails one project, not the batch
        result = check_portfolio(input, when, workers=workers, db=db, register=register, isolate=True, scheduler=scheduler,
                                 on_start=progress.start if progress else None,
                                 on_done=progress.advance if progress else None)
    except InvalidSubmission as e:
        if progress:
            progress.stop()
        fail(e.render(lang), EXIT_INVALID)
    except Exception as e:
        if scheduler and type(e).__name__ == "ClusterUnavailable":    # only the Dask backend raises it
            if progress:
                progress.stop()
            fail(e.text(lang), EXIT_INVALID)
        raise
    except KeyboardInterrupt:
        if progress:
            progress.stop()
        raise
    finally:
        if progress:
            progress.stop()

    result.register_head = head
    tables = report.build_tables(result, lang)
    written = report.write_reports(result, output, json_out, lang, tables)
    for opt, key, target in (("-o/--out", "xlsx", output), ("--json", "json", json_out)):
        e = written.get(key)
        if isinstance(e, OSError):
            fail(_t(lang, f"{opt}：无法写入报告 {target}：{_reason(e, lang)}", f"{opt}: cannot write the report {target}: {_reason(e, lang)}"))
        if e is not None:
            raise e

    _print_errors(result, lang)
    _print_summary(result, lang, output, json_out)
    if result.failed:
        for r in result.failed:
            typer.echo(_t(lang, f"{r.project_id}：检查未完成：{r.failure_text(lang)}",
                          f"{r.project_id}: check not completed: {r.failure_text(lang)}"), err=True)
    raise typer.Exit(result.exit_code)


_OS_ZH = {
    errno.EACCES: "权限不足", errno.EPERM: "不允许该操作", errno.ENAMETOOLONG: "文件名过长",
    errno.ENOSPC: "磁盘空间不足", errno.EROFS: "只读文件系统", errno.ENOTDIR: "路径中有一部分不是目录",
    errno.EISDIR: "是目录", errno.ENOENT: "不存在", errno.EDQUOT: "超出磁盘配额",
}


def _reason(e: OSError, lang: str = "en") -> str:
    en = e.strerror or str(e)
    return _OS_ZH.get(e.errno, en) if lang == "zh" else en


def _real(p: Path) -> Path:
    return Path(os.path.normcase(os.path.realpath(p)))


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return _real(a) == _real(b)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return _real(path).is_relative_to(_real(folder))
    except (OSError, ValueError):
        return False


def _unreadable(e: Exception, lang: str, db) -> str:
    """Why the register cannot be read, without SQL text (a missing table or row is named)."""
    from compliance.penalties.location import resolve_url
    from compliance.penalties.messages import database_problem

    damaged = database_problem(e, str(db) if db else resolve_url(None, create_dir=False))
    if damaged is not None:
        return damaged.render(lang)
    return _t(lang, "无法读取惩戒名录：", "cannot read the sanctions register: ") + str(e).split("\n[SQL", 1)[0]


def _register_head(db: Optional[str], register: bool, lang: str):
    """What the batch was checked against: (url, seq, head hash) of the register, or None (not
    consulted / none exists)."""
    if not register:
        return None
    from compliance.penalties.location import resolve_url, sqlite_missing

    url = resolve_url(db, create_dir=False)
    if sqlite_missing(url):
        return None
    from compliance.cli.common import EXIT_INTERNAL, fail
    from compliance.penalties.store import Register

    try:
        reg = Register(url, create=False)
        try:
            seq, digest = reg.head()
        finally:
            reg.close()
    except Exception as e:        # a register that cannot be read must not look like "no register"
        fail(_unreadable(e, lang, url), EXIT_INTERNAL)
    return (url, seq, digest)


def _check_outputs(input: Path, output: Path, json_out: Optional[Path], lang: str, force: bool = False) -> None:
    """Refuse, before any work, outputs that would destroy the input, each other or cannot be written."""
    from compliance.cli.common import fail

    if output.suffix.lower() != ".xlsx":
        fail(_t(lang, f"-o/--out：报告应为 .xlsx 文件，实际为 {output}", f"-o/--out: the report must be an .xlsx file, got {output}"))
    try:
        folder = input.is_dir()
    except OSError:
        folder = False
    for opt, target in (("-o/--out", output), ("--json", json_out)):
        if target is None:
            continue
        if folder and _inside(target, input):
            fail(_t(lang, f"{opt}：报告 {target} 位于输入目录 {input} 中，会覆盖或混入输入数据：请写到该目录之外",
                    f"{opt}: the report {target} is inside the input folder {input} and would overwrite or join the input: "
                    "write it outside that folder"))
        if not folder and _same_file(target, input):
            fail(_t(lang, f"{opt}：报告 {target} 就是输入文件，不能覆盖输入：请另取文件名",
                    f"{opt}: the report {target} is the input file; the input must not be overwritten: choose another name"))
    if json_out is not None and _same_file(output, json_out):
        fail(_t(lang, f"-o/--out 与 --json 是同一个文件 {output}：两份报告会互相覆盖，请分别命名",
                f"-o/--out and --json are the same file {output}: one report would overwrite the other; name them apart"))
    for opt, target in (("-o/--out", output), ("--json", json_out)):
        if target is not None:
            _check_writable(opt, target, lang)
            if not force and target.exists():
                fail(_t(lang, f"{opt}：{target} 已存在，未覆盖；加 --force 覆盖", f"{opt}: {target} exists, not overwritten; add --force to overwrite"))


def _check_writable(opt: str, target: Path, lang: str) -> None:
    """The report can be created where asked (probed with a temporary file beside it)."""
    import tempfile

    from compliance.cli.common import fail

    try:
        parent_ok = target.resolve().parent.is_dir()
    except OSError:
        parent_ok = False
    if not parent_ok:
        fail(_t(lang, f"{opt}：输出目录不存在：{target.parent}", f"{opt}: output folder does not exist: {target.parent}"))
    try:
        if target.is_dir():
            fail(_t(lang, f"{opt}：{target} 是目录，应为文件路径", f"{opt}: {target} is a folder, not a file path"))
        fd, probe = tempfile.mkstemp(prefix=".compliance-", suffix=".tmp", dir=target.parent)
        os.close(fd)
        os.unlink(probe)
        if len(os.fsencode(target.name)) > os.pathconf(target.parent, "PC_NAME_MAX"):
            raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG))
    except OSError as e:
        fail(_t(lang, f"{opt}：无法写入报告 {target}：{_reason(e, lang)}", f"{opt}: cannot write the report {target}: {_reason(e, lang)}"))


class _Progress:
    """A rich progress bar on stderr (only when stderr is a terminal)."""

    def __init__(self, lang: str):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), TimeRemainingColumn(), console=Console(stderr=True), transient=True)
        self.lang = lang
        self.task = None

    def start(self, projects: int, plots: int) -> None:
        desc = _t(self.lang, f"检查 {projects} 个项目（{plots} 个地块）", f"checking {projects} projects ({plots} plots)")
        self.progress.start()
        self.task = self.progress.add_task(desc, total=projects)

    def advance(self, n: int) -> None:
        if self.task is not None:
            self.progress.advance(self.task, n)

    def stop(self) -> None:
        if self.task is not None:
            self.progress.stop()
            self.task = None


class _Lines:
    """Progress for a pipe or a log (stderr not a terminal): one line per 5 % of the projects."""

    STEP = 5

    def __init__(self, lang: str):
        import time

        self.lang, self.total, self.done, self.shown = lang, 0, 0, 0
        self.clock = time.monotonic
        self.started = self.clock()

    def start(self, projects: int, plots: int) -> None:
        self.total, self.started = projects, self.clock()
        typer.echo(_t(self.lang, f"检查 {projects} 个项目（{plots} 个地块）…", f"checking {projects} projects ({plots} plots) …"),
                   err=True)

    def advance(self, n: int) -> None:
        if not self.total:
            return
        self.done += n
        pct = self.done * 100 // self.total
        step = pct // self.STEP * self.STEP
        if step > self.shown:
            self.shown = step
            secs = self.clock() - self.started
            typer.echo(_t(self.lang, f"{step:3d}%  {self.done}/{self.total} 个项目  用时 {secs:.0f} 秒",
                          f"{step:3d}%  {self.done}/{self.total} projects  {secs:.0f} s"), err=True)

    def stop(self) -> None:
        pass


MAX_ERRORS_SHOWN = 30


def _print_errors(result, lang: str) -> None:
    errors = result.errors
    if not errors:
        return
    typer.echo(_t(lang, f"{result.source}：输入有 {len(errors)} 处问题：", f"{result.source}: {len(errors)} input problem(s):"), err=True)
    for e in errors[:MAX_ERRORS_SHOWN]:
        typer.echo("  - " + e.render(lang), err=True)
    if len(errors) > MAX_ERRORS_SHOWN:
        typer.echo(_t(lang, f"  … 另有 {len(errors) - MAX_ERRORS_SHOWN} 处，见报告“输入错误”表",
                      f"  … {len(errors) - MAX_ERRORS_SHOWN} more, see the report's 'input errors' sheet"), err=True)


def _print_summary(result, lang: str, output: Path, json_out: Optional[Path]) -> None:
    from collections import Counter

    from compliance.reference.vocab import Severity

    status = Counter(r.status for r in result.projects)
    counts = Counter()
    for r in result.checked:
        for s in Severity:
            counts[s] += r.report.count(s)
    n, checked = len(result.projects), len(result.checked)
    x = sum(1 for r in result.checked for f in r.report.findings if f.rule.startswith("X-"))
    plots = len({(d.county, d.plot_id) for d in result.double_claims})
    if lang == "zh":
        lines = [
            f"已检查 {checked}/{n} 个项目（{result.plots} 个地块，{result.workers} 个进程，用时 {result.elapsed:.1f} 秒）："
            f"通过 {status.get('pass', 0)}，不通过 {status.get('fail', 0)}。",
            f"错误 {counts[Severity.ERROR]}，警告 {counts[Severity.WARNING]}，提示 {counts[Severity.INFO]}；"
            f"其中跨项目问题 {x} 条（重复申报地块 {plots} 块）。",
        ]
        if result.invalid:
            lines.append(f"{len(result.invalid)} 个项目因输入有误未检查（见上方及报告“输入错误”表）；其余项目已照常检查并写入报告。")
        elif result.errors:
            lines.append("输入中有错误行（见上方及报告“输入错误”表）；全部项目已检查并写入报告。")
        lines.append("报告：" + "、".join(str(p) for p in (output, json_out) if p is not None))
    else:
        lines = [
            f"checked {checked}/{n} projects ({result.plots} plots, {result.workers} worker(s), {result.elapsed:.1f} s): "
            f"{status.get('pass', 0)} pass, {status.get('fail', 0)} fail.",
            f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), {counts[Severity.INFO]} info; "
            f"{x} cross-project finding(s) ({plots} double-claimed plot(s)).",
        ]
        if result.invalid:
            lines.append(f"{len(result.invalid)} project(s) not checked because of invalid input (see above and the report's "
                         "'input errors' sheet); the other projects were checked and reported.")
        elif result.errors:
            lines.append("some input rows are invalid (see above and the 'input errors' sheet); every project was checked and reported.")
        lines.append("report: " + ", ".join(str(p) for p in (output, json_out) if p is not None))
    for line in lines:
        typer.echo(line)
