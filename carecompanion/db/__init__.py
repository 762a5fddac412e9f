"""Storage: SQLAlchemy models, the journal's engine and pragmas, locking, backups, migrations."""
