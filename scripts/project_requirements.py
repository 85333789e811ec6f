"""Print the project's requirements from pyproject.toml, one a line, for `pip install`.

Used by scripts/setup.sh: `make setup` installs mediapipe with --no-deps (its declared
dependencies pull jax, jaxlib and a second OpenCV wheel), so it cannot let pip resolve the
project's own mediapipe requirement. It installs these lines instead (markers kept: pip
evaluates them), then the project itself with --no-deps.

Usage: python scripts/project_requirements.py [--extras all,dev] [--exclude mediapipe]
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    """The normalised distribution name at the start of a requirement string."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    if match is None:
        raise ValueError(f"not a requirement: {requirement!r}")
    return re.sub(r"[-_.]+", "-", match.group(1)).lower()


def project_requirements(project: dict, extras: list[str], exclude: set[str]) -> list[str]:
    """The base dependencies plus those of ``extras``, self-references expanded."""
    name = _name(project["name"])
    optional = project.get("optional-dependencies", {})
    out: list[str] = []
    pending = list(project.get("dependencies", []))
    seen_extras: set[str] = set()
    todo = list(extras)
    while todo:
        extra = todo.pop()
        if extra in seen_extras:
            continue
        if extra not in optional:
            raise SystemExit(f"unknown extra {extra!r}; pyproject.toml has {sorted(optional)}")
        seen_extras.add(extra)
        for requirement in optional[extra]:
            if _name(requirement) == name:  # e.g. "hingecoach[report,web,scale]"
                inner = re.search(r"\[([^\]]*)\]", requirement)
                todo.extend(e.strip() for e in (inner.group(1) if inner else "").split(","))
            else:
                pending.append(requirement)
    for requirement in pending:
        if _name(requirement) not in exclude and requirement not in out:
            out.append(requirement)
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the requirements asked for by the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extras", default="", help="comma-separated extras")
    parser.add_argument("--exclude", action="append", default=[], help="a distribution name")
    args = parser.parse_args(argv)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = [e.strip() for e in args.extras.split(",") if e.strip()]
    exclude = {_name(e) for e in args.exclude}
    print("\n".join(project_requirements(project, extras, exclude)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
