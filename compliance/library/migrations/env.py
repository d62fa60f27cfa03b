"""Alembic environment of the project library.

Migrations run when a library is opened (``compliance.library.Library``), on the connection it
passes in ``config.attributes["connection"]``. By hand::

    alembic -c /dev/null -x url=sqlite:///path/library.sqlite3 upgrade head   (script_location here)
"""
from alembic import context

VERSION_TABLE = "library_schema_version"

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
