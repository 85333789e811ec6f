"""The CLI starts without the database layer; commands that open the store still load it."""

import subprocess
import sys

from hingecoach.store import db, defaults, sets

_HELP_THEN_MODULES = (
    "import sys\n"
    "sys.argv = ['hingecoach', '--help']\n"
    "from hingecoach.cli.app import main\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as done:\n"
    "    assert not done.code, done.code\n"
    "print(sorted(m for m in ('sqlalchemy', 'alembic') if m in sys.modules), file=sys.stderr)\n"
)


def test_help_does_not_import_sqlalchemy_or_alembic():
    # About 0.7 s of CPU on every command, --help included, before they were imported lazily.
    done = subprocess.run(
        [sys.executable, "-c", _HELP_THEN_MODULES],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "today" in done.stdout and "--db" not in done.stdout  # the command list
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_the_store_modules_share_the_light_names(monkeypatch):
    assert db.DB_ENV == defaults.DB_ENV == "HINGECOACH_DB"
    assert sets.default_profile is defaults.default_profile
    monkeypatch.setenv(sets.PROFILE_ENV, "ana")
    assert sets.default_profile() == "ana"
    monkeypatch.delenv(sets.PROFILE_ENV)
    assert sets.default_profile() == defaults.DEFAULT_PROFILE == "default"
