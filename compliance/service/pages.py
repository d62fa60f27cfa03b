"""The web pages (Jinja2 + HTMX, served from /static; no JS build, no CDN). Chinese by default,
English with ?lang=en (remembered in a cookie). Officials sign in with their token (a cookie)."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from compliance.errors import ComplianceError
from compliance.service.common import HERE, lang_of, parse_date, rule_view, source_of

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(HERE / "templates"))


def _literal(value):
    """Every value a template prints: control characters and bidi overrides in user text shown as
    escapes (\u202e), as the CLI prints them -- an override would reorder what the reader sees."""
    from markupsafe import Markup

    from compliance.i18n import printable

    if isinstance(value, Markup):
        return Markup(printable(str(value)))
    return printable(value) if isinstance(value, str) else value


templates.env.finalize = _literal

WORDS = {
    "title": ("林业碳汇合规平台", "Forestry carbon-sink compliance platform"),
    "nav_check": ("提交前检查", "Check"), "nav_rules": ("规则目录", "Rules"), "nav_projects": ("项目库", "Project library"),
    "nav_sanctions": ("惩戒通报", "Sanctions notices"), "nav_signin": ("登录", "Sign in"), "nav_signout": ("退出", "Sign out"),
    "upload": ("上传提交文件或工作簿（YAML / JSON / xlsx）", "Upload a submission or workbook (YAML / JSON / xlsx)"),
    "as_of": ("判定日期", "As of"), "do_check": ("检查", "Check"), "do_store": ("检查并入库", "Check and store in the library"),
    "verdict": ("结论", "Verdict"), "pass": ("通过", "pass"), "fail": ("不通过", "fail"),
    "rule": ("规则", "Rule"), "severity": ("级别", "Severity"), "citation": ("依据", "Basis"), "path": ("字段", "Field"),
    "message": ("说明", "Finding"), "fix": ("修改建议", "How to fix"), "no_findings": ("未发现问题", "No findings"),
    "decision": ("决定编号", "Decision id"), "rulebase": ("规则库版本", "Rule base"),
    "invalid": ("提交文件有问题，未进行检查", "The submission has problems and was not checked"),
    "stored": ("已入库：项目 {project} 第 {version} 版", "Stored: project {project}, version {version}"),
    "rules_title": ("规则目录", "Rule catalogue"), "ruleset": ("规则集", "Ruleset"), "window": ("施行期间", "In force"),
    "basis": ("依据可信度", "Basis"), "also_cites": ("另见", "Also cites"), "cases": ("判定情形", "Cases"),
    "when": ("条件", "Condition"), "params": ("法定参数", "Parameters set by law"), "jurisdiction": ("适用范围", "Applies to"),
    "article": ("条文与说明", "Article and requirement"), "basis_note": ("来源说明", "Source note"),
    "projects_title": ("项目库", "Project library"), "project": ("项目", "Project"), "name": ("名称", "Name"),
    "stage": ("阶段", "Stage"), "version": ("版本", "Version"), "counties": ("所在县", "Counties"),
    "developer": ("开发主体", "Developer"), "updated": ("更新时间", "Updated"), "versions": ("版本记录", "Versions"),
    "lifecycle": ("生命周期", "Lifecycle"), "double_claims": ("重复申报", "Double claims"),
    "record_stage": ("记录审核 / 入库 / 备案", "Record review / library entry / filing"), "date": ("日期", "Date"),
    "note": ("备注", "Note"), "record": ("记录", "Record"), "none": ("无", "none"),
    "signin_title": ("官员登录", "Sign-in for officials"), "token": ("访问令牌", "Access token"),
    "signin_hint": ("令牌由 compliance users add 生成", "tokens are made by compliance users add"),
    "signed_in": ("已登录：{name}（{role}）", "Signed in: {name} ({role})"),
    "need_signin": ("请先登录后查看项目库", "Sign in to see the project library"),
    "sanctions_title": ("惩戒名录通报", "Sanctions register: public notices"), "entity": ("主体", "Entity"),
    "measure": ("措施", "Measure"), "from": ("起始", "From"), "to": ("截止", "To"), "authority": ("决定机关", "Authority"),
    "case_number": ("文号", "Case number"), "status": ("状态", "Status"), "active": ("有效", "in force"),
    "inactive": ("已失效", "not in force"), "open_end": ("长期", "open-ended"),
    "no_register": ("未配置惩戒名录", "No sanctions register is configured"),
    "error": ("出错了", "Error"), "back": ("返回", "Back"), "submitted_at": ("提交时间", "Submitted"),
    "other_project": ("另一项目", "Other project"), "recorded_by": ("记录人", "Recorded by"),
    "article_text": ("条文原文", "Text of the cited articles"), "source": ("来源", "Source"),
    "article_missing": ("以下条款暂无原文", "no text here for"),
    "article_unavailable": ("无原文", "no text available"),
    "map": ("地块图", "Map of the plots"),
    "map_officials": ("地块图形（坐标）仅向主管部门显示（湘林基〔2025〕5号 第二十条）",
                      "plot polygons (coordinates) are shown to officials only (Hunan measures, art. 20)"),
    "map_none": ("本项目的地块没有图形", "no plot of this project has a polygon"),
    "overlaps": ("图形重叠", "Overlapping plots"), "overlap_area": ("重叠面积（平方米）", "Overlap (m²)"),
    "share": ("占较小地块比例", "Share of the smaller plot"), "plot": ("地块", "Plot"),
    "this_project": ("本项目", "this project"), "trace": ("判定过程", "trace"),
    "error_s": ("错误", "error"), "warning_s": ("警告", "warning"), "info_s": ("提示", "info"),
}
STAGE_WORDS = {"submitted": ("已提交", "submitted"), "review": ("审核", "review"), "library": ("入库", "library entry"),
               "filing": ("备案", "filing")}
ROLE_WORDS = {"developer": ("开发主体", "developer"), "county": ("县级", "county"), "prefecture": ("市州", "prefecture"),
              "province": ("省级", "province")}


def words(lang: str) -> dict:
    i = 1 if lang == "en" else 0
    return {k: v[i] for k, v in WORDS.items()}


def _ctx(request: Request, lang: str, **kw) -> dict:
    p = request.app.state.platform
    try:
        user = p.user(request)
    except ComplianceError:
        user = None
    i = 1 if lang == "en" else 0
    return {"request": request, "lang": lang, "w": words(lang), "user": user,
            "stage_word": lambda s: STAGE_WORDS.get(s, (s, s))[i], "role_word": lambda r: ROLE_WORDS.get(r, (r, r))[i],
            "other_lang": "en" if lang == "zh" else "zh", **kw}


def page(request: Request, name: str, status: int = 200, **kw) -> HTMLResponse:
    lang = lang_of(request)
    resp = templates.TemplateResponse(request, name, _ctx(request, lang, **kw), status_code=status)
    if request.query_params.get("lang") in ("zh", "en"):
        resp.set_cookie("lang", request.query_params["lang"], samesite="lax")
    return resp


def render_error(request: Request, e: ComplianceError, lang: str) -> HTMLResponse:
    problems = [p.as_dict(lang) for p in getattr(e, "problems", None) or []]
    return page(request, "error.html", status=e.http_status, message=e.render(lang), problems=problems)


# --------------------------------------------------------------------------- check
@router.get("/", response_class=HTMLResponse)
def index(request: Request):
    return page(request, "index.html")


@router.post("/check", response_class=HTMLResponse)
async def check_page(request: Request, file: UploadFile, as_of: str = Form(""), store: str = Form("")):
    from compliance.library import decide, intake
    from compliance.submission.files import InvalidSubmission

    lang = lang_of(request)
    p = request.app.state.platform
    partial = request.headers.get("hx-request") == "true"
    tpl = "_result.html" if partial else "index.html"
    when = parse_date(as_of or None, "as_of")
    raw, name = await file.read(), file.filename or "upload.yaml"
    user = p.user(request, required=bool(store))

    def run():
        out = []
        subs = intake.from_upload(raw, name)
        for s in subs:
            report, ready = p.check(s, when, source_of(name, subs, s))
            decision = decide.new_decision_id()
            stored = None
            if store:
                stored = p.library.submit(s, report, user, decision_id=decision, rulebase_version=decide.rulebase_version())
            out.append({**p.document(report, lang, decision, readiness=ready), "stored": stored})
        return out

    try:
        results = await p.run(run)
    except InvalidSubmission as e:
        # htmx swaps only 2xx answers: the fragment says "invalid" itself; a full page carries the 422
        return page(request, tpl, status=200 if partial else 422, invalid=e.render(lang), problems=[x.as_dict(lang) for x in e.problems])
    return page(request, tpl, results=results)


# --------------------------------------------------------------------------- rules
@router.get("/rules", response_class=HTMLResponse)
def rules_page(request: Request, jurisdiction: Optional[str] = None):
    from compliance.checker import catalogue
    from compliance.service.common import catalogue_entries

    lang = lang_of(request)
    entries = catalogue_entries(jurisdiction or None)      # an unknown one: the error page naming it
    return page(request, "rules.html", entries=[catalogue.as_dict(e, lang) for e in entries],
                jurisdictions=catalogue.jurisdiction_names(), selected=jurisdiction or "")


@router.get("/rules/{rule_id}", response_class=HTMLResponse)
def rule_page(request: Request, rule_id: str):
    return page(request, "rule.html", rule=rule_view(rule_id, lang_of(request)))


# --------------------------------------------------------------------------- projects
@router.get("/projects", response_class=HTMLResponse)
def projects_page(request: Request, county: Optional[str] = None, stage: Optional[str] = None,
                  verdict: Optional[str] = None):
    p = request.app.state.platform
    user = p.user(request)
    if user is None:
        return page(request, "signin.html", status=401, hint=words(lang_of(request))["need_signin"])
    return page(request, "projects.html", projects=p.library.projects(user, county=county or None, stage=stage or None,
                                                                         verdict=verdict or None))


@router.get("/projects/{project_id}", response_class=HTMLResponse)
def project_page(request: Request, project_id: str):
    p = request.app.state.platform
    user = p.user(request)
    if user is None:
        return page(request, "signin.html", status=401, hint=words(lang_of(request))["need_signin"])
    from compliance.library.access import STAGE_ROLES

    stages = [s for s, roles in STAGE_ROLES.items() if user.role in roles]
    lang = lang_of(request)
    return page(request, "project.html", project=p.library.project(project_id, user, lang),
                plot_map=p.library.project_map(project_id, user, lang), stages=stages, today=dt.date.today().isoformat())


@router.post("/projects/{project_id}/stage")
def project_stage(request: Request, project_id: str, stage: str = Form(...), date: str = Form(...), note: str = Form("")):
    p = request.app.state.platform
    user = p.user(request, required=True)
    p.library.record_stage(project_id, user, stage, parse_date(date, "date", required=True), note)
    return RedirectResponse(f"/projects/{project_id}", status_code=303)


# --------------------------------------------------------------------------- sanctions
@router.get("/sanctions", response_class=HTMLResponse)
def sanctions_page(request: Request):
    from compliance.library import public

    try:
        entries, absent = public.published(request.app.state.platform.settings.db), False
    except public.RegisterAbsent:
        entries, absent = [], True
    return page(request, "sanctions.html", entries=entries, absent=absent)


# --------------------------------------------------------------------------- sign-in
@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request):
    return page(request, "signin.html")


@router.post("/signin")
def signin(request: Request, token: str = Form(...)):
    request.app.state.platform.library.authenticate(token)      # 401 page when unknown
    resp = RedirectResponse("/projects", status_code=303)
    resp.set_cookie("token", token.strip(), httponly=True, samesite="strict")
    return resp


@router.post("/signout")
def signout(request: Request):
    resp = RedirectResponse("/", status_code=303)
    resp.delete_cookie("token")
    return resp
