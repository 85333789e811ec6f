"""Storage (an edge): every set, pain check-in and step change, in a SQL database.

SQLAlchemy 2 models with Alembic migrations shipped in this package; SQLite in WAL mode in
the user data directory by default, any SQLAlchemy URL by ``--db`` or ``HINGECOACH_DB``
(PostgreSQL through psycopg). :class:`~hingecoach.store.sets.SetStore` is the API.
"""
