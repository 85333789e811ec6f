# Shared by scripts/install_pose_models.sh and scripts/install_tasks_model.sh (sourced, not
# run): messages, a SHA-256 through the venv's Python, and `npm pack` with retries.
# The sourcing script sets VPY (the venv's python) before calling sha256.

log() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

sha256() {
    "$VPY" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$1"
}

# npm_pack SPEC DIR: fetch the package tarball of SPEC into DIR (no node_modules, no install
# scripts run; three tries, since the registry sometimes drops a request) and print its path.
npm_pack() {
    local spec="$1" dir="$2" attempt
    command -v npm >/dev/null 2>&1 || die "npm is needed to fetch $spec (apt-get install -y npm, or install Node.js)"
    for attempt in 1 2 3; do
        if (cd "$dir" && npm pack --silent --ignore-scripts --no-update-notifier --no-fund --no-audit "$spec" >/dev/null); then
            local tarball=("$dir"/*.tgz)
            [[ -f "${tarball[0]}" ]] || die "npm pack produced no tarball"
            printf '%s\n' "${tarball[0]}"
            return 0
        fi
        printf 'WARNING: npm pack failed (attempt %s of 3)\n' "$attempt" >&2
        sleep $((attempt * 5))
    done
    die "npm pack $spec failed"
}
