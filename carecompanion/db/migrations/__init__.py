"""Alembic migrations of the journal schema, shipped inside the package."""

# The newest revision. A test checks it against Alembic's own idea of head; keeping it here lets
# start-up see that nothing needs migrating without importing Alembic.
HEAD_REVISION = "0006"
