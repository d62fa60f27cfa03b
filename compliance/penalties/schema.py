"""The register's tables (SQLAlchemy Core), as the alembic migrations in ``migrations/`` create them."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

SCHEMA_VERSION = "0002"
KNOWN_SCHEMA_VERSIONS = ("0001", "0002")
VERSION_TABLE = "sanctions_schema_version"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_PG_MIGRATION_LOCK = 0x5A4E4354  # pg_advisory_xact_lock key for migrations

metadata = sa.MetaData()
SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
events_t = sa.Table(
    "sanction_events", metadata,
    sa.Column("seq", SEQ, primary_key=True, autoincrement=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("sanction_id", sa.String(32), nullable=True, index=True),
    sa.Column("authority_id", sa.String(64), nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("payload", sa.Text(), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False, unique=True),
    sa.Column("signature", sa.String(128), nullable=False),
)
head_t = sa.Table(
    "sanction_head", metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("seq", SEQ, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)
authorities_t = sa.Table(
    "sanction_authorities", metadata,
    sa.Column("authority_id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("division", sa.String(6), nullable=False),
    sa.Column("level", sa.String(16), nullable=False),
    sa.Column("public_key", sa.String(64), nullable=False),
    sa.Column("enrolled_seq", SEQ, nullable=False),
    sa.Column("doc", sa.Text(), nullable=False),
)
# signed tree heads: every N events and on demand (see ``checkpoint``)
checkpoints_t = sa.Table(
    "sanction_checkpoints", metadata,
    sa.Column("seq", SEQ, primary_key=True, autoincrement=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("state", sa.String(64), nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("authority_id", sa.String(64), nullable=False),
    sa.Column("signature", sa.String(128), nullable=False),
)
state_t = sa.Table(
    "sanction_state", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("code", sa.String(32), nullable=False, index=True),
    sa.Column("name_norm", sa.String(200), nullable=False, index=True),
    sa.Column("entity_name", sa.String(200), nullable=False),
    sa.Column("province", sa.String(2), nullable=False),
    sa.Column("mechanisms", sa.String(200), nullable=False),
    sa.Column("measure", sa.String(16), nullable=False),
    sa.Column("from_date", sa.Date(), nullable=False),
    sa.Column("to_date", sa.Date(), nullable=True),
    sa.Column("lifted_on", sa.Date(), nullable=True),
    sa.Column("case_number", sa.String(100), nullable=False, index=True),
    sa.Column("decided_division", sa.String(6), nullable=False),
    sa.Column("last_seq", SEQ, nullable=False),
    sa.Column("last_hash", sa.String(64), nullable=False),
    sa.Column("doc", sa.Text(), nullable=False),
)
# index names as the migration creates them
for _t, _col, _name in ((events_t, "sanction_id", "ix_sanction_events_sanction"),
                        (state_t, "code", "ix_sanction_state_code"),
                        (state_t, "name_norm", "ix_sanction_state_name_norm"),
                        (state_t, "case_number", "ix_sanction_state_case_number")):
    for _ix in _t.indexes:
        if [c.name for c in _ix.columns] == [_col]:
            _ix.name = _name
