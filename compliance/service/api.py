"""/api/v1: the JSON API (a stable contract like the CLI's JSON: keys may be added, not renamed)."""
from __future__ import annotations

import functools
from typing import Literal, Optional

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from compliance.service.common import lang_of, parse_date, read_body, submissions

router = APIRouter()

LANG_Q = Query(None, description="output language (zh default)")
AS_OF_Q = Query(None, description="date to judge on, YYYY-MM-DD (default: the submission's as_of, else today)")

_SUBMISSION_BODY = {
    "requestBody": {
        "required": True,
        "description": "a submission (forest-carbon-submission/1) as JSON, as YAML (Content-Type: application/yaml), "
                       "or a multipart upload in field `file` (yaml/json/xlsx)",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "application/yaml": {"schema": {"type": "string"}},
            "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                               "properties": {"file": {"type": "string", "format": "binary"}}}},
        },
    },
}
_PROBLEMS = {"description": "invalid input: every problem with its field path, as `compliance check` lists them"}


def _platform(request: Request):
    return request.app.state.platform


@router.get("/healthz", tags=["service"])
def healthz(request: Request) -> dict:
    """200 once the library is open and migrated."""
    p = _platform(request)
    return {"status": "ok", "library_schema": p.library.schema_version()}


@router.post("/api/v1/check", tags=["check"], openapi_extra=_SUBMISSION_BODY, responses={422: _PROBLEMS})
async def check(request: Request, as_of: Optional[str] = AS_OF_Q, lang: Optional[Literal["zh", "en"]] = LANG_Q,
                readiness: bool = Query(True, description="include the drafting readiness (as the CLI does); false skips "
                                                          "it, a check of the composed agreements that costs more than the check")):
    """Pre-submission check (anonymous; nothing is stored): the document of `compliance check --format json`
    plus `decision_id` and `rulebase_version`. The same submission posted again (same bytes, as_of, day,
    register head and rule base) is answered from the documents already made, under a new decision id."""
    p = _platform(request)
    lang = lang_of(request)
    when = parse_date(as_of, "as_of")
    raw, name = await read_body(request)
    key = p.check_key(raw, name, as_of, lang, readiness)
    docs = p.cached(key) if key is not None else None
    if docs is None:
        docs = await p.run(functools.partial(p.check_documents, raw, name, when, lang, readiness=readiness))
        if key is not None:
            p.keep(key, docs)
    return JSONResponse(docs[0] if len(docs) == 1 else docs)


@router.post("/api/v1/projects", tags=["library"], status_code=201, openapi_extra=_SUBMISSION_BODY,
             responses={401: {"description": "no or unknown token"}, 403: {"description": "wrong role or division"},
                        422: _PROBLEMS})
async def submit(request: Request, as_of: Optional[str] = AS_OF_Q, lang: Optional[Literal["zh", "en"]] = LANG_Q):
    """入库: store the submission as the next version of its project, checked against every stored project."""
    from compliance.library import decide
    from compliance.library.errors import BadRequest

    p = _platform(request)
    lang = lang_of(request)
    user = p.user(request, required=True)
    when = parse_date(as_of, "as_of")
    raw, name = await read_body(request)

    def run():
        subs = submissions(raw, name)
        if len(subs) != 1:
            raise BadRequest(zh=f"一次入库一个项目，上传的工作簿含 {len(subs)} 个项目", en=f"one project per 入库; the workbook holds {len(subs)}")
        sub = subs[0]
        report, ready = p.check(sub, when, name)
        decision = decide.new_decision_id()
        stored = p.library.submit(sub, report, user, decision_id=decision, rulebase_version=decide.rulebase_version())
        return {**p.document(report, lang, decision, readiness=ready), "stored": stored}

    return JSONResponse(await p.run(run), status_code=201)


@router.get("/api/v1/projects", tags=["library"])
def list_projects(request: Request, county: Optional[str] = None,
                  stage: Optional[Literal["submitted", "review", "library", "filing"]] = None,
                  verdict: Optional[Literal["pass", "fail"]] = None) -> list[dict]:
    """The projects this token may see (a developer its own, an official those in its division)."""
    p = _platform(request)
    return p.library.projects(p.user(request, required=True), county=county, stage=stage, verdict=verdict)


@router.get("/api/v1/projects/{project_id}", tags=["library"])
def get_project(request: Request, project_id: str, lang: Optional[Literal["zh", "en"]] = LANG_Q) -> dict:
    """Versions (each with its findings), lifecycle and the project's current double claims."""
    p = _platform(request)
    return p.library.project(project_id, p.user(request, required=True), lang_of(request))


@router.get("/api/v1/decisions/{decision_id}", tags=["library"],
            responses={401: {"description": "no or unknown token"}, 403: {"description": "the project is not this user's to see"},
                       404: {"description": "no such decision"}})
async def get_decision(request: Request, decision_id: str = Path(..., max_length=64),
                       rule: Optional[list[str]] = Query(None, description="rule ids to explain (repeatable); `all`: every "
                                                                           "rule of the rulesets applied; default: the rules the decision reported"),
                       lang: Optional[Literal["zh", "en"]] = LANG_Q) -> dict:
    """A stored decision (one 入库 version) with its step-by-step trace: per rule, the facts and parameters
    each case compared (as `compliance explain RULE FILE`), computed from the stored submission on the
    stored as_of; `reproduced` says whether judging it again gives the stored findings, and
    `rulebase_version_now` whether the rule base is still the one that decided."""
    import datetime as dt

    from compliance.library import access, intake

    p = _platform(request)
    lang = lang_of(request)
    user = p.user(request, required=True)
    rec = p.library.decision(decision_id, user, lang)
    stored = rec.pop("submission")

    def run():
        sub = intake.from_data(stored, f"{rec['project']}#v{rec['version']}")
        return p.trace(sub, dt.date.fromisoformat(rec["as_of"]), rec["findings"], rule, lang)

    out = await p.run(run)
    out["trace"] = access.redact_trace(out["trace"], user)
    return access.redact({**rec, "same_rulebase": out["rulebase_version_now"] == rec["rulebase_version"], **out}, user)


class StageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stage: Literal["review", "library", "filing"] = Field(description="审核 review / 入库 library / 备案 filing")
    # checked by parse_date (its message names the field and the format), not by a pattern the user cannot read
    date: str = Field(description="YYYY-MM-DD", max_length=10, json_schema_extra={"format": "date"})
    note: str = Field("", max_length=2000)


@router.post("/api/v1/projects/{project_id}/stage", tags=["library"], status_code=201)
def record_stage(request: Request, project_id: str, body: StageIn):
    """A reviewer records 审核 / 入库 / 备案 (the right role and division only; otherwise 403, nothing changed)."""
    p = _platform(request)
    user = p.user(request, required=True)
    when = parse_date(body.date, "date", required=True)
    return JSONResponse(p.library.record_stage(project_id, user, body.stage, when, body.note), status_code=201)


@router.get("/api/v1/rules", tags=["catalogue"])
def rules(request: Request, jurisdiction: Optional[str] = None, as_of: Optional[str] = AS_OF_Q,
          lang: Optional[Literal["zh", "en"]] = LANG_Q) -> list[dict]:
    """The rule catalogue (as `compliance rules --format json`), each rule with the text of the articles it
    cites (`articles`: per citation the texts and their source, or why a cited document has none here)."""
    from compliance.checker import catalogue
    from compliance.service.common import catalogue_entries

    lang = lang_of(request)
    return [catalogue.as_dict(e, lang) for e in catalogue_entries(jurisdiction, parse_date(as_of, "as_of"))]


@router.get("/api/v1/rules/{rule_id}", tags=["catalogue"])
def rule(request: Request, rule_id: str, lang: Optional[Literal["zh", "en"]] = LANG_Q) -> dict:
    """One rule: its declaration as the catalogue lists it, with its messages and fixes."""
    from compliance.service.common import rule_view

    return rule_view(rule_id, lang_of(request))


@router.get("/api/v1/sanctions/screen", tags=["sanctions"])
def screen(request: Request, code: Optional[str] = Query(None, max_length=64),
           name: Optional[str] = Query(None, max_length=200), as_of: Optional[str] = AS_OF_Q) -> list[dict]:
    """Screen an entity against the sanctions register: by code first, then by normalised name."""
    from compliance.errors import InvalidInput
    from compliance.library import public

    if not (code or "").strip() and not (name or "").strip():
        raise InvalidInput(zh="code 或 name 至少给出一个", en="give code or name (or both)")
    return public.screen(_platform(request).settings.db, code, name, parse_date(as_of, "as_of"))


@router.get("/api/v1/sanctions/feed.json", tags=["sanctions"])
def feed_json(request: Request) -> dict:
    """The public 通报 list (recorded measures not revoked; ID numbers masked)."""
    from compliance.library import public

    return {"title": "林业碳汇惩戒名录通报", "entries": public.published(_platform(request).settings.db)}


@router.get("/api/v1/sanctions/feed.atom", tags=["sanctions"], response_class=Response)
def feed_atom(request: Request) -> Response:
    from compliance.library import public

    entries = public.published(_platform(request).settings.db)
    return Response(public.atom(entries, str(request.base_url)), media_type="application/atom+xml")


@router.post("/api/v1/draft/{kind}", tags=["agreements"], openapi_extra=_SUBMISSION_BODY,
             responses={200: {"content": {"application/zip": {}, "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {}},
                              "description": "the .docx, or a zip for `all`"},
                        409: {"description": "drafting refused: the blocking findings or problems"}, 422: _PROBLEMS})
async def draft(request: Request, kind: Literal["development", "transfer", "benefit", "tripartite", "all"],
                as_of: Optional[str] = AS_OF_Q, lang: Optional[Literal["zh", "en"]] = LANG_Q):
    """Draft an agreement as `compliance draft KIND` does (verified by reading it back)."""
    from compliance.library.errors import BadRequest

    when = parse_date(as_of, "as_of")
    raw, name = await read_body(request)

    def run():
        subs = submissions(raw, name)
        if len(subs) != 1:
            raise BadRequest(zh=f"一次起草一个项目，上传的工作簿含 {len(subs)} 个项目", en=f"one project per draft; the workbook holds {len(subs)}")
        return p.draft(subs[0], kind, when)

    p = _platform(request)
    return await p.run(run)
