#!/usr/bin/env bash
# Reproducible set-up of hingecoach's development environment (called by `make setup`).
#
#   1. Debian packages needed by the tests (ffmpeg, chromium, poppler-utils, postgresql), only
#      when missing and only as root.
#   2. .venv/ with Python 3.11 (3.12 accepted), pip upgraded.
#   3. mediapipe==0.10.21 with --no-deps (its declared deps pull jax, jaxlib, sentencepiece,
#      sounddevice and opencv-contrib-python, a second OpenCV that clashes with
#      opencv-python-headless), then the requirements of '.[all,dev]' but mediapipe
#      (scripts/project_requirements.py) and the project itself with --no-deps (-e).
#      requirements/constraints.txt, when present, pins every version (see `make lock`).
#   4. The lite and heavy pose landmark models from npm @mediapipe/pose (scripts/install_pose_models.sh).
#   5. Checks: no jax / opencv-contrib-python, no unexpected dependency conflicts, and
#      mp.solutions.pose.Pose builds for model_complexity 0, 1 and 2 (offline).
#
# Safe to re-run: every step skips or is a no-op when its work is already done.
# Environment knobs: PYTHON (interpreter to build the venv from), VENV (default .venv),
# HINGECOACH_SKIP_APT=1 (never touch apt), HINGECOACH_NO_LOCK=1 (ignore the constraints file).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VENV="${VENV:-$ROOT/.venv}"
MEDIAPIPE_VERSION="0.10.21"
LOCK="$ROOT/requirements/constraints.txt"
# "command:debian-package" pairs; a package is installed only when its command is missing.
# chromium also prints `hingecoach share`'s PDF; poppler-utils' pdftoppm/pdftotext check it.
# postgresql: the storage tests also run against a real PostgreSQL server they start themselves.
APT_NEEDS=("ffmpeg:ffmpeg" "chromium:chromium" "pdftoppm:poppler-utils" "pg_ctlcluster:postgresql")

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PIP_PROGRESS_BAR=off
export DEBIAN_FRONTEND=noninteractive

log() { printf '==> %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# retry N cmd...: for network steps that can fail transiently.
retry() {
    local n="$1" i=1
    shift
    until "$@"; do
        if ((i >= n)); then
            return 1
        fi
        warn "attempt $i of $n failed: $*; retrying in $((i * 5)) s"
        sleep $((i * 5))
        i=$((i + 1))
    done
}

install_system_packages() {
    local missing=() pair
    for pair in "${APT_NEEDS[@]}"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
    done
    if ((${#missing[@]} == 0)); then
        log "system packages: ffmpeg, chromium, poppler-utils and postgresql already present"
        return 0
    fi
    if [[ "${HINGECOACH_SKIP_APT:-0}" == 1 ]]; then
        warn "HINGECOACH_SKIP_APT=1: not installing ${missing[*]}; tests that need them will fail or skip"
        return 0
    fi
    if [[ "$(id -u)" -ne 0 ]]; then
        warn "not root: skipping apt. Install these yourself: sudo apt-get install -y ${missing[*]}"
        return 0
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        warn "no apt-get on this machine: install ${missing[*]} with your package manager"
        return 0
    fi
    log "apt-get update"
    retry 3 apt-get update -q
    log "apt-get install -y ${missing[*]}"
    retry 3 apt-get install -y -q "${missing[@]}"
}

# The first interpreter that is CPython 3.11 or 3.12 (mediapipe 0.10.21 has wheels for both).
pick_python() {
    local cand
    for cand in ${PYTHON:-} python3 python3.11 python3.12; do
        if command -v "$cand" >/dev/null 2>&1 &&
            "$cand" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 13) else 1)' 2>/dev/null; then
            command -v "$cand"
            return 0
        fi
    done
    return 1
}

venv_ok() {
    [[ -x "$VENV/bin/python" ]] &&
        "$VENV/bin/python" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 13) else 1)' 2>/dev/null &&
        "$VENV/bin/python" -m pip --version >/dev/null 2>&1
}

make_venv() {
    if venv_ok; then
        log "venv: reusing $VENV ($("$VENV/bin/python" -V 2>&1))"
        return 0
    fi
    local py
    py="$(pick_python)" || die "need Python 3.11 (or 3.12) as python3; found: $(python3 -V 2>&1 || echo none)"
    if [[ -e "$VENV" ]]; then
        warn "$VENV exists but is not a usable Python 3.11/3.12 venv: recreating it"
        "$py" -m venv --clear "$VENV"
    else
        log "venv: creating $VENV with $py ($("$py" -V 2>&1))"
        "$py" -m venv "$VENV"
    fi
}

install_python_packages() {
    local vpy="$VENV/bin/python" lock_args=()
    if [[ -f "$LOCK" && "${HINGECOACH_NO_LOCK:-0}" != 1 ]]; then
        lock_args=(-c "$LOCK")
        log "pip: versions pinned by ${LOCK#"$ROOT"/}"
    fi
    log "pip: upgrading pip"
    "$vpy" -m pip install -q --upgrade pip
    log "pip: mediapipe==$MEDIAPIPE_VERSION --no-deps"
    "$vpy" -m pip install -q --no-deps "mediapipe==$MEDIAPIPE_VERSION"
    # pyproject.toml declares mediapipe, so `pip install -e '.[all,dev]'` would resolve its
    # declared deps (jax, ...) too: install the project's own requirements instead (all but
    # mediapipe, markers kept), then the project itself with --no-deps.
    local reqs=()
    mapfile -t reqs < <("$vpy" "$ROOT/scripts/project_requirements.py" --extras all,dev --exclude mediapipe)
    ((${#reqs[@]})) || die "scripts/project_requirements.py listed no requirements"
    log "pip: the requirements of '.[all,dev]' except mediapipe"
    # --no-warn-conflicts: pip would list mediapipe's skipped deps (jax, ...) as an "ERROR";
    # check_environment below runs `pip check` and fails on any other conflict.
    if ! "$vpy" -m pip install -q --no-warn-conflicts "${lock_args[@]}" "${reqs[@]}"; then
        if ((${#lock_args[@]})); then
            die "pip install failed with the pins in ${LOCK#"$ROOT"/}. If pyproject.toml changed a version" \
                "range, refresh the pins with 'make lock' (or try HINGECOACH_NO_LOCK=1 make setup)."
        fi
        die "pip install of the project's requirements failed"
    fi
    log "pip: install --no-deps -e ."
    "$vpy" -m pip install -q --no-deps --no-warn-conflicts -e "$ROOT" || die "pip install -e . failed"
}

check_environment() {
    local vpy="$VENV/bin/python" out rc=0 bad
    log "check: no jax and no second OpenCV"
    bad="$("$vpy" -m pip list --format=freeze 2>/dev/null |
        grep -iE '^(jax|jaxlib|opencv-contrib-python|opencv-python)==' || true)"
    if [[ -n "$bad" ]]; then
        die "unwanted packages in the venv (some dependency pulled them in): $(echo "$bad" | tr '\n' ' ')"
    fi
    log "check: pip check (mediapipe's deliberately skipped deps are ignored)"
    out="$("$vpy" -m pip check 2>&1)" || true
    bad="$(printf '%s\n' "$out" |
        grep -vE '^mediapipe [0-9.]+ requires (jax|jaxlib|opencv-contrib-python|sentencepiece|sounddevice), which is not installed\.$' |
        grep -vE '^No broken requirements found\.$' | grep -v '^$' || true)"
    if [[ -n "$bad" ]]; then
        die "dependency conflicts in the venv:"$'\n'"$bad"
    fi
    log "check: MediaPipe Pose builds offline with model_complexity 0, 1 and 2"
    out="$(mktemp)"
    "$vpy" - >"$out" 2>&1 <<'PY' || rc=$?
import mediapipe as mp

for complexity in (0, 1, 2):
    pose = mp.solutions.pose.Pose(model_complexity=complexity)
    pose.close()
print("pose models ok")
PY
    if ((rc != 0)); then
        cat "$out" >&2
        rm -f "$out"
        die "MediaPipe Pose failed to start (see above)"
    fi
    rm -f "$out"
}

main() {
    local start=$SECONDS
    install_system_packages
    make_venv
    install_python_packages
    bash "$ROOT/scripts/install_pose_models.sh" "$VENV/bin/python"
    bash "$ROOT/scripts/install_tasks_model.sh" "$VENV/bin/python"
    check_environment
    log "setup done in $((SECONDS - start)) s"
}

main "$@"
