"""Tables of the project library (the alembic migrations in ``migrations/`` create them)."""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

VERSION_TABLE = "library_schema_version"
SCHEMA_VERSION = "0002"
KNOWN_SCHEMA_VERSIONS = ("0001", "0002")

users_t = sa.Table(
    "lib_users", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),            # developer | county | prefecture | province
    sa.Column("division", sa.String(12), nullable=True),        # 43 / 4306 / 430626 (officials)
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),   # sha256 of the bearer token
    sa.Column("created_at", sa.String(40), nullable=False),
)

projects_t = sa.Table(
    "lib_projects", metadata,
    sa.Column("id", sa.String(200), primary_key=True),           # project.id of the submission
    sa.Column("name", sa.String(500), nullable=False),
    sa.Column("province", sa.String(4), nullable=False),
    sa.Column("mechanism", sa.String(16), nullable=False),
    sa.Column("developer", sa.String(500), nullable=False),
    sa.Column("owner_id", sa.Integer, nullable=True),            # the developer user who first stored it
    sa.Column("stage", sa.String(16), nullable=False),           # lifecycle: submitted / review / library / filing
    sa.Column("latest_version", sa.Integer, nullable=False),
    sa.Column("verdict", sa.String(8), nullable=False),          # of the latest version
    sa.Column("counties", sa.String(2000), nullable=False),      # ",430626,430624," (division filter)
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
)

versions_t = sa.Table(
    "lib_versions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("project_id", sa.String(200), sa.ForeignKey("lib_projects.id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("submitted_by", sa.Integer, nullable=False),
    sa.Column("submitted_at", sa.String(40), nullable=False),
    sa.Column("as_of", sa.String(10), nullable=False),
    sa.Column("decision_id", sa.String(40), nullable=False, unique=True),
    sa.Column("rulebase_version", sa.String(40), nullable=False),
    sa.Column("verdict", sa.String(8), nullable=False),
    sa.Column("digest", sa.String(64), nullable=False),          # sha256 of the canonical submission JSON
    sa.Column("submission", sa.Text, nullable=False),            # canonical JSON of the validated submission
    sa.Column("report_zh", sa.Text, nullable=False),             # the check document (findings) in zh
    sa.Column("report_en", sa.Text, nullable=False),
    sa.Column("extract", sa.Text, nullable=False),               # what the cross-project rules read
    sa.UniqueConstraint("project_id", "version", name="uq_lib_versions_project_version"),
)

# the plot index: the plots of each project's latest version (one row per plot)
plots_t = sa.Table(
    "lib_plots", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("project_id", sa.String(200), sa.ForeignKey("lib_projects.id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("county", sa.String(12), nullable=False),
    sa.Column("plot_id", sa.String(200), nullable=False),
    sa.Column("certificate", sa.String(200), nullable=False),
    sa.Column("area_ha", sa.Float, nullable=False),
    sa.Column("developer_key", sa.String(200), nullable=False),
    # what the 入库 overlap query (compliance/library/spatial.py) reads; empty without geometry / 小班 keys
    sa.Column("unit_code", sa.String(200), nullable=True),      # 不动产单元代码
    sa.Column("lin_ban", sa.String(40), nullable=True),         # 林班 / 小班, leading zeros dropped
    sa.Column("xiao_ban", sa.String(40), nullable=True),
    sa.Column("min_lon", sa.Float, nullable=True),              # the polygon's bounding box, CGCS2000 lon/lat
    sa.Column("min_lat", sa.Float, nullable=True),
    sa.Column("max_lon", sa.Float, nullable=True),
    sa.Column("max_lat", sa.Float, nullable=True),
    sa.Column("lon_span", sa.Float, nullable=True),             # max_lon - min_lon
)

stages_t = sa.Table(
    "lib_stages", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("project_id", sa.String(200), sa.ForeignKey("lib_projects.id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("stage", sa.String(16), nullable=False),           # review 审核 | library 入库 | filing 备案
    sa.Column("date", sa.String(10), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("recorded_by", sa.Integer, nullable=False),
    sa.Column("recorded_at", sa.String(40), nullable=False),
)
