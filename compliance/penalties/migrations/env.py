"""Alembic environment of the sanctions register.

Migrations run programmatically when a register is opened (``store.Register``), on the
connection the register passes in ``config.attributes["connection"]``, inside its own
locked transaction. To run them by hand::

    alembic -c /dev/null -x url=sqlite:///path/to/sanctions.sqlite3 upgrade head

(with ``script_location`` pointing here) -- but opening the register does the same.
"""
from alembic import context

VERSION_TABLE = "sanctions_schema_version"

connection = context.config.attributes.get("connection")
if connection is None:  # run from the alembic command line
    from sqlalchemy import create_engine

    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("give the database: -x url=DATABASE_URL")
    with create_engine(url).begin() as conn:
        context.configure(connection=conn, version_table=VERSION_TABLE)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, version_table=VERSION_TABLE)
    with context.begin_transaction():
        context.run_migrations()
