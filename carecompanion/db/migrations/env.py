"""Alembic environment: always runs on a connection handed over by carecompanion.db.migrate."""

from alembic import context

from carecompanion.db.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
context.run_migrations()
