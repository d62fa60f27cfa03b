"""``compliance sanctions``: the sanctions register on the command line.

Only typer is imported at module level (the CLI starts fast); everything else is imported
inside the command that needs it. Exit status: 0 done, 1 verification failed, 2 bad input or
refused (nothing written), 3 internal error.

Messages are Chinese by default, English with ``--lang en`` or COMPLIANCE_LANG=en; help texts
follow COMPLIANCE_LANG (as the main ``compliance`` command's do).
"""
import os
from enum import Enum
from typing import Annotated, List, Optional

import typer

from compliance.cli.common import command
from compliance.i18n import Lang as I18nLang

from compliance.i18n import H  # one help-language switch for every CLI



class OutputFormat(str, Enum):
    table = "table"
    json = "json"


LangChoice = I18nLang     # the one Lang enum of the product (compliance.i18n)


app = typer.Typer(
    help=H("林业碳汇资源开发资格处理登记簿：登记暂停、限制、取消资格及通报；只追加、链式哈希、签名、可验证"
           "（川林发〔2024〕3号 六(四)）。",
           "Register of sanctions on eligibility to develop forestry carbon-sink resources: suspensions, "
           "restrictions, cancellations and notices; append-only, hash-chained, signed and verifiable "
           "(川林发〔2024〕3号 六(四))."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# how each field is named on the command line (fields without an option -- spreadsheet-only
# columns such as decided_by_name -- are named by their label)
OPTION_OF = {
    "entity_name": "--entity", "entity_kind": "--kind", "code": "--code", "region_code": "--region",
    "measure": "--measure", "province": "--province", "mechanisms": "--mechanism", "from_date": "--from",
    "to_date": "--to", "open_ended": "--open-ended", "grounds": "--grounds", "conduct": "--conduct",
    "conduct_ended": "--conduct-ended", "discovered_on": "--discovered", "decided_on": "--decided",
    "basis": "--basis", "case_number": "--case-number", "evidence": "--evidence", "authority": "--authority",
    "authority_id": "--id", "key": "--key", "new_key": "--new-key", "division": "--division",
    "authority_name": "--name", "sanction": "ID", "db": "--db", "lifted_on": "--on", "reason": "--reason",
    "outcome": "--outcome", "appeal_body": "--body", "appeal_document": "--document", "file": "FILE",
    "head": "--head", "out": "--out", "date": "--date", "as_of": "--as-of", "active_on": "--active-on",
    "query": "QUERY", "format": "--format", "lang": "--lang",
}

Db = Annotated[Optional[str], typer.Option("--db", help=H(
    "登记簿数据库：SQLite 文件路径或 SQLAlchemy URL（postgresql://…）；默认为用户数据目录，或环境变量 COMPLIANCE_DB。"
    "除 enroll --bootstrap 外，登记簿必须已存在",
    "register database: a SQLite file path or a SQLAlchemy URL (postgresql://…); default: the user data "
    "directory, or COMPLIANCE_DB. Except for enroll --bootstrap, the register must exist"))]
Lang = Annotated[Optional[LangChoice], typer.Option("--lang", help=H(
    "消息语言：zh（默认）或 en；环境变量 COMPLIANCE_LANG",
    "message language: zh (default) or en; environment variable COMPLIANCE_LANG"))]
Authority = Annotated[Optional[str], typer.Option("--authority", help=H(
    "执行机关编号（已登记）", "acting authority id (enrolled)"))]
Key = Annotated[Optional[str], typer.Option("--key", help=H(
    "执行机关的 Ed25519 私钥文件（PEM）；加密私钥的口令取自 COMPLIANCE_KEY_PASSPHRASE",
    "the acting authority's Ed25519 private key file (PEM); the passphrase of an encrypted key is taken "
    "from COMPLIANCE_KEY_PASSPHRASE"))]
Format = Annotated[OutputFormat, typer.Option("--format", help=H("输出格式：table 或 json",
                                                                 "output format: table or json"))]
SanctionId = Annotated[Optional[str], typer.Argument(metavar="ID", help=H("登记编号，如 S12",
                                                                          "entry id, e.g. S12"))]


# ---------------------------------------------------------------------- plumbing

class _Ctx:
    def __init__(self, lang):
        from compliance.penalties.messages import current_lang

        self.lang = current_lang(lang.value if isinstance(lang, Enum) else lang)
        self.options = dict(OPTION_OF)      # a command whose argument names a field differently overrides it

    def t(self, key, **params):
        from compliance.penalties.messages import t

        return t(key, self.lang, **params)

    def error_line(self, err) -> str:
        from compliance.penalties.messages import field_label

        if err.field is None:
            return err.message(self.lang)
        opt = self.options.get(err.field)
        name = field_label(err.field, self.lang)
        shown = f"{opt}（{name}）" if self.lang == "zh" and opt else (f"{opt} ({name})" if opt else name)
        return err.render(self.lang, shown)

    def prefixed(self, line: str) -> str:
        prefix = self.t("error")
        return f"{prefix}：{line}" if self.lang == "zh" else f"{prefix}: {line}"

    def error_lines(self, err) -> list[str]:
        """A refusal as the register's users read it: every line behind 错误/error, a field named by
        the option (or column) the user typed, and for an import the count of bad rows."""
        from compliance.errors import UnexpectedFailure
        from compliance.penalties.messages import RegisterError, RegisterErrors

        if isinstance(err, RegisterErrors):
            problems = getattr(err, "problems", None)
            if problems is not None:
                from compliance.penalties.tabular import LISTED_PROBLEMS

                lines = [p.render(self.lang) for p in problems[:LISTED_PROBLEMS]]
                if len(problems) > LISTED_PROBLEMS:
                    lines.append(self.t("import_more", count=len(problems) - LISTED_PROBLEMS))
                lines.append(self.t("import_failed", count=len(problems)))
            else:
                lines = [self.error_line(e[-1] if isinstance(e, tuple) else e) for e in err.errors]
        elif isinstance(err, RegisterError):
            lines = [self.error_line(err)]
        elif isinstance(err, UnexpectedFailure):
            lines = [self.t("unexpected", detail=err.detail)]
        else:
            lines = err.lines(self.lang)
        return [self.prefixed(line) for line in lines]


def _command(fn):
    """``cli.common.command`` (exit codes and messages from ``compliance/errors.py``) with the register's
    context (``ctx.lang``, ``ctx.t``) as first argument and its way of naming a refused field."""
    return command(fn, context=_Ctx, lines=lambda err, lang, ctx: ctx.error_lines(err))


def _open(db, create: bool = False):
    """The register at --db. Only a bootstrap enrolment may create one: elsewhere a register that
    does not exist (a mistyped --db) is refused, and nothing is created."""
    from compliance.penalties.store import Register

    return Register(db, create=create)


def _signer(key):
    from compliance.penalties.chain import Signer
    from compliance.penalties.messages import RegisterError

    if not key:
        raise RegisterError("key_unsigned", "key")
    return Signer.from_file(key, "key")


def _need(value, field):
    from compliance.penalties.messages import RegisterError

    if value is None or (isinstance(value, str) and not value.strip()):
        raise RegisterError("required", field)
    return value


def _output_target(value, field: str, force: bool):
    """A file the command will write: refused when it exists (unless --force) or its directory does not."""
    from pathlib import Path

    from compliance.penalties.messages import RegisterError, os_error

    path = Path(value)
    try:
        if path.is_dir():
            raise RegisterError("is_directory", field, path=str(path))
        if path.exists() and not force:
            raise RegisterError("file_exists", field, path=str(path))
        if not path.parent.is_dir():
            raise RegisterError("dir_missing", field, path=str(path.parent))
    except OSError as exc:
        raise os_error(exc, field, path, write=True) from None
    return path


def _console():
    import sys

    from rich.console import Console

    # a pipe or a test runner gets full rows rather than rich's 80-column default
    return Console(width=None if sys.stdout.isatty() else 200)


def _warn(ctx, warnings):
    from compliance.penalties.messages import t

    for w in warnings:
        typer.echo(f"{ctx.t('warning')}[{w['rule']}]（{w['citation']}）：{warning_text(w, ctx.lang)}"
                   if ctx.lang == "zh" else
                   f"{ctx.t('warning')} [{w['rule']}] ({w['citation']}): {warning_text(w, ctx.lang)}",
                   err=True)


def warning_text(w: dict, lang: str) -> str:
    """A stored warning in ``lang``: the rule base's message (events since the rules were
    declared there), or the message key of events recorded before."""
    from compliance.penalties.messages import t

    if "message_zh" in w:
        return w["message_en"] if lang == "en" else w["message_zh"]
    return t(w["key"], lang, **w["params"])


def _sanction_raw(entity, kind, code, region, measure, province, mechanism, from_, to, open_ended, grounds,
                  conduct, conduct_ended, discovered, decided, basis, case_number, evidence):
    raw = {"entity_name": entity, "entity_kind": kind, "code": code, "region_code": region, "measure": measure,
           "province": province, "mechanisms": mechanism or None, "from_date": from_, "to_date": to,
           "open_ended": open_ended, "grounds": grounds, "conduct": conduct, "conduct_ended": conduct_ended,
           "discovered_on": discovered, "decided_on": decided, "basis": basis or None,
           "case_number": case_number, "evidence": evidence or None}
    return raw


def _date(value, field):
    from compliance.penalties.fields import parse_date

    return parse_date(value, field, required=False)


def _dump(obj):
    import json

    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


# Options shared by record / amend / appeal (a sanction's fields)
Entity = Annotated[Optional[str], typer.Option("--entity", help=H("当事人名称", "name of the sanctioned party"))]
Kind = Annotated[Optional[str], typer.Option("--kind", help=H(
    "主体类型：法人（legal_person）或自然人（natural_person）；缺省时按证件号码判断",
    "entity kind: legal_person (法人) or natural_person (自然人); inferred from the code when omitted"))]
Code = Annotated[Optional[str], typer.Option("--code", help=H(
    "统一社会信用代码或身份证号码", "unified social credit code (USCC) or resident ID number"))]
Region = Annotated[Optional[str], typer.Option("--region", help=H(
    "违法行为发生地区划代码（须在本机关辖区内）",
    "division code where the conduct took place (within the acting authority's jurisdiction)"))]
Measure = Annotated[Optional[str], typer.Option("--measure", help=H(
    "措施：暂停（suspend）、限制（restrict）、取消（cancel）、通报（notice）",
    "measure: suspend (暂停), restrict (限制), cancel (取消) or notice (通报)"))]
Province = Annotated[Optional[str], typer.Option("--province", help=H(
    "适用省份（默认为本机关所在省）", "province the sanction applies in (default: the authority's province)"))]
Mechanism = Annotated[Optional[List[str]], typer.Option("--mechanism", help=H(
    "适用机制，可重复：CCER、XLTP（湘林碳票）、SCPH（林草碳普惠）、CQCER（碳惠通）、VCS、GS、OTHER，"
    "或 *（全部）；缺省为全部机制",
    "mechanism it applies to, repeatable: CCER, XLTP (湘林碳票), SCPH (林草碳普惠), CQCER (碳惠通), VCS, GS, "
    "OTHER, or * (all); default: all mechanisms"))]
From = Annotated[Optional[str], typer.Option("--from", help=H("起始日期 YYYY-MM-DD", "first day, YYYY-MM-DD"))]
To = Annotated[Optional[str], typer.Option("--to", help=H("截止日期 YYYY-MM-DD（含当日）",
                                                          "last day, YYYY-MM-DD (inclusive)"))]
OpenEnded = Annotated[bool, typer.Option("--open-ended", help=H("明确声明无固定期限",
                                                                "state explicitly that there is no end date"))]
Grounds = Annotated[Optional[str], typer.Option("--grounds", help=H("事由（查明的违规事实）",
                                                                    "grounds (the facts established)"))]
Conduct = Annotated[Optional[str], typer.Option("--conduct", help=H(
    "违法类型：数据造假、提供虚假材料、无序圈占、盲目开发、其他",
    "kind of conduct: data_falsification, false_materials, enclosure, blind_development or other"))]
ConductEnded = Annotated[Optional[str], typer.Option("--conduct-ended", help=H(
    "违法行为终了日期（用于时效提示）", "date the conduct ended (for the limitation-period warning)"))]
Discovered = Annotated[Optional[str], typer.Option("--discovered", help=H("发现（立案）日期",
                                                                          "date the conduct was discovered (case opened)"))]
Decided = Annotated[Optional[str], typer.Option("--decided", help=H("决定日期（默认为起始日期）",
                                                                    "decision date (default: the first day)"))]
Basis = Annotated[Optional[List[str]], typer.Option("--basis", help=H(
    "法律依据，可重复，如 \"森林法 第七十四条\"", "legal basis, repeatable, e.g. \"森林法 第七十四条\""))]
CaseNumber = Annotated[Optional[str], typer.Option("--case-number", help=H("决定书文号",
                                                                           "number of the decision document"))]
Evidence = Annotated[Optional[List[str]], typer.Option("--evidence", help=H(
    "证据：文号或文件（文件记录其 SHA-256），可重复",
    "evidence: a document number or a file (a file is recorded with its SHA-256), repeatable"))]


# ---------------------------------------------------------------------- enrol

@app.command("enroll", help=H(
    "登记机关及其公钥（由省级机关签名；本省首个省级机关用 --bootstrap 自签名，并可由此新建登记簿）。",
    "Enrol an authority and its public key (signed by a province authority; the first province authority "
    "of a province signs its own enrolment with --bootstrap, which may also create a new register)."))
@_command
def enroll(ctx,
           authority_id: Annotated[Optional[str], typer.Option("--id", help=H(
               "新机关编号（字母数字，如 HN-LYJ）", "id of the new authority (letters and digits, e.g. HN-LYJ)"))] = None,
           name: Annotated[Optional[str], typer.Option("--name", help=H("机关名称", "name of the authority"))] = None,
           division: Annotated[Optional[str], typer.Option("--division", help=H(
               "机关区划代码：省 2 位、市 4 位、县 6 位",
               "division code of the authority: 2 digits province, 4 prefecture, 6 county"))] = None,
           new_key: Annotated[Optional[str], typer.Option("--new-key", help=H(
               "新机关的密钥文件：已有的私钥或公钥 PEM；文件不存在时生成新的私钥",
               "key file of the new authority: an existing private or public key (PEM); when the file "
               "does not exist a new private key is generated there"))] = None,
           bootstrap: Annotated[bool, typer.Option("--bootstrap", help=H(
               "本省首个省级机关的自签名登记", "self-signed enrolment of a province's first province authority"))] = False,
           replace_key: Annotated[bool, typer.Option("--replace-key", help=H(
               "为已登记的机关更换公钥", "replace the public key of an enrolled authority"))] = False,
           authority: Authority = None, key: Key = None, db: Db = None, lang: Lang = None):
    from pathlib import Path

    from compliance.penalties import divisions
    from compliance.penalties.chain import Signer, load_key_file
    from compliance.penalties.messages import RegisterError, os_error
    from compliance.penalties.store import _authority_id

    # everything that can be checked without the register is checked first: a refusal creates nothing
    authority_id = _authority_id(_need(authority_id, "authority_id"))
    _need(name, "authority_name")
    _need(division, "division")
    _need(new_key, "new_key")
    d = divisions.get(division, "division")  # a bad division is refused before a key file is made
    if bootstrap and d.level != "province":
        raise RegisterError("bootstrap_not_province", "division")
    signer = None
    if not bootstrap:
        _need(authority, "authority")
        signer = _signer(key)
    path = Path(new_key)
    try:
        exists = path.exists()
        if not exists and not path.parent.is_dir():
            raise RegisterError("dir_missing", "new_key", path=str(path.parent))
    except OSError as exc:
        raise os_error(exc, "new_key", path) from None
    private = public = None
    if exists:
        private, public = load_key_file(path, "new_key")
        if bootstrap and private is None:
            raise RegisterError("bootstrap_needs_private", "new_key")
    # only a bootstrap enrolment may create the register; any other needs an enrolled province authority
    reg = _open(db, create=bootstrap)
    generated = False
    if exists:
        subject = Signer(private) if private is not None else None
    else:
        subject = Signer.generate()
        subject.write(path)
        public, generated = subject.public_key, True
    try:
        if bootstrap:
            done = reg.enroll(authority_id=authority_id, name=name, division=division, public_key=public,
                              signer=subject, bootstrap=True)
        else:
            done = reg.enroll(authority_id=authority_id, name=name, division=division, public_key=public,
                              acting=authority, signer=signer, replace_key=replace_key)
    except BaseException:
        if generated:
            path.unlink(missing_ok=True)
        raise
    a = reg.authority(authority_id)
    from compliance.penalties.messages import label

    typer.echo(ctx.t("enrolled", authority=a["authority_id"], name=a["name"], division=a["division"],
                     level=label(a["level"], ctx.lang), seq=done.seq))
    if generated:
        typer.echo(ctx.t("key_written", path=str(path)))


# ---------------------------------------------------------------------- record / lift / amend / appeal

@app.command("record", help=H(
    "登记一项处理（暂停、限制、取消资格或通报）。记录时给出依据、时效和默认期限的警告，但不阻止登记。",
    "Record a sanction (suspension, restriction or cancellation of eligibility, or a notice). Warnings on "
    "the legal basis, the limitation period and default periods are shown, but do not block recording."))
@_command
def record(ctx, entity: Entity = None, kind: Kind = None, code: Code = None, region: Region = None,
           measure: Measure = None, province: Province = None, mechanism: Mechanism = None, from_: From = None,
           to: To = None, open_ended: OpenEnded = False, grounds: Grounds = None, conduct: Conduct = None,
           conduct_ended: ConductEnded = None, discovered: Discovered = None, decided: Decided = None,
           basis: Basis = None, case_number: CaseNumber = None, evidence: Evidence = None,
           authority: Authority = None, key: Key = None, db: Db = None, lang: Lang = None):
    _need(authority, "authority")
    signer = _signer(key)
    raw = _sanction_raw(entity, kind, code, region, measure, province, mechanism, from_, to, open_ended, grounds,
                        conduct, conduct_ended, discovered, decided, basis, case_number, evidence)
    reg = _open(db)
    done = reg.record(raw, authority=authority, signer=signer)
    _warn(ctx, done.warnings)
    typer.echo(ctx.t("recorded", id=done.sanction_id, seq=done.seq, hash=done.hash[:16]))


@app.command("lift", help=H("提前解除一项处理（追加“解除”事件，原记录不变）。",
                            "Lift a sanction early (appends a 'lifted' event; the record itself is unchanged)."))
@_command
def lift(ctx, sanction_id: SanctionId = None,
         on: Annotated[Optional[str], typer.Option("--on", help=H(
             "解除日期（当日起不再适用；须在起始日期与截止日期之间）",
             "lift date (no longer in force from that day; between the first and the last day)"))] = None,
         reason: Annotated[Optional[str], typer.Option("--reason", help=H("解除理由", "reason for lifting"))] = None,
         basis: Basis = None, authority: Authority = None, key: Key = None, db: Db = None, lang: Lang = None):
    _need(sanction_id, "sanction")
    _need(on, "lifted_on")
    _need(authority, "authority")
    signer = _signer(key)
    done = _open(db).lift(sanction_id, lifted_on=on, reason=reason, basis=basis, authority=authority,
                          signer=signer)
    typer.echo(ctx.t("lifted", id=done.sanction_id, seq=done.seq))


@app.command("amend", help=H("更正一项处理（追加“更正”事件，引用被更正的事件；只给出要改的字段）。",
                             "Correct a sanction (appends an 'amended' event referring to the corrected one; "
                             "give only the fields to change)."))
@_command
def amend(ctx, sanction_id: SanctionId = None,
          reason: Annotated[Optional[str], typer.Option("--reason", help=H("更正理由",
                                                                           "reason for the correction"))] = None,
          entity: Entity = None, kind: Kind = None, code: Code = None, region: Region = None,
          measure: Measure = None, province: Province = None, mechanism: Mechanism = None, from_: From = None,
          to: To = None, open_ended: OpenEnded = False, grounds: Grounds = None, conduct: Conduct = None,
          conduct_ended: ConductEnded = None, discovered: Discovered = None, decided: Decided = None,
          basis: Basis = None, case_number: CaseNumber = None, evidence: Evidence = None,
          authority: Authority = None, key: Key = None, db: Db = None, lang: Lang = None):
    _need(sanction_id, "sanction")
    _need(reason, "reason")
    _need(authority, "authority")
    signer = _signer(key)
    changes = _changes(entity, kind, code, region, measure, province, mechanism, from_, to, open_ended,
                       grounds, conduct, conduct_ended, discovered, decided, basis, case_number, evidence)
    done = _open(db).amend(sanction_id, changes, reason=reason, authority=authority, signer=signer)
    _warn(ctx, done.warnings)
    typer.echo(ctx.t("amended", id=done.sanction_id, seq=done.seq))


def _changes(*fields) -> dict:
    """Only the sanction fields the user gave (amend and appeal change nothing else)."""
    return {k: v for k, v in _sanction_raw(*fields).items() if v not in (None, False, [])}


@app.command("appeal", help=H("记录行政复议或行政诉讼的结果（维持、变更或撤销；变更时给出变更后的字段）。",
                              "Record the outcome of an administrative review or lawsuit (upheld, varied or "
                              "revoked; for 'varied' give the varied fields)."))
@_command
def appeal(ctx, sanction_id: SanctionId = None,
           outcome: Annotated[Optional[str], typer.Option("--outcome", help=H(
               "结果：维持（upheld）、变更（varied）、撤销（revoked）",
               "outcome: upheld (维持), varied (变更) or revoked (撤销)"))] = None,
           decided: Annotated[Optional[str], typer.Option("--decided", help=H(
               "复议决定或判决日期", "date of the review decision or judgment"))] = None,
           body: Annotated[Optional[str], typer.Option("--body", help=H("复议机关或法院",
                                                                        "review body or court"))] = None,
           document: Annotated[Optional[str], typer.Option("--document", help=H(
               "复议决定书或判决书文号", "number of the review decision or judgment"))] = None,
           entity: Entity = None, kind: Kind = None, code: Code = None, region: Region = None,
           measure: Measure = None, province: Province = None, mechanism: Mechanism = None, from_: From = None,
           to: To = None, open_ended: OpenEnded = False, grounds: Grounds = None, conduct: Conduct = None,
           conduct_ended: ConductEnded = None, discovered: Discovered = None,
           basis: Basis = None, case_number: CaseNumber = None, evidence: Evidence = None,
           authority: Authority = None, key: Key = None, db: Db = None, lang: Lang = None):
    _need(sanction_id, "sanction")
    _need(outcome, "outcome")
    _need(authority, "authority")
    signer = _signer(key)
    changes = _changes(entity, kind, code, region, measure, province, mechanism, from_, to, open_ended,
                       grounds, conduct, conduct_ended, discovered, None, basis, case_number, evidence)
    done = _open(db).appeal(sanction_id, outcome=outcome, decided_on=decided, body=body, document=document,
                            changes=changes or None, authority=authority, signer=signer)
    _warn(ctx, done.warnings)
    typer.echo(ctx.t("appeal_recorded", id=done.sanction_id, seq=done.seq))


# ---------------------------------------------------------------------- reading

def _mask(state):
    from compliance.reference import ids

    e = state["entity"]
    return ids.mask_id_number(e["code"]) if e["kind"] == "natural_person" else e["code"]


@app.command("list", help=H("列出登记的处理（自然人身份证号码在表格中脱敏）。",
                            "List the recorded sanctions (ID numbers of natural persons are masked in the table)."))
@_command
def list_(ctx, active_on: Annotated[Optional[str], typer.Option("--active-on", help=H(
              "只列出在该日期有效的处理", "only sanctions in force on that date"))] = None,
          province: Annotated[Optional[str], typer.Option("--province", help=H(
              "只列出适用于该省份的处理", "only sanctions applying in that province"))] = None,
          mechanism: Annotated[Optional[str], typer.Option("--mechanism", help=H(
              "只列出适用于该机制的处理", "only sanctions applying to that mechanism"))] = None,
          code: Code = None, fmt: Format = OutputFormat.table, db: Db = None, lang: Lang = None):
    from compliance.penalties import fold
    from compliance.penalties.messages import label

    day = _date(active_on, "active_on")
    states = _open(db).sanctions(active_on=day, province=province, mechanism=mechanism, code=code)
    if fmt == "json":
        return _dump(states)
    if not states:
        typer.echo(ctx.t("nothing_found"))
        return
    from rich.table import Table

    zh = ctx.lang == "zh"
    table = Table(*(["登记编号", "当事人", "证件号码", "措施", "范围", "起始", "截止", "状态", "决定书文号"] if zh else
                    ["entry", "entity", "code", "measure", "scope", "from", "to", "status", "case number"]))
    import datetime as dt

    today = day or dt.date.today()
    for s in states:
        status = label(s["status"], ctx.lang)
        if s["status"] != "revoked" and not fold.is_active(s, today):
            status += "（不在期内）" if zh else " (not in force)"
        table.add_row(s["id"], s["entity"]["name"], _mask(s), label(s["measure"], ctx.lang),
                      f"{s['scope']['province']} " + "、".join(s["scope"]["mechanisms"]), s["from_date"],
                      s["to_date"] or label("open_ended", ctx.lang), status, s["case_number"])
    _console().print(table)


@app.command("show", help=H("显示一项处理的当前状态及其全部事件（含哈希与记录时警告）。",
                            "Show a sanction's current state and all its events (with hashes and "
                            "record-time warnings)."))
@_command
def show(ctx, sanction_id: SanctionId = None, fmt: Format = OutputFormat.table, db: Db = None, lang: Lang = None):
    from compliance.penalties.fields import citations, evidence_text
    from compliance.penalties.messages import label, t

    _need(sanction_id, "sanction")
    reg = _open(db)
    s = reg.sanction(sanction_id)
    events = reg.events(s["id"])
    if fmt == "json":
        return _dump({"sanction": s, "events": [
            {"seq": e.seq, "kind": e.kind, "at": e.at, "authority": e.authority_id, "hash": e.hash,
             "body": e.body, "warnings": e.warnings} for e in events]})
    zh = ctx.lang == "zh"
    rows = [
        ("登记编号" if zh else "entry", s["id"]),
        ("状态" if zh else "status", label(s["status"], ctx.lang)),
        ("当事人" if zh else "entity", f"{s['entity']['name']}（{label(s['entity']['kind'], ctx.lang)}）"),
        ("证件号码" if zh else "code", s["entity"]["code"]),
        ("违法行为发生地" if zh else "region", s["region_code"]),
        ("措施" if zh else "measure", label(s["measure"], ctx.lang)),
        ("适用范围" if zh else "scope", f"{s['scope']['province']} " + "、".join(s["scope"]["mechanisms"])),
        ("期限" if zh else "period", f"{s['from_date']} – {s['to_date'] or label('open_ended', ctx.lang)}"),
        ("事由" if zh else "grounds", s["grounds"]),
        ("依据" if zh else "basis", citations(s["basis"])),
        ("决定机关" if zh else "decided by",
         f"{s['decided_by']['name']}（{s['decided_by']['division']}，{label(s['decided_by']['level'], ctx.lang)}）"),
        ("决定日期" if zh else "decided on", s["decided_on"]),
        ("决定书文号" if zh else "case number", s["case_number"]),
        ("证据" if zh else "evidence", "；".join(evidence_text(e) for e in s["evidence"]) or "—"),
    ]
    if s["lifted"]:
        rows.append(("解除" if zh else "lifted", f"{s['lifted']['on']}：{s['lifted']['reason']}"))
    for a in s["appeals"]:
        rows.append(("复议/诉讼" if zh else "appeal",
                     f"{a['decided_on']} {a['body']} {a['document']}：{label(a['outcome'], ctx.lang)}"))
    for k, v in rows:
        typer.echo(f"{k}：{v}" if zh else f"{k}: {v}")
    typer.echo("事件：" if zh else "events:")
    for e in events:
        typer.echo(f"  #{e.seq} {e.kind} {e.at} {e.authority_id} {e.hash}")
        for w in e.warnings:
            typer.echo(f"      [{w['rule']}] {warning_text(w, ctx.lang)}")


# ---------------------------------------------------------------------- integrity

def _read_head(value):
    import json
    from pathlib import Path

    from compliance.penalties.messages import RegisterError, os_error

    text = value
    p = Path(value)
    try:
        if p.is_dir():
            raise RegisterError("is_directory", "head", path=value)
        if p.is_file():
            text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise os_error(exc, "head", p) from None
    except UnicodeDecodeError:
        raise RegisterError("head_bad", "head", value=value) from None
    try:
        data = json.loads(text)
        return int(data["seq"]), str(data["hash"]).lower()
    except (ValueError, KeyError, TypeError):
        pass
    if ":" in value:
        seq, _, h = value.partition(":")
        if seq.strip().isdigit() and len(h.strip()) == 64:
            return int(seq), h.strip().lower()
    if text is value and ("/" in value or os.sep in value or value.lower().endswith(".json")):
        raise RegisterError("file_missing", "head", path=value)  # meant as a file, but there is none
    raise RegisterError("head_bad", "head", value=value)


@app.command("verify", help=H("重新计算哈希链和签名、检查登记规则与当前状态表；指出第一个有问题的事件。",
                              "Recompute the hash chain and signatures, check the register's rules and the "
                              "current-state table; name the first bad event."))
@_command
def verify(ctx, head: Annotated[Optional[str], typer.Option("--head", help=H(
               "与之前导出的头哈希比较：export --head 写出的文件，或 序号:哈希",
               "compare with a head exported earlier: the file export --head wrote, or seq:hash"))] = None,
           rebuild: Annotated[bool, typer.Option("--rebuild", help=H(
               "当前状态表与事件不一致时，从事件重建（事件本身从不改动）",
               "when the current-state table disagrees with the events, rebuild it from them "
               "(the events are never changed)"))] = False,
           incremental: Annotated[bool, typer.Option("--incremental", help=H(
               "只验证最新签名检查点（或本机上次验证到的位置）之后的事件，以及检查点签名与状态摘要",
               "verify only the events after the latest signed checkpoint (or where this machine "
               "verified up to), the checkpoint's signature and the state digest"))] = False,
           fmt: Format = OutputFormat.table, db: Db = None, lang: Lang = None):
    expected = _read_head(head) if head else None
    res = _open(db).verify(expected_head=expected, rebuild=rebuild and not incremental, incremental=incremental)
    if fmt == "json":
        _dump({"ok": res.ok, "count": res.count, "head": {"seq": res.head_seq, "hash": res.head_hash},
               "bad_event": res.bad_seq, "reason": res.problem.message(ctx.lang) if res.problem else None,
               "state_problem": res.state_problem, "rebuilt": res.rebuilt, "unpinned_roots": res.unpinned,
               "incremental_from": res.incremental_from})
    elif res.ok:
        if res.rebuilt:
            typer.echo(ctx.t("verify_rebuilt"))
        typer.echo(ctx.t("verify_ok", count=res.count, head=f"#{res.head_seq}:{res.head_hash}"))
        if res.incremental_from is not None:
            typer.echo(ctx.t("verify_incremental", since=res.incremental_from))
    elif res.problem is not None:
        typer.echo(ctx.t("verify_bad", seq=res.bad_seq, reason=res.problem.message(ctx.lang)), err=True)
    else:
        typer.echo(ctx.t("verify_state_bad", target=res.state_problem), err=True)
    if fmt != "json" and res.unpinned:
        typer.echo(ctx.t("verify_unpinned", provinces="、".join(res.unpinned) if ctx.lang == "zh"
                         else ", ".join(res.unpinned)), err=True)
    if not res.ok:
        raise typer.Exit(1)


@app.command("feed", help=H("发布通报订阅（JSON 或 Atom），身份证号码脱敏，每条附包含证明。",
                            "Publish the public feed (JSON or Atom), ID numbers masked, with inclusion proofs."))
@_command
def feed(ctx, feed_format: Annotated[str, typer.Option("--format", help=H("格式：json 或 atom", "format: json or atom"))] = "json",
         out: Annotated[Optional[str], typer.Option("--out", "-o", help=H(
             "输出文件（默认标准输出；已存在时须加 --force）", "output file (default standard output; an existing file needs --force)"))] = None,
         active_on: Annotated[Optional[str], typer.Option("--active-on", help=H(
             "只发布在该日期有效的措施", "only measures in force on that date"))] = None,
         force: Annotated[bool, typer.Option("--force", help=H("覆盖已存在的输出文件", "overwrite an existing output file"))] = False,
         authority: Authority = None, key: Key = None, db: Db = None, lang: Lang = None):
    from pathlib import Path

    from compliance.penalties import feed as f
    from compliance.penalties.messages import RegisterError, os_error

    kind = str(feed_format).strip().lower()
    if kind not in ("json", "atom"):
        raise RegisterError("bad_choice", "format", value=feed_format, choices="json, atom")
    _need(authority, "authority")
    day = _date(active_on, "active_on") if active_on else None
    built = f.build(_open(db), authority=authority, signer=_signer(key), active_on=day)
    text = f.to_json(built) if kind == "json" else f.to_atom(built)
    if not out or out == "-":
        typer.echo(text)
        return
    target = Path(out)
    if target.exists() and not force:
        raise RegisterError("file_exists", "out", path=out)
    try:
        target.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise os_error(exc, "out", target, write=True) from None
    typer.echo(ctx.t("feed_ok", count=built["head"]["size"], authority=built["head"]["authority_name"],
                     fingerprint=built["head"]["fingerprint"], seq=built["head"]["register_head"]["seq"]))


@app.command("feed-verify", help=H("离线验证下载的通报订阅：签名、指纹、包含证明和脱敏。",
                                   "Verify a downloaded feed offline: signature, fingerprint, proofs, masking."))
@_command
def feed_verify(ctx, file: Annotated[Optional[str], typer.Argument(metavar="FILE", help=H(
                    "订阅文件（JSON 或 Atom）", "feed file (JSON or Atom)"))] = None,
                fingerprint: Annotated[Optional[str], typer.Option("--fingerprint", help=H(
                    "要求的签发机关公钥指纹（默认：该省固定的根机关指纹，如有）",
                    "the publisher's expected key fingerprint (default: the province's pinned root, if any)"))] = None,
                lang: Lang = None):
    from pathlib import Path

    from compliance.penalties import feed as f
    from compliance.penalties.messages import RegisterError, os_error

    _need(file, "file")
    p = Path(file)
    try:
        with p.open("rb") as fh:    # bounded: a device (/dev/zero) or pipe reports no size
            data = fh.read(f.MAX_FEED_BYTES + 1)
        if len(data) > f.MAX_FEED_BYTES:
            raise RegisterError("feed_bad", "file", detail=f"larger than {f.MAX_FEED_BYTES} bytes")
        text = data.decode("utf-8")
    except OSError as exc:
        raise os_error(exc, "file", p) from None
    except UnicodeDecodeError:
        raise RegisterError("feed_bad", "file", detail="not UTF-8") from None
    parsed = f.parse(text)
    problems = f.check(parsed, fingerprint)
    if problems:
        for where, problem in problems:
            typer.echo(ctx.t("feed_failed", where=where, reason=problem.message(ctx.lang)), err=True)
        raise typer.Exit(1)
    h = parsed["head"]
    from compliance.penalties.trust import fingerprint as key_fingerprint

    typer.echo(ctx.t("feed_ok", count=h["size"], authority=h.get("authority_name", ""),
                     fingerprint=key_fingerprint(h["public_key"]), seq=(h.get("register_head") or {}).get("seq")))
    if not f.expected_fingerprints(parsed, fingerprint):
        typer.echo(ctx.t("feed_unpinned"), err=True)


@app.command("fingerprint", help=H("显示密钥文件的公钥指纹，用于固定本省根机关。",
                                   "Print a key file's fingerprint, to pin a province's root."))
@_command
def fingerprint(ctx, key_file: Annotated[Optional[str], typer.Argument(metavar="KEY", help=H(
                    "私钥或公钥 PEM 文件", "private or public key PEM file"))] = None, lang: Lang = None):
    from compliance.penalties.chain import load_key_file
    from compliance.penalties.trust import fingerprint as fp

    ctx.options["key"] = "KEY"
    _need(key_file, "key")
    _, public = load_key_file(key_file, "key")
    typer.echo(fp(public))


@app.command("checkpoint", help=H(
    "输出最新的签名检查点（树头）和本机见到的最新签名头；--sign 立即签一个检查点，--out 导出。",
    "Print the latest signed checkpoint (tree head) and the latest signed head seen here; --sign signs "
    "one now, --out exports it."))
@_command
def checkpoint_(ctx, sign: Annotated[bool, typer.Option("--sign", help=H(
                    "由 --authority/--key 对当前头签一个检查点（树头），存入登记簿",
                    "sign a checkpoint (tree head) at the current head with --authority/--key, kept in the register"))] = False,
                out: Annotated[Optional[str], typer.Option("--out", "-o", help=H(
                    "把检查点写入该文件（已存在时须加 --force），以后用 verify --head 比较",
                    "write the checkpoint to this file (an existing file needs --force), to compare later with verify --head"))] = None,
                force: Annotated[bool, typer.Option("--force", help=H("覆盖已存在的输出文件", "overwrite an existing output file"))] = False,
                authority: Authority = None, key: Key = None, db: Db = None, lang: Lang = None):
    import json

    from compliance.penalties import checkpoint, verify as v
    from compliance.penalties.messages import os_error

    out_path = _output_target(out, "out", force) if out else None
    reg = _open(db)
    if sign:
        _need(authority, "authority")
        _need(key, "key")
        reg.sign_checkpoint(authority=authority, signer=_signer(key))
    state = v.load(reg)
    seen = checkpoint.read(reg.url) or {"seq": state.head[0], "hash": state.head[1]}
    with reg.engine.connect() as conn:
        sth = checkpoint.latest_tree_head(conn)
    doc = {"register": reg.display_name(), **{k: seen[k] for k in ("seq", "hash", "signature", "authority")
                                               if k in seen}}
    if sth is not None:
        doc["tree_head"] = sth
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    if out_path is None:
        typer.echo(text)
    else:
        try:
            out_path.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise os_error(exc, "out", out_path, write=True) from None
        typer.echo(ctx.t("head_written", path=out))


@app.command("export", help=H("导出登记簿为 CSV 或 Excel，或导出头哈希。",
                              "Export the register as CSV or Excel, or export the head hash."))
@_command
def export(ctx, out: Annotated[Optional[str], typer.Option("--out", "-o", help=H(
               "导出文件：.csv 或 .xlsx（已存在时须加 --force）",
               "output file: .csv or .xlsx (an existing file needs --force)"))] = None,
           head: Annotated[Optional[str], typer.Option("--head", help=H(
               "把当前头哈希写入该文件（- 为标准输出），以后用 verify --head 比较；已存在时须加 --force",
               "write the current head hash to this file (- for standard output), to compare later with "
               "verify --head; an existing file needs --force"))] = None,
           active_on: Annotated[Optional[str], typer.Option("--active-on", help=H(
               "只导出在该日期有效的处理", "only sanctions in force on that date"))] = None,
           mask_ids: Annotated[bool, typer.Option("--mask-ids", help=H(
               "对自然人身份证号码脱敏（导出文件不能再导入）",
               "mask ID numbers of natural persons (the file can then not be imported)"))] = False,
           force: Annotated[bool, typer.Option("--force", help=H(
               "覆盖已存在的输出文件", "overwrite existing output files"))] = False,
           db: Db = None, lang: Lang = None):
    import datetime as dt
    import json

    from compliance.penalties.messages import RegisterError, os_error
    from compliance.penalties.tabular import EXPORT_SUFFIXES

    if not out and not head:
        raise RegisterError("required", "out")
    day = _date(active_on, "active_on")
    out_path = head_path = None
    if out:
        out_path = _output_target(out, "out", force)
        if out_path.suffix.lower() not in EXPORT_SUFFIXES:
            raise RegisterError("unsupported_format", "out", path=out)
    if head and head != "-":
        head_path = _output_target(head, "head", force)
    reg = _open(db)
    if head:
        seq, h = reg.head()
        doc = json.dumps({"seq": seq, "hash": h, "exported_at": dt.datetime.now(dt.timezone.utc)
                          .replace(microsecond=0).isoformat().replace("+00:00", "Z")}, ensure_ascii=False)
        if head_path is None:
            typer.echo(doc)
        else:
            try:
                head_path.write_text(doc + "\n", encoding="utf-8")
            except OSError as exc:
                raise os_error(exc, "head", head_path, write=True) from None
            typer.echo(ctx.t("head_written", path=head))
    if out:
        from compliance.penalties.tabular import export_file

        states = reg.sanctions(active_on=day)
        n = export_file(states, out_path, mask_ids=mask_ids, field="out")
        typer.echo(ctx.t("exported", count=n, path=out))


@app.command("import", help=H("导入历史处理记录：全部成功或全部不写入；每个错误指出工作表、行和列。登记簿须已存在。",
                              "Import historical sanctions: all rows or none; every error names the sheet, row "
                              "and column. The register must exist."))
@_command
def import_(ctx, file: Annotated[Optional[str], typer.Argument(metavar="FILE", help=H(
                "历史处理记录表：.xlsx 或 .csv（列同 export）",
                "spreadsheet of historical sanctions: .xlsx or .csv (columns as export writes them)"))] = None,
            authority: Authority = None, key: Key = None, db: Db = None, lang: Lang = None):
    from compliance.penalties.tabular import import_file

    _need(file, "file")
    _need(authority, "authority")
    signer = _signer(key)
    done = import_file(_open(db), file, authority=authority, signer=signer, lang=ctx.lang)
    for d in done:
        _warn(ctx, [dict(w, rule=f"{d.sanction_id} {w['rule']}") for w in d.warnings])
    if done:
        typer.echo(ctx.t("import_done", count=len(done), first=done[0].seq, last=done[-1].seq))


# ---------------------------------------------------------------------- notice and screening

@app.command("notice", help=H("起草通报（.docx，自然人身份证号码脱敏）。",
                              "Draft the notice (通报) as .docx (ID numbers of natural persons are masked)."))
@_command
def notice(ctx, sanction_id: SanctionId = None,
           out: Annotated[Optional[str], typer.Option("--out", "-o", help=H(
               "输出 .docx（默认 通报-登记编号.docx）", "output .docx (default: 通报-<entry id>.docx)"))] = None,
           date: Annotated[Optional[str], typer.Option("--date", help=H(
               "通报落款日期（默认今天）", "date of the notice (default: today)"))] = None,
           force: Annotated[bool, typer.Option("--force", help=H(
               "覆盖已存在的输出文件", "overwrite an existing output file"))] = False,
           db: Db = None, lang: Lang = None):
    from compliance.penalties.notice import render

    _need(sanction_id, "sanction")
    day = _date(date, "date")
    if out:
        _output_target(out, "out", force)
    state = _open(db).sanction(sanction_id)
    path = _output_target(out or f"通报-{state['id']}.docx", "out", force)
    render(state, path, notice_date=day)
    typer.echo(ctx.t("notice_written", path=str(path)))


@app.command("screen", help=H("查找当事人：先按证件号码精确匹配，再按规范化名称匹配；给出得分和理由。",
                              "Screen a party: exact match on the code first, then on the normalised name; "
                              "with a score and the reason."))
@_command
def screen(ctx, query: Annotated[Optional[str], typer.Argument(metavar="QUERY", help=H(
               "统一社会信用代码、身份证号码或名称", "USCC, ID number or name"))] = None,
           code: Code = None,
           name: Annotated[Optional[str], typer.Option("--name", help=H(
               "名称（与 --code 同时给出时先按代码查）", "name (with --code, the code is matched first)"))] = None,
           as_of: Annotated[Optional[str], typer.Option("--as-of", help=H(
               "判断是否有效的日期（默认今天）", "date on which 'in force' is judged (default: today)"))] = None,
           fmt: Format = OutputFormat.table, db: Db = None, lang: Lang = None):
    from dataclasses import asdict

    from compliance.penalties.messages import label
    from compliance.penalties.screen import looks_like_code, screen as run

    if query:
        if looks_like_code(query):
            code = code or query
        else:
            name = name or query
    if not code and not name:
        _need(None, "query")
    day = _date(as_of, "as_of")
    hits = run(_open(db), code=code, name=name, as_of=day)
    if fmt == "json":
        return _dump([dict(asdict(h), reason_text=h.reason_text(ctx.lang)) for h in hits])
    if not hits:
        typer.echo(ctx.t("nothing_found"))
        return
    from rich.table import Table

    zh = ctx.lang == "zh"
    table = Table(*(["得分", "理由", "登记编号", "当事人", "证件号码", "措施", "期限", "当前有效"] if zh else
                    ["score", "reason", "entry", "entity", "code", "measure", "period", "in force"]))
    from compliance.reference import ids

    for h in hits:
        code_shown = ids.mask_id_number(h.code) if h.kind == "natural_person" else h.code
        table.add_row(f"{h.score:.2f}", h.reason_text(ctx.lang), h.entry_id, h.entity_name, code_shown,
                      label(h.measure, ctx.lang), f"{h.from_date} – {h.to_date or label('open_ended', ctx.lang)}",
                      ("是" if h.active else "否") if zh else ("yes" if h.active else "no"))
    _console().print(table)
