"""Packaging: one version source, optional extras named in one sentence when missing."""

import importlib.util
import tomllib
from pathlib import Path

import pytest

import hingecoach
from hingecoach.cli import extras
from hingecoach.cli.extras import MissingExtraError, require_extra
from tests.fixtures.cli import run_hingecoach

ROOT = Path(__file__).resolve().parents[2]


def test_version_has_one_source_and_the_cli_prints_it():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" in project["dynamic"] and "version" not in project
    result = run_hingecoach("--version", timeout=60)
    assert result.returncode == 0
    assert result.stdout.strip() == f"hingecoach {hingecoach.__version__}"


def test_the_licence_file_matches_the_declared_licence():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "Apache-2.0"
    assert "Apache License" in (ROOT / "LICENSE").read_text()
    assert "Version 2.0" in (ROOT / "LICENSE").read_text()


def test_every_extra_module_is_declared_in_its_extra():
    optional = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    assert set(extras.EXTRA_MODULES) <= set(optional)
    assert optional["all"] == ["hingecoach[report,web,scale]"]


def test_a_missing_extra_is_one_sentence_naming_the_install(monkeypatch: pytest.MonkeyPatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: None if name == "plotly" else real(name)
    )
    with pytest.raises(MissingExtraError, match=r"pip install 'hingecoach\[report\]'") as caught:
        require_extra("report", "A report")
    assert str(caught.value).count(". ") == 0 and "plotly" in str(caught.value)
