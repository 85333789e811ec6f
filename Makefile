# hingecoach developer tasks. `make setup` is idempotent: it re-runs only when pyproject.toml,
# the set-up scripts or requirements/constraints.txt change (or .venv/ is deleted).
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.setup-stamp
SETUP_INPUTS := pyproject.toml scripts/setup.sh scripts/install_pose_models.sh \
	scripts/project_requirements.py \
	scripts/install_tasks_model.sh scripts/npm_fetch.sh \
	$(wildcard requirements/constraints.txt)
# Only the folders that exist (git does not keep empty ones): ruff fails on a missing path.
LINT_PATHS := $(wildcard src tests benchmarks)

# Extra arguments, e.g. make test PYTEST_ARGS='tests/unit/test_reps.py -k count'
PYTEST_ARGS ?=
DEMO_ARGS ?=
BENCH_ARGS ?=

.PHONY: help setup demo test bench lint lock

help:
	@echo "make setup   create .venv, install mediapipe, the project [dev] and the pose models"
	@echo "make demo    run 'hingecoach demo'"
	@echo "make test    ruff check, mypy, then pytest -q   (PYTEST_ARGS='...' to pass arguments)"
	@echo "make bench   run python -m benchmarks.run (BENCH_ARGS='...')"
	@echo "make lint    ruff check and mypy (src; settings in pyproject.toml)"
	@echo "make lock    rewrite requirements/constraints.txt from the current .venv"

setup: $(STAMP)
	@echo "setup: $(VENV) is up to date"

$(STAMP): $(SETUP_INPUTS)
	bash scripts/setup.sh
	@touch $@

demo: setup
	$(VENV)/bin/hingecoach demo $(DEMO_ARGS)

# pytest's exit code is passed through untouched: 5 (no tests collected) fails the target.
test: setup
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(PY) -m mypy
	$(PY) -m pytest -q $(PYTEST_ARGS)

bench: setup
	$(PY) -m benchmarks.run $(BENCH_ARGS)

lint: setup
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(PY) -m mypy

# Pin what the current venv has, so the next fresh `make setup` installs the same versions.
# Run it from a venv made by a fresh `make setup` so that nothing installed by hand gets pinned.
lock: setup
	@mkdir -p requirements
	@{ echo "# Versions installed by 'make setup' (pip constraints). Regenerate with 'make lock'."; \
	   echo "# Generated $$(date -u +%Y-%m-%d) with $$($(PY) -V 2>&1)."; \
	   $(PY) -m pip freeze --exclude-editable | LC_ALL=C sort -f; } > requirements/constraints.txt.new
	@mv requirements/constraints.txt.new requirements/constraints.txt
	@echo "wrote requirements/constraints.txt ($$(grep -vc '^#' requirements/constraints.txt) pins)"
