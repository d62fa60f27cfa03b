"""Project library: users, projects, versions, plot index, lifecycle stages.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lib_users",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("division", sa.String(12), nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "lib_projects",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("province", sa.String(4), nullable=False),
        sa.Column("mechanism", sa.String(16), nullable=False),
        sa.Column("developer", sa.String(500), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("latest_version", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(8), nullable=False),
        sa.Column("counties", sa.String(2000), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "lib_versions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("project_id", sa.String(200), sa.ForeignKey("lib_projects.id"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("submitted_by", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.String(40), nullable=False),
        sa.Column("as_of", sa.String(10), nullable=False),
        sa.Column("decision_id", sa.String(40), nullable=False, unique=True),
        sa.Column("rulebase_version", sa.String(40), nullable=False),
        sa.Column("verdict", sa.String(8), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("submission", sa.Text(), nullable=False),
        sa.Column("report_zh", sa.Text(), nullable=False),
        sa.Column("report_en", sa.Text(), nullable=False),
        sa.Column("extract", sa.Text(), nullable=False),
        sa.UniqueConstraint("project_id", "version", name="uq_lib_versions_project_version"),
    )
    op.create_table(
        "lib_plots",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("project_id", sa.String(200), sa.ForeignKey("lib_projects.id"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("county", sa.String(12), nullable=False),
        sa.Column("plot_id", sa.String(200), nullable=False),
        sa.Column("certificate", sa.String(200), nullable=False),
        sa.Column("area_ha", sa.Float(), nullable=False),
        sa.Column("developer_key", sa.String(200), nullable=False),
    )
    op.create_index("ix_lib_plots_plot", "lib_plots", ["county", "plot_id"])
    op.create_index("ix_lib_plots_cert", "lib_plots", ["certificate"])
    op.create_index("ix_lib_plots_project", "lib_plots", ["project_id"])
    op.create_index("ix_lib_plots_developer", "lib_plots", ["developer_key"])
    op.create_table(
        "lib_stages",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("project_id", sa.String(200), sa.ForeignKey("lib_projects.id"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_lib_stages_project", "lib_stages", ["project_id"])


def downgrade() -> None:
    for t in ("lib_stages", "lib_plots", "lib_versions", "lib_projects", "lib_users"):
        op.drop_table(t)
