"""Plot index: 不动产单元代码, 林班/小班 and the polygon's bounding box of every stored plot, so the
入库 overlap query (X-overlap) finds stored projects on the same ground whatever county they declare.

Existing libraries are filled from each project's latest stored extract (its plot refs).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COLUMNS = (
    ("unit_code", sa.String(200)),       # 不动产单元代码 as written (stripped)
    ("lin_ban", sa.String(40)),          # 林班 / 小班 without leading zeros
    ("xiao_ban", sa.String(40)),
    ("min_lon", sa.Float()),             # bounding box of the plot polygon, CGCS2000 lon/lat
    ("min_lat", sa.Float()),
    ("max_lon", sa.Float()),
    ("max_lat", sa.Float()),
    ("lon_span", sa.Float()),            # max_lon - min_lon: bounds the min_lon range of a box query
)


def _num(v) -> str:
    t = str(v or "").strip()
    return t.lstrip("0") or ("0" if t else "")


def upgrade() -> None:
    with op.batch_alter_table("lib_plots") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))
    op.create_index("ix_lib_plots_unit", "lib_plots", ["unit_code"])
    op.create_index("ix_lib_plots_xiaoban", "lib_plots", ["county", "lin_ban", "xiao_ban"])
    op.create_index("ix_lib_plots_min_lon", "lib_plots", ["min_lon"])
    op.create_index("ix_lib_plots_lon_span", "lib_plots", ["lon_span"])
    _backfill(op.get_bind())


def _backfill(conn) -> None:
    """Fill the new columns from the refs in each project's latest extract; lib_plots rows of a
    project were inserted in plot order, so the n-th row (by id) is plot n."""
    import shapely

    plots = sa.table("lib_plots", sa.column("id"), sa.column("project_id"), *(sa.column(n) for n, _ in COLUMNS))
    latest = sa.text("SELECT v.project_id, v.extract FROM lib_versions v JOIN lib_projects p "
                     "ON p.id = v.project_id AND p.latest_version = v.version")
    for project_id, extract in conn.execute(latest).fetchall():
        refs = {int(r[0]): r for r in (json.loads(extract).get("refs") or [])}
        if not refs:
            continue
        ids = [r[0] for r in conn.execute(sa.select(plots.c.id).where(plots.c.project_id == project_id).order_by(plots.c.id))]
        for i, row_id in enumerate(ids):
            ref = refs.get(i)
            if ref is None:
                continue
            _, _, _, _, unit, lin, xiao, geom, _ = ref
            values = {"unit_code": (unit or "").strip() or None, "lin_ban": _num(lin) or None, "xiao_ban": _num(xiao) or None}
            if geom:
                x0, y0, x1, y1 = shapely.from_wkb(geom).bounds
                values.update(min_lon=x0, min_lat=y0, max_lon=x1, max_lat=y1, lon_span=x1 - x0)
            conn.execute(plots.update().where(plots.c.id == row_id).values(**values))


def downgrade() -> None:
    for ix in ("ix_lib_plots_unit", "ix_lib_plots_xiaoban", "ix_lib_plots_min_lon", "ix_lib_plots_lon_span"):
        op.drop_index(ix, table_name="lib_plots")
    with op.batch_alter_table("lib_plots") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
