"""CLI for agreements: ``compliance draft …`` and ``compliance templates lint|copy|vars``.

Mounted on the main typer app by compliance.cli (``mount(app)``). Nothing from compliance.cli
is imported at module level, so importing this module first cannot half-initialise the app.
Exit status: 0 drafted / lint clean / copied, 1 refused or failed (findings or problems listed), 2 invalid
input or usage (also: nothing to draft from, an output that exists without --force, an unwritable
output), 3 the rule check could not run.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from compliance.cli.common import command
from compliance.i18n import H, Lang, resolve_lang  # one language decision for every CLI


T = {
    "drafted": ("已起草并通过读回核验：", "drafted and verified by read-back:"),
    "unsigned": ("以上为未签署的草稿：各方签署后，请在提交文件 agreements[].signed 中填写签署日期；在此之前，这些协议按未签署处理。",
                 "these are unsigned drafts: once every party has signed, enter the date in agreements[].signed of the submission; "
                 "until then they count as unsigned."),
    "unsigned_rule": ("以上为未签署的草稿：各方签署后，请在提交文件 agreements[].signed 中填写签署日期（{rule} 在此之前会报告“尚未签署”）。",
                      "these are unsigned drafts: once every party has signed, enter the date in agreements[].signed of the submission "
                      "({rule} reports them as unsigned until then)."),
    "recorded": ("已将协议记录写入提交文件副本（signed: null）：", "recorded the agreements in a copy of the submission (signed: null):"),
    "bad_date": ("{opt}：日期应为 YYYY-MM-DD 格式，实际为 {value!r}", "{opt}: a date is YYYY-MM-DD, got {value!r}"),
    "lint_ok": ("模板检查通过：", "templates pass the lint:"),
    "lint_bad": ("模板检查发现问题：", "the template lint found problems:"),
    "copied": ("已复制内置模板到 {dir}（可在 Word 中修改后用 --templates {dir} 起草；修改后请运行 compliance templates lint {dir}）：",
               "copied the built-in templates to {dir} (edit them in Word, draft with --templates {dir}; run compliance templates lint {dir} after editing):"),
    "exists": ("{path} 已存在，未覆盖（使用 --force 覆盖）", "{path} exists; not overwritten (use --force)"),
    "copy_exists": ("目标目录 directory 中以下模板已存在，未复制任何文件（使用 --force 覆盖）：",
                    "these templates exist in the target directory; nothing was copied (use --force to overwrite):"),
    "not_dir": ("目标目录 directory：{path} 已存在且不是目录", "target directory: {path} exists and is not a directory"),
    "cannot_copy": ("目标目录 directory：无法把模板写入 {path}：{reason}（未复制任何文件）",
                    "target directory: cannot write the templates into {path}: {reason} (nothing was copied)"),
    "wa_input": ("--write-agreements 不能覆盖输入文件 {path}：请另取文件名",
                 "--write-agreements must not overwrite the input file {path}: choose another name"),
    "wa_exists": ("--write-agreements：{path} 已存在，未起草也未覆盖（使用 --force 覆盖）",
                  "--write-agreements: {path} exists; nothing drafted or overwritten (use --force to overwrite)"),
    "wa_dir": ("--write-agreements：{path} 是目录，应为文件路径", "--write-agreements: {path} is a folder, not a file path"),
    "wa_unwritable": ("--write-agreements：无法写入 {path}：{reason}（未起草）", "--write-agreements: cannot write {path}: {reason} (nothing drafted)"),
}


def t(key: str, lang: str, **values) -> str:
    zh, en = T[key]
    return (zh if lang == "zh" else en).format(**values)


def _date(value: Optional[str], lang: str, opt: str = "--as-of") -> Optional[dt.date]:
    from compliance.cli.common import parse_date

    return parse_date(value, lang, opt)


KIND_HELP = H("协议类型：development（项目开发协议）| transfer（资源流转协议）| benefit（利益分配协议）| tripartite（三方协议）| all（全部四种协议：登记的协议及可由其组成的三方协议）",
              "agreement: development | transfer | benefit | tripartite | all (all four kinds: the recorded agreements and the tripartite one composed from them)")


def draft_command(
    kind: str = typer.Argument(..., help=KIND_HELP, metavar="KIND"),
    file: Path = typer.Argument(..., help=H("提交文件（YAML 或 JSON）", "submission file (YAML or JSON)")),
    out: Path = typer.Option(Path("."), "--out", "-o", help=H("输出目录", "output directory")),
    pdf: bool = typer.Option(False, "--pdf", help=H("同时用 LibreOffice 生成 PDF", "also produce PDF with LibreOffice")),
    templates: Optional[Path] = typer.Option(None, "--templates", help=H("自定义模板目录（缺少的模板用内置模板）",
                                                                         "directory of custom templates (missing ones: built-in)")),
    lang: Optional[Lang] = typer.Option(None, "--lang", help=H("提示信息语言（协议文本始终为中文）", "message language (documents are always Chinese)")),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=H("检查协议所用的判定日期 YYYY-MM-DD", "date the agreement checks are judged on, YYYY-MM-DD")),
    write_agreements: Optional[Path] = typer.Option(None, "--write-agreements", help=H(
        "把起草的协议（signed: null）写入提交文件的副本", "write a copy of the submission with the drafted agreements recorded (signed: null)")),
    force: bool = typer.Option(False, "--force", help=H("覆盖输出目录中已有的同名文档及已有的 --write-agreements 文件",
                                                        "overwrite documents of the same name in the output directory and an existing --write-agreements file")),
) -> None:
    from compliance.submission import files as loader
    from compliance.agreements.drafter import draft_set, unsigned_rule
    from compliance.agreements.problems import DraftError

    lang_code = resolve_lang(lang)
    when = _date(as_of, lang_code)
    try:
        sub = loader.load(file)
    except loader.InvalidSubmission as e:
        typer.echo(e.render(lang_code), err=True)
        raise typer.Exit(2)
    if write_agreements is not None:      # before any document is written: nothing is left behind
        _check_write_agreements(write_agreements, file, force, lang_code)
    from compliance.cli.checkrun import large_input_host

    try:
        # large input: the checks of the drafted agreements in a worker (a crash: one retry, then exit 3)
        with large_input_host(sub, lang_code, register=False) as host:
            checker = None if host is None else (lambda composed, day: host.check(composed, day, source=str(file)))
            result = draft_set(sub, kind.strip(), out, templates=templates, pdf=pdf, as_of=when, overwrite=force,
                               checker=checker)
    except DraftError as e:
        typer.echo(e.render(lang_code), err=True)
        raise typer.Exit(e.code)
    written = None
    if write_agreements is not None:
        from compliance.agreements.record import write

        try:
            written = write(file, result.documents, write_agreements)
        except DraftError as e:
            _remove(result.paths)       # all or nothing: the documents go with the record that failed
            typer.echo(e.render(lang_code), err=True)
            raise typer.Exit(e.code)
    for zh, en in result.notes:
        typer.echo(zh if lang_code == "zh" else en, err=True)
    typer.echo(t("drafted", lang_code))
    for p in result.paths:
        typer.echo(f"  {p}")
    rule = unsigned_rule(sub, when)
    typer.echo(t("unsigned_rule", lang_code, rule=rule) if rule else t("unsigned", lang_code))
    if written is not None:
        typer.echo(t("recorded", lang_code) + f" {written}")


def _why(e: OSError, lang: str) -> str:
    from compliance.agreements.problems import os_reason

    zh, en = os_reason(e)
    return zh if lang == "zh" else en


def _remove(paths: list[Path]) -> None:
    for p in paths:
        try:
            p.unlink()
        except OSError:
            pass


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def _check_write_agreements(out: Path, source: Path, force: bool, lang: str) -> None:
    """--write-agreements: not the input, not a folder, not an existing file without --force, writable."""
    import errno
    import tempfile

    def refuse(key: str, **values) -> None:
        typer.echo(t(key, lang, path=out, **values), err=True)
        raise typer.Exit(2)

    if _same_file(out, source):
        refuse("wa_input")
    try:
        if out.is_dir():
            refuse("wa_dir")
        exists = out.exists()
        if exists and not force:
            refuse("wa_exists")
        if exists:
            with open(out, "r+b"):         # writable, and left as it is
                pass
            return
        # the nearest existing folder (record.write creates the missing ones)
        parent = out.absolute().parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if not parent.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        fd, probe = tempfile.mkstemp(prefix=".compliance-", suffix=".tmp", dir=parent)
        os.close(fd)
        os.unlink(probe)
        if len(os.fsencode(out.name)) > os.pathconf(parent, "PC_NAME_MAX"):
            raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG))
    except OSError as e:
        refuse("wa_unwritable", reason=_why(e, lang))


def lint_command(
    directory: Optional[Path] = typer.Argument(None, help=H("模板目录（默认：内置模板）", "template directory (default: the built-in ones)")),
    lang: Optional[Lang] = typer.Option(None, "--lang", help=H("输出语言", "output language")),
) -> None:
    from compliance.agreements.drafter import shipped_templates
    from compliance.agreements.linter import lint_dir

    lang_code = resolve_lang(lang)
    if directory is not None and not directory.is_dir():     # a usage error, not a lint finding
        typer.echo(("模板目录不存在：" if lang_code == "zh" else "no such template directory: ") + str(directory), err=True)
        raise typer.Exit(2)
    report = lint_dir(directory or shipped_templates())
    for zh, en in report.notes:
        typer.echo(zh if lang_code == "zh" else en, err=True)
    if report.ok:
        typer.echo(t("lint_ok", lang_code) + " " + ", ".join(f.name for f in report.files))
        raise typer.Exit(0)
    typer.echo(t("lint_bad", lang_code), err=True)
    for p in report.problems:
        typer.echo(f"  - {p.render(lang_code)}", err=True)
    raise typer.Exit(1)


def copy_command(
    directory: Path = typer.Argument(..., help=H("目标目录", "target directory")),
    force: bool = typer.Option(False, "--force", help=H("覆盖已有文件", "overwrite existing files")),
    lang: Optional[Lang] = typer.Option(None, "--lang", help=H("输出语言", "output language")),
) -> None:
    from compliance.agreements.drafter import shipped_templates
    from compliance.agreements.spec import KINDS, TEMPLATE_FILES

    lang_code = resolve_lang(lang)

    def refuse(message: str, lines: list = ()) -> None:
        typer.echo(message, err=True)
        for line in lines:
            typer.echo(f"  {line}", err=True)
        raise typer.Exit(2)

    try:
        if directory.exists() and not directory.is_dir():
            refuse(t("not_dir", lang_code, path=directory))
        targets = [directory / TEMPLATE_FILES[k] for k in KINDS]
        existing = [p for p in targets if p.exists()]
        created = [d for d in (directory, *directory.parents) if not d.exists()]     # removed again on failure
    except OSError as e:
        refuse(t("cannot_copy", lang_code, path=directory, reason=_why(e, lang_code)))
    if existing and not force:           # all or nothing: never a half-copied set with a success line
        refuse(t("copy_exists", lang_code), existing)
    copied: list[Path] = []
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for k, target in zip(KINDS, targets):
            tmp = target.with_name(f".{target.name}.tmp")
            shutil.copyfile(shipped_templates() / TEMPLATE_FILES[k], tmp)
            os.replace(tmp, target)
            copied.append(target)
    except OSError as e:
        for p in [*copied, *(tg.with_name(f".{tg.name}.tmp") for tg in targets)]:
            if p not in existing:
                try:
                    p.unlink()
                except OSError:
                    pass
        for d in created:              # deepest first
            try:
                d.rmdir()
            except OSError:
                break
        refuse(t("cannot_copy", lang_code, path=directory, reason=_why(e, lang_code)))
    typer.echo(t("copied", lang_code, dir=directory))
    for p in copied:
        typer.echo(f"  {p}")


def vars_command(lang: Optional[Lang] = typer.Option(None, "--lang", help=H("输出语言", "output language"))) -> None:
    """What a template may use and must carry."""
    from compliance.agreements.spec import KINDS, PROVIDED, REQUIRED, SPECS, TEMPLATE_FILES, VARIABLES, VARIABLES_EN

    zh = resolve_lang(lang) == "zh"
    typer.echo("变量（{{ … }} 中使用）：" if zh else "variables (used inside {{ … }}):")
    for name, text in VARIABLES.items():
        typer.echo(f"  {name}: {text if zh else VARIABLES_EN.get(name, text)}")
    for k in KINDS:
        typer.echo(f"\n{TEMPLATE_FILES[k]}（{k.zh}）" if zh else f"\n{TEMPLATE_FILES[k]} ({k.en})")
        typer.echo(("  可用变量：" if zh else "  variables: ") + ", ".join(PROVIDED[k]))
        typer.echo("  必备条款（按标题识别）：" if zh else "  mandatory clauses (recognised by heading):")
        for c in REQUIRED[k]:
            s = SPECS[c]
            if zh:
                how = "甲方/乙方当事人栏及住所" if s.markers else " / ".join(f"第X条　{h}" for h in s.headings)
                typer.echo(f"    {c.value}（{c.zh}）: {how}")
            else:
                how = ("the party block: 甲方 / 乙方 (party A / B) lines with 住所 (address)" if s.markers
                       else "an article headed " + " / ".join(f"第X条　{h}" for h in s.headings))
                typer.echo(f"    {c.value} ({c.en}): {how}")


def mount(app: typer.Typer) -> None:
    app.command("draft", help=H(
        "起草林业碳汇项目开发、资源流转、利益分配协议或三方协议（Word，可选 PDF）；先检查协议，读回核验后才输出。",
        "Draft the development, resource-transfer, benefit-distribution or tripartite agreement (Word, optionally PDF); "
        "checks the agreements first and verifies each document by reading it back."))(command(draft_command))
    templates = typer.Typer(help=H("协议模板：检查、复制、查看变量和必备条款。", "Agreement templates: lint, copy, list variables and mandatory clauses."),
                            no_args_is_help=True, add_completion=False)
    templates.command("lint", help=H("检查模板（可为律师修改后的模板）：未知变量、缺少的必备条款、试渲染核验；有问题时退出码为 1。",
                                     "Lint templates (e.g. lawyer-edited): unknown variables, missing mandatory clauses, a trial render; exit 1 on problems."))(command(lint_command))
    templates.command("copy", help=H("把内置模板复制到目录，供在 Word 中修改。", "Copy the built-in templates into a directory to edit them in Word."))(command(copy_command))
    templates.command("vars", help=H("列出模板可用的变量和各模板的必备条款。", "List the template variables and each template's mandatory clauses."))(command(vars_command))
    app.add_typer(templates, name="templates")
