#!/usr/bin/env bash
# start.sh — the one start command: install what is missing, build Release, start Sandpiper.
#
#   ./scripts/start.sh [ARGS...]
#
# Builds build-release/ (CMAKE_BUILD_TYPE=Release), then:
#   - if the binary has a `serve` subcommand: exec `sandpiper serve ARGS...` (the service);
#   - otherwise: runs the example program tests/examples/hello.py (ARGS are ignored).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$ROOT"
bash "$ROOT/scripts/install-deps.sh" build
bash "$ROOT/scripts/build.sh" --release --dir build-release

BIN="$ROOT/build-release/server/sandpiper"
if [ ! -x "$BIN" ]; then
    echo "start.sh: $BIN was not built" >&2
    exit 1
fi

has_serve() {
    # A subcommand is listed in the usage text as an indented line starting with its name.
    local help
    help=$("$BIN" --help 2>&1) || true
    grep -qE '^[[:space:]]+serve([[:space:]]|$)' <<<"$help"
}

if has_serve; then
    echo "start.sh: starting $BIN serve $*"
    exec "$BIN" serve "$@"
fi
echo "start.sh: this build has no 'serve' yet; running tests/examples/hello.py"
exec "$BIN" run tests/examples/hello.py
