"""The FastAPI application: the JSON API (/api/v1) and the web pages over the same functions.

No logic lives here: requests are read by ``compliance.library.intake`` (the CLI's loader),
judged by ``compliance.library.decide.run_check`` (the CLI's checker), stored by
``compliance.library.Library``, the catalogue is ``compliance.checker.catalogue``, drafts are
``compliance.agreements.drafter``, sanctions come from ``compliance.penalties``. One exception
handler maps every ``ComplianceError`` to its ``http_status``.
"""
from __future__ import annotations

import contextlib
import gc

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from compliance.errors import ComplianceError
from compliance.service.common import HERE, Platform, Settings, error_body, lang_of, validation_body

__all__ = ["create_app", "Settings"]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    from compliance import __version__

    platform = Platform(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        # the rule base and the check worker before the first request; then what was loaded is moved
        # out of the collector's sight (gc.freeze): fewer long full collections while serving
        await platform.run(platform.warm_up)
        if settings.freeze_gc:
            gc.collect()
            gc.freeze()
        yield       # the check worker is a daemon process: it ends with the server process

    app = FastAPI(lifespan=lifespan, title="林业碳汇合规平台 · Forestry carbon-sink compliance platform", version=__version__,
                  description="湘林基〔2025〕5号 第七条、第十三条: project library, checks, catalogue, sanctions.")
    app.state.platform = platform

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path in ("/healthz", "/openapi.json")

    @app.exception_handler(ComplianceError)
    async def compliance_error(request: Request, e: ComplianceError):
        lang = lang_of(request)
        if is_api(request):
            return JSONResponse(error_body(e, lang), status_code=e.http_status)
        from compliance.service.pages import render_error

        return render_error(request, e, lang)

    @app.exception_handler(RequestValidationError)
    async def request_invalid(request: Request, e: RequestValidationError):
        body = validation_body(e.errors(), lang_of(request))
        if is_api(request):
            return JSONResponse(body, status_code=422)
        from compliance.service.pages import page      # a form sent without a field: the page says which

        return page(request, "error.html", status=422, message=body["message"], problems=body["problems"])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, e: StarletteHTTPException):
        """The framework's own answers (no such page or endpoint, a method it does not take) in the
        shape and the language of ours."""
        lang = lang_of(request)
        words = {404: ("没有该页面或接口：{path}", "no such page or endpoint: {path}"),
                 405: ("{path} 不接受 {method} 请求", "{path} does not take {method} requests")}
        zh, en = words.get(e.status_code, ("请求无法处理（HTTP {status}）", "the request cannot be served (HTTP {status})"))
        message = (zh if lang == "zh" else en).format(path=request.url.path, method=request.method, status=e.status_code)
        key = {404: "not_found", 405: "method_not_allowed"}.get(e.status_code, "http_error")
        headers = getattr(e, "headers", None)
        if is_api(request):
            return JSONResponse({"error": key, "status": e.status_code, "message": message}, status_code=e.status_code,
                                headers=headers)
        from compliance.service.pages import page

        return page(request, "error.html", status=e.status_code, message=message, problems=[])

    @app.exception_handler(Exception)
    async def unexpected(request: Request, e: Exception):   # never a traceback to the client
        from compliance.penalties.messages import database_problem

        damaged = database_problem(e)       # a register missing a table or row: 503 with what is wrong
        if damaged is not None:
            return await compliance_error(request, damaged)
        lang = lang_of(request)
        msg = ("内部错误，操作未完成：" if lang == "zh" else "internal failure, nothing was completed: ") + type(e).__name__
        if is_api(request):
            return JSONResponse({"error": "internal", "status": 500, "message": msg}, status_code=500)
        from compliance.service.pages import page

        return page(request, "error.html", status=500, message=msg, problems=[])

    from compliance.service import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
