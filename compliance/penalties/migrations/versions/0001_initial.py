"""Initial schema: events (append-only), head, materialised authorities and sanction state.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""
import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# BIGINT for PostgreSQL; INTEGER PRIMARY KEY (the rowid) for SQLite
SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "sanction_events",
        sa.Column("seq", SEQ, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("sanction_id", sa.String(32), nullable=True),
        sa.Column("authority_id", sa.String(64), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        sa.Column("signature", sa.String(128), nullable=False),
    )
    op.create_index("ix_sanction_events_sanction", "sanction_events", ["sanction_id"])
    op.create_table(
        "sanction_head",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("seq", SEQ, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.bulk_insert(
        sa.table("sanction_head", sa.column("id", sa.Integer()), sa.column("seq", sa.BigInteger()),
                 sa.column("hash", sa.String())),
        [{"id": 1, "seq": 0, "hash": hashlib.sha256(b"").hexdigest()}],
    )
    op.create_table(
        "sanction_authorities",
        sa.Column("authority_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("division", sa.String(6), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("enrolled_seq", SEQ, nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
    )
    op.create_table(
        "sanction_state",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name_norm", sa.String(200), nullable=False),
        sa.Column("entity_name", sa.String(200), nullable=False),
        sa.Column("province", sa.String(2), nullable=False),
        sa.Column("mechanisms", sa.String(200), nullable=False),
        sa.Column("measure", sa.String(16), nullable=False),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("to_date", sa.Date(), nullable=True),
        sa.Column("lifted_on", sa.Date(), nullable=True),
        sa.Column("case_number", sa.String(100), nullable=False),
        sa.Column("decided_division", sa.String(6), nullable=False),
        sa.Column("last_seq", SEQ, nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
    )
    op.create_index("ix_sanction_state_code", "sanction_state", ["code"])
    op.create_index("ix_sanction_state_name_norm", "sanction_state", ["name_norm"])
    op.create_index("ix_sanction_state_case_number", "sanction_state", ["case_number"])


def downgrade() -> None:
    raise NotImplementedError("the sanctions register is not downgraded")
