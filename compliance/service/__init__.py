"""The provincial platform's HTTP service and web pages (FastAPI + uvicorn, Jinja2 + HTMX).

The only package importing fastapi/starlette. No logic of its own: every endpoint calls the
functions the CLI calls (``compliance.library``, ``compliance.checker``, ``compliance.agreements``,
``compliance.penalties``). ``create_app(Settings(library=…, db=…))`` builds the application;
``compliance serve`` runs it with uvicorn.
"""
