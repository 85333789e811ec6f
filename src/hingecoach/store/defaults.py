"""Where the store is and whose program it is, without loading the database layer.

The CLI builds every command's options (``--db``, ``--profile``) at start, also for
``hingecoach --help``; SQLAlchemy and Alembic cost about a second of CPU to import, so
these names live apart from :mod:`hingecoach.store.db` and :mod:`hingecoach.store.sets`
(which re-export them) and the database is imported only by commands that open it.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

#: The environment variable holding the database URL (``--db`` wins over it).
DB_ENV = "HINGECOACH_DB"
#: The environment variable naming whose program it is (``--profile`` wins over it).
PROFILE_ENV = "HINGECOACH_PROFILE"
DEFAULT_PROFILE = "default"


def utc_now() -> datetime:
    """Now, as naive UTC (how every time is stored)."""
    return datetime.now(UTC).replace(tzinfo=None)


def default_profile() -> str:
    """``$HINGECOACH_PROFILE`` or ``default``."""
    return os.environ.get(PROFILE_ENV) or DEFAULT_PROFILE
