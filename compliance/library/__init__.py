"""The project library (入库) of the provincial platform (湘林基〔2025〕5号 第七条、第十三条).

- ``store.Library(url)``: users with hashed bearer tokens, every stored version of each project
  (submission, findings, decision id, rule-base version), the plot index, lifecycle records;
  SQLite by default, PostgreSQL by URL, alembic migrations on open.
- ``access``: roles and divisions, sensitive fields (HN 第二十条).
- ``decide``: the one call of the checker, decision ids and the rule-base version.
- ``intake``: submissions sent over HTTP (JSON, YAML, uploaded files and workbooks).

Cross-project checks are the portfolio's rules (``compliance.rules.portfolio``), never a copy.
"""
from compliance.library.store import Library, User, resolve_url  # noqa: F401
