"""The project library: users, stored submission versions, the plot index and lifecycle stages.

Every 入库 is one transaction holding the library's write lock (BEGIN IMMEDIATE on SQLite, an
advisory transaction lock on PostgreSQL): the new version, its plot index rows and the project
row are committed together or not at all, and the cross-project check sees every version stored
before it. The cross-project rules are the portfolio's (``compliance.portfolio.cross``, deciding by the
declarations in ``compliance.rules.portfolio``), run on the new project and the stored projects it could conflict with (same plot, same certificate,
same developer).
"""
from __future__ import annotations

from compliance.storage import sqlite_engine

import datetime as dt
import hashlib
import json
import os
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy import event as sa_event

from compliance.library import access, spatial
from compliance.library.errors import BadRequest, Forbidden, NotFound, Unauthenticated
from compliance.library.schema import (KNOWN_SCHEMA_VERSIONS, SCHEMA_VERSION, VERSION_TABLE, plots_t, projects_t,
                                       stages_t, users_t, versions_t)
from compliance.errors import InternalFailure, InvalidInput

MIGRATIONS = Path(__file__).parent / "migrations"
_PG_LOCK = 0x6C6962   # "lib": one library writer at a time (cross-project checks see every stored version)
TOKEN_PREFIX = "cwb_"


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def resolve_url(url: str | None = None, *, create_dir: bool = True) -> str:
    """--library / COMPLIANCE_LIBRARY / the user data directory; a plain path is a SQLite file."""
    url = url or os.environ.get("COMPLIANCE_LIBRARY")
    if not url:
        import platformdirs

        base = Path(platformdirs.user_data_dir("compliance", appauthor=False))
        if create_dir:
            base.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{base / 'library.sqlite3'}"
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    return url


def hash_token(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    division: Optional[str]

    @property
    def official(self) -> bool:
        return self.role in access.OFFICIAL_ROLES

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "role": self.role, "division": self.division}


class LibraryOpenError(InternalFailure):
    """The library could not be opened (a database that does not answer, a newer schema): exit 3."""

    key = "library_open"


class LibraryURLError(InvalidInput):
    """The library URL itself is wrong (not a URL, an unknown database kind, a SQLite file in a
    folder that does not exist): the user's input, exit 2, naming where it came from."""

    key = "library_url"

    def __init__(self, zh: str, en: str):
        super().__init__(zh=f"--library / COMPLIANCE_LIBRARY：{zh}", en=f"--library / COMPLIANCE_LIBRARY: {en}")


class Library:
    """A project library at a database URL (SQLite file by default, PostgreSQL by URL)."""

    def __init__(self, url: str | None = None, *, match=None):
        self.url = resolve_url(url)
        self.engine = _make_engine(self.url)
        # how the cross-project rules ask the rule engine (``portfolio.cross.run_steps``'s ``match``;
        # None: in this process). The service passes its check worker's (``decide.host_matcher``).
        self.match = match
        # called inside the 入库 transaction just before COMMIT (tests kill a writer there)
        self._test_hook_before_commit = None
        try:
            self._migrate()
        except BaseException:
            self.engine.dispose()
            raise

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------------ schema
    def schema_version(self) -> Optional[str]:
        try:
            with self.engine.connect() as conn:
                return conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
        except (sa.exc.OperationalError, sa.exc.ProgrammingError) as exc:
            if "no such table" in str(exc) or "does not exist" in str(exc) or isinstance(exc, sa.exc.ProgrammingError):
                return None
            raise LibraryOpenError(zh=f"无法打开项目库 {_safe_url(self.url)}：{_first_line(exc)}",
                                   en=f"cannot open the project library {_safe_url(self.url)}: {_first_line(exc)}") from None
        except sa.exc.DBAPIError as exc:
            raise LibraryOpenError(zh=f"无法打开项目库 {_safe_url(self.url)}：{_first_line(exc)}",
                                   en=f"cannot open the project library {_safe_url(self.url)}: {_first_line(exc)}") from None

    def _migrate(self) -> None:
        found = self.schema_version()
        if found == SCHEMA_VERSION:
            return
        if found is not None and found not in KNOWN_SCHEMA_VERSIONS:
            raise LibraryOpenError(zh=f"项目库的结构版本 {found} 比本程序新（{SCHEMA_VERSION}）：请升级 compliance",
                                   en=f"the library's schema {found} is newer than this program's ({SCHEMA_VERSION}): upgrade compliance")
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self._write() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    @contextmanager
    def _write(self):
        """The library's write transaction (one writer at a time)."""
        try:
            with self.engine.connect() as conn:
                conn.execution_options(library_write=True)
                with conn.begin():
                    if conn.dialect.name == "postgresql":
                        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
                    yield conn
        except sa.exc.OperationalError as exc:
            raise LibraryOpenError(zh=f"项目库写入失败，未作任何更改：{_first_line(exc)}",
                                   en=f"the library write failed, nothing was changed: {_first_line(exc)}") from None

    @contextmanager
    def _read(self):
        with self.engine.connect() as conn:
            yield conn

    # ------------------------------------------------------------------ users
    def add_user(self, name: str, role: str, division: Optional[str] = None) -> tuple[User, str]:
        """Create a user; returns it and its bearer token (shown once; only its hash is stored)."""
        name = (name or "").strip()
        if not name:
            raise BadRequest(zh="--name：用户名不能为空", en="--name: the user name must not be empty")
        _check_text(name, "--name", MAX_USER_NAME)
        role = (role or "").strip().lower()
        if role not in access.ROLES:
            raise BadRequest(zh=f"--role：角色应为 {' / '.join(access.ROLES)}，实际为 {role!r}",
                             en=f"--role: the role is one of {' / '.join(access.ROLES)}, got {role!r}")
        division = access.normalise_division(role, division)
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self._write() as conn:
            uid = conn.execute(users_t.insert().values(name=name, role=role, division=division,
                                                       token_hash=hash_token(token), created_at=now_utc())
                               ).inserted_primary_key[0]
        return User(int(uid), name, role, division), token

    def authenticate(self, token: Optional[str]) -> User:
        if not token or not token.strip():
            raise Unauthenticated()
        with self._read() as conn:
            row = conn.execute(sa.select(users_t).where(users_t.c.token_hash == hash_token(token))).first()
        if row is None:
            raise Unauthenticated()
        return User(row.id, row.name, row.role, row.division)

    def users(self) -> list[User]:
        with self._read() as conn:
            return [User(r.id, r.name, r.role, r.division) for r in conn.execute(sa.select(users_t).order_by(users_t.c.id))]

    # ------------------------------------------------------------------ 入库
    def submit(self, sub, report, user: User, *, decision_id: str, rulebase_version: str) -> dict:
        """Store ``sub`` (already checked: ``report``) as the next version of its project, checked
        against every stored project. Returns the stored version with all its findings."""
        from compliance.rules.portfolio import extract

        as_of = report.as_of
        mine = extract(sub, as_of)
        counties = sorted({p.county for p in sub.plots})
        canonical = json.dumps(sub.model_dump(mode="json", by_alias=True), ensure_ascii=False, sort_keys=True)
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        at = now_utc()
        with self._write() as conn:
            row = conn.execute(sa.select(projects_t).where(projects_t.c.id == mine.project_id)).first()
            access.require_submit(user, row, counties)
            cross = _cross_findings(conn, mine, self.match)
            findings = sorted([*report.findings, *cross], key=lambda f: (f.severity.rank, f.rule, f.path, f.message_zh))
            report.findings = findings
            if cross and "portfolio" not in report.rulesets:
                report.rulesets = [*report.rulesets, "portfolio"]
            version = 1 if row is None else row.latest_version + 1
            doc_zh, doc_en = report.as_dict("zh"), report.as_dict("en")
            for d in (doc_zh, doc_en):
                d.update(decision_id=decision_id, rulebase_version=rulebase_version, version=version)
            values = dict(name=sub.project.name, province=sub.project.province.value,
                          mechanism=sub.project.mechanism.value, developer=sub.developer.name,
                          latest_version=version, verdict=report.verdict,
                          counties="," + ",".join(counties) + ",", updated_at=at)
            if row is None:
                conn.execute(projects_t.insert().values(
                    id=mine.project_id, owner_id=user.id if user.role == "developer" else None,
                    stage="submitted", created_at=at, **values))
            else:
                conn.execute(projects_t.update().where(projects_t.c.id == mine.project_id).values(**values))
            conn.execute(versions_t.insert().values(
                project_id=mine.project_id, version=version, submitted_by=user.id, submitted_at=at,
                as_of=as_of.isoformat(), decision_id=decision_id, rulebase_version=rulebase_version,
                verdict=report.verdict, digest=digest, submission=canonical,
                report_zh=json.dumps(doc_zh, ensure_ascii=False, default=str),
                report_en=json.dumps(doc_en, ensure_ascii=False, default=str),
                extract=json.dumps(_extract_record(mine), ensure_ascii=False)))
            conn.execute(plots_t.delete().where(plots_t.c.project_id == mine.project_id))
            if mine.plots:
                conn.execute(plots_t.insert(), [
                    dict(project_id=mine.project_id, version=version, county=c, plot_id=pid, certificate=cert,
                         area_ha=area, developer_key=mine.developer_key, **where)
                    for (c, pid, cert, area), where in zip(mine.plots, spatial.plot_columns(mine))])
            if self._test_hook_before_commit is not None:
                self._test_hook_before_commit()
        return {"project": mine.project_id, "version": version, "submitted_at": at, "digest": digest}

    # ------------------------------------------------------------------ reading
    def projects(self, user: Optional[User], *, county: Optional[str] = None, stage: Optional[str] = None,
                 verdict: Optional[str] = None) -> list[dict]:
        q = sa.select(projects_t).order_by(projects_t.c.updated_at.desc(), projects_t.c.id)
        q = access.visible_filter(q, user)
        if county:
            code = str(county).strip()
            if not code.isdigit() or len(code) > 6:
                raise BadRequest(zh=f"county：应为区划代码（数字），实际为 {county!r}",
                                 en=f"county: a division code (digits), got {county!r}")
            q = q.where(projects_t.c.counties.like(f"%,{code}%"))
        if stage:
            if stage not in access.PROJECT_STAGES:
                raise BadRequest(zh=f"stage：应为 {' / '.join(access.PROJECT_STAGES)}，实际为 {stage!r}",
                                 en=f"stage: one of {' / '.join(access.PROJECT_STAGES)}, got {stage!r}")
            q = q.where(projects_t.c.stage == stage)
        if verdict:
            if verdict not in ("pass", "fail"):
                raise BadRequest(zh=f"verdict：应为 pass / fail，实际为 {verdict!r}", en=f"verdict: pass / fail, got {verdict!r}")
            q = q.where(projects_t.c.verdict == verdict)
        with self._read() as conn:
            return [_project_row(r) for r in conn.execute(q)]

    def project(self, project_id: str, user: Optional[User], lang: str = "zh") -> dict:
        """One project: its versions (each with its findings), lifecycle and current double claims."""
        with self._read() as conn:
            row = conn.execute(sa.select(projects_t).where(projects_t.c.id == project_id)).first()
            if row is None:
                raise NotFound(zh=f"项目库中没有项目 {project_id}", en=f"no project {project_id} in the library")
            access.require_view(user, row)
            versions = []
            col = versions_t.c.report_en if lang == "en" else versions_t.c.report_zh
            for v in conn.execute(sa.select(versions_t.c.version, versions_t.c.submitted_at, versions_t.c.as_of,
                                            versions_t.c.decision_id, versions_t.c.rulebase_version,
                                            versions_t.c.verdict, versions_t.c.digest, versions_t.c.submitted_by,
                                            versions_t.c.submission, col.label("report"))
                                  .where(versions_t.c.project_id == project_id).order_by(versions_t.c.version.desc())):
                report = json.loads(v.report)
                versions.append({
                    "version": v.version, "submitted_at": v.submitted_at, "as_of": v.as_of,
                    "decision_id": v.decision_id, "rulebase_version": v.rulebase_version, "verdict": v.verdict,
                    "digest": v.digest, "submitted_by": v.submitted_by,
                    "counts": report.get("counts", {}), "findings": report.get("findings", []),
                    "submission": json.loads(v.submission),
                })
            stages = [{"stage": s.stage, "date": s.date, "note": s.note, "version": s.version,
                       "recorded_by": s.recorded_by, "recorded_at": s.recorded_at}
                      for s in conn.execute(sa.select(stages_t).where(stages_t.c.project_id == project_id)
                                            .order_by(stages_t.c.id))]
            latest = conn.execute(sa.select(versions_t.c.extract).where(
                versions_t.c.project_id == project_id, versions_t.c.version == row.latest_version)).scalar()
            current = []
            if latest:
                mine = _extract_from(json.loads(latest), dt.date.today())
                current = [f.as_dict(lang) for f in _cross_findings(conn, mine, self.match) if f.rule == "X-double-claim"]
        out = {**_project_row(row), "versions": versions, "lifecycle": stages, "double_claims": current}
        return access.redact(out, user)

    def decision(self, decision_id: str, user: Optional[User], lang: str = "zh") -> dict:
        """The stored decision ``decision_id`` (one 入库 version): project, version, as_of, rule-base
        version, verdict, findings and the submission as stored (``submission``, unredacted: the caller
        redacts what it shows). The user must be allowed to see the project (else 403; unknown: 404)."""
        col = versions_t.c.report_en if lang == "en" else versions_t.c.report_zh
        with self._read() as conn:
            v = conn.execute(sa.select(versions_t.c.project_id, versions_t.c.version, versions_t.c.submitted_at,
                                       versions_t.c.as_of, versions_t.c.decision_id, versions_t.c.rulebase_version,
                                       versions_t.c.verdict, versions_t.c.digest, versions_t.c.submission,
                                       col.label("report"))
                             .where(versions_t.c.decision_id == str(decision_id).strip().lower())).first()
            if v is None:
                raise NotFound(zh=f"项目库中没有决定 {decision_id}", en=f"no decision {decision_id} in the library")
            row = conn.execute(sa.select(projects_t).where(projects_t.c.id == v.project_id)).first()
            access.require_view(user, row)
        report = json.loads(v.report)
        return {"decision_id": v.decision_id, "project": v.project_id, "version": v.version,
                "submitted_at": v.submitted_at, "as_of": v.as_of, "rulebase_version": v.rulebase_version,
                "verdict": v.verdict, "digest": v.digest, "counts": report.get("counts", {}),
                "findings": report.get("findings", []), "register": report.get("register"),
                "submission": json.loads(v.submission)}

    def project_map(self, project_id: str, user: Optional[User], lang: str = "zh") -> Optional[dict]:
        """The map of a project's latest version for its page: an inline SVG of its plot polygons with
        the overlaps in red -- between its own plots and with the plots of every other stored project
        (only the overlapping area of the other project's plot is drawn) -- and the list of those
        overlaps. None for users who may not see coordinates (HN 第二十条: officials only) or when no
        plot has a polygon."""
        from compliance.submission.geometry.map import plot_map_svg
        from compliance.submission.geometry.overlap import Match, cross_project_overlaps, pair_overlaps

        with self._read() as conn:
            row = conn.execute(sa.select(projects_t).where(projects_t.c.id == project_id)).first()
            if row is None:
                raise NotFound(zh=f"项目库中没有项目 {project_id}", en=f"no project {project_id} in the library")
            access.require_view(user, row)
            if user is None or user.role not in access.OFFICIAL_ROLES:
                return None
            latest = conn.execute(sa.select(versions_t.c.extract).where(
                versions_t.c.project_id == project_id, versions_t.c.version == row.latest_version)).scalar()
            if not latest:
                return None
            mine = _extract_from(json.loads(latest), dt.date.today())
            refs = [r for r in mine.refs if r.geometry is not None]
            if not refs:
                return None
            others = _stored_extracts(conn, mine)
        by_index = {r.index: r for r in refs}
        matches = [Match(by_index[i], by_index[j], "polygon", m2, share)
                   for i, j, m2, share in pair_overlaps([(r.index, r.geometry, r.area_m2) for r in refs])]
        theirs = [[r for r in o.refs if r.geometry is not None] for o in others]
        matches += [m for m in cross_project_overlaps([refs, *[t for t in theirs if t]], tiers=("polygon",))
                    if m.a.project_id == project_id and m.b.project_id != project_id]
        title = ("地块图：" if lang != "en" else "plots: ") + project_id
        listed = [{"plot": m.a.plot_id, "path": f"plots[{m.a.index}]", "other_project": m.b.project_id,
                   "other_project_name": m.b.project_name, "other_plot": m.b.plot_id,
                   "overlap_m2": round(m.overlap_m2, 1), "share": round(m.share, 4)} for m in matches]
        return {"svg": plot_map_svg([(r.plot_id, r.geometry) for r in refs], matches, title=title),
                "plots": len(refs), "overlaps": listed}

    # ------------------------------------------------------------------ lifecycle
    def record_stage(self, project_id: str, user: User, stage: str, date: dt.date, note: str = "") -> dict:
        if stage not in access.STAGE_ROLES:
            raise BadRequest(zh=f"stage：应为 {' / '.join(access.STAGE_ROLES)}（审核 / 入库 / 备案），实际为 {stage!r}",
                             en=f"stage: one of {' / '.join(access.STAGE_ROLES)}, got {stage!r}")
        if date > dt.date.today():
            raise BadRequest(zh=f"date：{date.isoformat()} 在今天之后", en=f"date: {date.isoformat()} is after today")
        _check_note(note or "")
        at = now_utc()
        with self._write() as conn:
            row = conn.execute(sa.select(projects_t).where(projects_t.c.id == project_id)).first()
            if row is None:
                raise NotFound(zh=f"项目库中没有项目 {project_id}", en=f"no project {project_id} in the library")
            access.require_stage(user, row, stage)
            conn.execute(stages_t.insert().values(project_id=project_id, version=row.latest_version, stage=stage,
                                                  date=date.isoformat(), note=note or "", recorded_by=user.id,
                                                  recorded_at=at))
            order = access.PROJECT_STAGES
            new_stage = stage if order.index(stage) > order.index(row.stage) else row.stage
            conn.execute(projects_t.update().where(projects_t.c.id == project_id).values(stage=new_stage, updated_at=at))
        return {"project": project_id, "stage": stage, "date": date.isoformat(), "version": row.latest_version,
                "recorded_by": user.id, "recorded_at": at, "project_stage": new_stage}


MAX_NOTE = 2000
MAX_USER_NAME = 200        # users.name is String(200)


def _check_note(note: str) -> None:
    """A stage note (from the API or the page's form)."""
    _check_text(note, "note", MAX_NOTE)


def _check_text(text: str, field: str, limit: int) -> None:
    """Text a user gives the library: bounded, and no NUL or control character (PostgreSQL cannot
    store NUL; a page or a terminal must not be driven by it)."""
    from compliance.i18n import printable
    from compliance.submission.files import bad_character

    if len(text) > limit:
        raise BadRequest(zh=f"{field}：文本过长（上限 {limit} 个字符）", en=f"{field}: too long (limit {limit} characters)")
    bad = bad_character(text)
    if bad is not None:
        raise BadRequest(zh=f"{field}：含不允许的字符 {printable(bad)}（NUL、控制字符或孤立的 UTF-16 代理项）",
                         en=f"{field}: holds a character that is not allowed, {printable(bad)} (NUL, control character "
                            "or lone UTF-16 surrogate)")


# --------------------------------------------------------------------------- cross-project checks
def _extract_record(e) -> dict:
    return {"project_id": e.project_id, "name": e.name, "province": e.province, "mechanism": e.mechanism,
            "methodology": e.methodology, "stage_order": e.stage_order, "developer_key": e.developer_key,
            "developer_name": e.developer_name, "plots": [list(p) for p in e.plots],
            "registrations": [list(r) for r in e.registrations],
            "agreements": [[i, kind, signed] for i, kind, signed, _ in e.agreements],
            "refs": [ref_record(r) for r in e.refs],       # polygons / 小班 keys for X-overlap
            "deadlines": [list(d) for d in e.deadlines]}   # agreed development deadlines (X-enclosure)


def ref_record(r) -> list:
    from compliance.submission.geometry.overlap import ref_record as record

    return record(r)


def _extract_from(rec: dict, as_of: dt.date):
    """A stored project's extract, its agreements' ages counted on ``as_of`` (time has passed)."""
    from compliance.rules.portfolio import Extract, months_started

    agreements = []
    for i, kind, signed in rec["agreements"]:
        d = dt.date.fromisoformat(signed)
        if d <= as_of:
            agreements.append((i, kind, signed, months_started(d, as_of)))
    refs = []
    if rec.get("refs"):
        from compliance.submission.geometry.overlap import ref_from_record

        refs = [ref_from_record(rec["project_id"], r, rec["name"]) for r in rec["refs"]]
    return Extract(rec["project_id"], rec["name"], rec["province"], rec["mechanism"], rec["methodology"],
                   rec["stage_order"], as_of, rec["developer_key"], rec["developer_name"],
                   [tuple(p) for p in rec["plots"]], [(m, i, s, list(ix)) for m, i, s, ix in rec["registrations"]],
                   agreements, refs, [tuple(d) for d in rec.get("deadlines", [])])   # older records: none stored


def _stored_extracts(conn, mine) -> list:
    """The latest stored version's extract of every project that could conflict with ``mine``,
    its agreements' ages counted on ``mine``'s as-of date (read 500 ids per query)."""
    ids = _candidates(conn, mine)
    others = []
    for i in range(0, len(ids), 500):
        q = (sa.select(versions_t.c.extract).select_from(versions_t.join(
            projects_t, sa.and_(projects_t.c.id == versions_t.c.project_id,
                                projects_t.c.latest_version == versions_t.c.version)))
             .where(versions_t.c.project_id.in_(ids[i:i + 500])))
        others.extend(_extract_from(json.loads(r[0]), mine.as_of) for r in conn.execute(q))
    return others


def _candidates(conn, mine) -> list[str]:
    """Stored projects that could conflict with ``mine``: a shared plot, certificate or developer,
    or ground its plots may share (``compliance.library.spatial``)."""
    found: set[str] = set()
    keys = sorted({(c, p) for c, p, _, _ in mine.plots})
    certs = sorted({cert for _, _, cert, _ in mine.plots if cert})
    # plots a declared other registration names (they may be another stored project's)
    for _, reg_id, _, _ in mine.registrations:
        found.add(reg_id)
    for i in range(0, len(keys), 300):
        chunk = keys[i:i + 300]
        q = sa.select(plots_t.c.project_id).where(sa.tuple_(plots_t.c.county, plots_t.c.plot_id).in_(chunk)).distinct()
        found.update(r[0] for r in conn.execute(q))
    for i in range(0, len(certs), 500):
        q = sa.select(plots_t.c.project_id).where(plots_t.c.certificate.in_(certs[i:i + 500])).distinct()
        found.update(r[0] for r in conn.execute(q))
    if mine.developer_key:
        found.update(r[0] for r in conn.execute(
            sa.select(plots_t.c.project_id).where(plots_t.c.developer_key == mine.developer_key).distinct()))
    # X-overlap: stored plots with the same unit code or 小班, or whose polygon's box meets one of ours
    found.update(spatial.overlap_candidates(conn, mine))
    found.discard(mine.project_id)
    return sorted(found)


def _cross_findings(conn, mine, match=None) -> list:
    """The portfolio's cross-project findings of ``mine`` against every stored project."""
    from compliance.portfolio.cross import portfolio_findings

    others = _stored_extracts(conn, mine)
    if not others:
        return []
    found, _ = portfolio_findings([mine, *others], match=match)
    return found.get(mine.project_id, [])


def _project_row(r) -> dict:
    return {"id": r.id, "name": r.name, "province": r.province, "mechanism": r.mechanism, "developer": r.developer,
            "stage": r.stage, "latest_version": r.latest_version, "verdict": r.verdict,
            "counties": [c for c in r.counties.split(",") if c], "created_at": r.created_at, "updated_at": r.updated_at}


# --------------------------------------------------------------------------- engine
def _safe_url(url: str) -> str:
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001
        return "<url>"


def _first_line(exc: Exception) -> str:
    return (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0][:300]


def _make_engine(url: str):
    try:
        u = sa.engine.make_url(url)
    except (sa.exc.ArgumentError, ValueError) as exc:      # ValueError: e.g. a port that is not a number
        raise LibraryURLError(f"项目库 URL 无效：{_first_line(exc)}", f"invalid library URL: {_first_line(exc)}") from None
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            parent = Path(u.database).parent
            if not parent.is_dir():
                raise LibraryURLError(f"项目库所在目录不存在：{parent}", f"no such directory for the library: {parent}")
        engine = sqlite_engine(url, threads=True, foreign_keys=True)

        @sa_event.listens_for(engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("library_write") else "BEGIN")
        return engine
    try:
        return sa.create_engine(url, pool_recycle=1800, pool_pre_ping=False)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
        raise LibraryURLError(f"不支持的数据库 {_safe_url(url)}（应为 sqlite:///文件 或 postgresql://…）：{_first_line(exc)}",
                              f"unsupported database {_safe_url(url)} (sqlite:///FILE or postgresql://…): {_first_line(exc)}") from None
    except ImportError as exc:
        raise LibraryOpenError(zh=f"无法打开项目库 {_safe_url(url)}：{exc}", en=f"cannot open the library {_safe_url(url)}: {exc}") from None

