"""Shared pytest configuration: fixture modules live in tests/fixtures and load here."""

pytest_plugins = [
    "tests.fixtures.synthetic",
    "tests.fixtures.demo",
    "tests.fixtures.postgres",
    "tests.fixtures.worktree_guard",
]
