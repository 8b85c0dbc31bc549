"""Alembic migrations of the ledger schema (run by ledger.db.migrate)."""
