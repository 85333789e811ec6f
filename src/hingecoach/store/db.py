"""Open a database: pick the URL, set SQLite up for durability, migrate to the newest revision."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from hingecoach.errors import HingecoachError
from hingecoach.store.defaults import DB_ENV

#: How long a write waits for another process's lock before giving up (seconds): long
#: enough for a concurrent set save, short enough that a stuck lock gets an answer.
BUSY_TIMEOUT_S = 5.0
HEAD = "head"


class StoreError(HingecoachError):
    """The database cannot be opened, read or written (one sentence, exit 2)."""


def default_db_url(data_root: Path | None = None) -> str:
    """``$HINGECOACH_DB``, else SQLite ``hingecoach.db`` in ``data_root`` or the user data dir."""
    override = os.environ.get(DB_ENV)
    if override:
        return override
    if data_root is None:
        from platformdirs import user_data_dir

        data_root = Path(user_data_dir("hingecoach", appauthor=False))
    return f"sqlite:///{data_root / 'hingecoach.db'}"


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: readers never block the writer and a killed writer leaves the file consistent;
    # synchronous=NORMAL is crash-safe for the application in WAL (only power loss can lose
    # the last commits, never corrupt).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_db_engine(url: str) -> Engine:
    """An engine for ``url`` (SQLite: parent folder created, WAL, foreign keys, busy timeout)."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_S})
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ValueError) as error:
        raise StoreError(
            f"{describe(url)!r} is not a database URL hingecoach can use ({error}); "
            "try sqlite:///path/to/file.db or postgresql://user@host/dbname."
        ) from None
    except OSError as error:
        raise StoreError(f"Cannot create the database folder: {error.strerror}.") from None


def alembic_config(connection) -> Config:
    """Alembic's configuration, pointing at the migrations inside this package."""
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("hingecoach.store") / "migrations")
    )
    config.attributes["connection"] = connection
    return config


#: Alembic runs a migration through process-wide state (``alembic.context`` is a module
#: proxy), so two threads migrating at once (a web request opening the store while a live
#: set is saved) break each other's run; one migration at a time in this process.
_MIGRATION_LOCK = threading.Lock()


def migrate(engine: Engine, revision: str = HEAD) -> None:
    """Upgrade the database to ``revision`` (newest by default)."""
    with _MIGRATION_LOCK, engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at (None when empty)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


@contextmanager
def store_errors(url: str) -> Iterator[None]:
    """Turn database errors into one :class:`StoreError` sentence."""
    try:
        yield
    except DBAPIError as error:
        text = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        if "locked" in text or "busy" in text:
            raise StoreError(
                f"The database {describe(url)} is locked by another program; close the other "
                "hingecoach window or command and try again."
            ) from None
        raise StoreError(f"The database {describe(url)} cannot be used: {text}.") from None
    except SQLAlchemyError as error:
        raise StoreError(f"The database {describe(url)} cannot be used: {error}.") from None


def open_engine(url: str | None = None) -> Engine:
    """Create the engine and migrate it to the newest revision."""
    url = url or default_db_url()
    engine = create_db_engine(url)
    with store_errors(url):
        migrate(engine)
    return engine
