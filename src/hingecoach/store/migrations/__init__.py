"""Alembic migrations of hingecoach's database."""
